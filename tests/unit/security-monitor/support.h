/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the security-monitor tests: compile PSL text against the test specifications
 * (tests/unit/security-monitor/specs) and the standard library, load the image into an engine,
 * build messages and send events.
 */
#ifndef TESTS_PSL_SUPPORT_H
#define TESTS_PSL_SUPPORT_H

#include <criterion/criterion.h>

#include "psl/engine.h"
#include "pslc.h"

/* The lines most test policies start with (7 lines). */
#define PT_PRELUDE                                                                                 \
	"execute: kl.core.Execute\n"                                                               \
	"use nk.base._\n"                                                                          \
	"use nk.basic._\n"                                                                         \
	"use EDL kl.core.Core\n"                                                                   \
	"use EDL Einit\n"                                                                          \
	"use EDL demo.Client\n"                                                                    \
	"use EDL demo.Server\n"

#define PT_SIDS 64

struct pt {
	struct pslc *c;
	const uint8_t *image;
	size_t size;
	struct psl_image img;
	struct psl_engine eng;
	void *mem;
	struct psl_arena arena;
	uint8_t arena_buf[1 << 16];
	uint32_t client, server; /* class ids */
};

struct pslc *pt_new_compiler(void);
/* Compiles text (named "test.psl") or fails the test with the diagnostics. */
struct pt *pt_compile(const char *text);
struct pt *pt_compile_file(const char *path);
/* A file whose classes are in dir (instead of the test specifications). */
struct pt *pt_compile_file_with(const char *path, const char *dir);
void pt_free(struct pt *t);
/* Compiles text that must fail; returns the diagnostics (static buffer). */
const char *pt_errors(const char *text);

/* A dictionary from (key, struct psl_value) pairs, NULL-terminated. */
struct psl_value *pt_dict(struct pt *t, ...);
struct psl_value pt_list_int(struct pt *t, unsigned n, const int64_t *v);

/* Events. Client SID 1, server SID 2 unless given. */
enum psl_status pt_request(struct pt *t, const char *endpoint, const char *method,
			   const struct psl_value *msg);
enum psl_status pt_request_from(struct pt *t, uint32_t src_sid, const char *endpoint,
				const char *method, const struct psl_value *msg);
enum psl_status pt_event(struct pt *t, uint32_t kind, uint32_t src_sid, uint32_t src_class,
			 uint32_t dst_sid, uint32_t dst_class, const char *endpoint,
			 const char *method, const struct psl_value *msg);
/* riid and mid of endpoint.method in class cls (cr_assert that they exist). */
void pt_target(struct pt *t, uint32_t cls, const char *endpoint, const char *method, uint32_t *riid,
	       uint32_t *mid);

#endif
