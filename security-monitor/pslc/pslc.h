/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pslc, the PSL compiler: parse a policy and the files it uses, check it against the EDL/CDL/
 * IDL specifications (libspecs), compile it into a policy image, run its assert suites.
 */
#ifndef PSLC_PSLC_H
#define PSLC_PSLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"

struct pslc;

struct pslc *pslc_new(void);
void pslc_free(struct pslc *c);
/* Search path for `use x.y._` (x/y.psl) and, through libspecs, for `use EDL`. */
int pslc_add_include_dir(struct pslc *c, const char *dir);
/* Warnings go to the diagnostics too; errors make every later step fail. */
void pslc_set_werror(struct pslc *c, bool on);

/* Parses the root file (and everything it uses). false on any error. */
bool pslc_parse_file(struct pslc *c, const char *path);
/* Same for text in memory, named `name` in messages (tests, the fuzzer). */
bool pslc_parse_text(struct pslc *c, const char *name, const char *text, size_t len);

/* Semantic checks and code generation. The image is owned by c. */
bool pslc_compile(struct pslc *c, const uint8_t **image, size_t *size);
/* Audit metadata for a decoder of audit records (text, one fact a line). */
bool pslc_write_audit_meta(struct pslc *c, FILE *out);
/* Runs every assert suite with the engine on the compiled image; prints results to out. */
bool pslc_run_tests(struct pslc *c, FILE *out, unsigned *passed, unsigned *failed);

/* All diagnostics so far, "file:line:col: error: ..." with the source line and a caret. */
const char *pslc_diagnostics(const struct pslc *c);
unsigned pslc_error_count(const struct pslc *c);
unsigned pslc_warning_count(const struct pslc *c);

/* Prints a readable listing of a policy image (pslc --dump). false if it does not load. */
bool pslc_dump_image(const void *image, size_t size, FILE *out);

#endif
