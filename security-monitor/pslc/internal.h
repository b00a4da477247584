/* SPDX-License-Identifier: GPL-2.0-only */
/* What pslc's files share: the compilation context, the arena, diagnostics, the parser. */
#ifndef PSLC_INTERNAL_H
#define PSLC_INTERNAL_H

#include <stdarg.h>

#include "pslc.h"

struct specs;

struct source {
	char *path;
	char *text;
	size_t len;
	bool done; /* fully parsed: a second `use` of it is a no-op */
	struct source *next;
};

struct pslc {
	struct arena_chunk *chunks;
	char **include_dirs;
	size_t n_include_dirs;
	struct source *sources;
	struct ast *decls, **decls_tail; /* every declaration of every file, in order */
	char *diag;
	size_t diag_len, diag_cap;
	unsigned errors, warnings;
	bool werror;
	struct specs *specs;
	/* results of compile */
	uint8_t *image;
	size_t image_size;
	struct compiled *comp;
};

void *pslc_alloc(struct pslc *c, size_t size);
char *pslc_strdup(struct pslc *c, const char *s, size_t len);
struct ast *ast_new(struct pslc *c, enum ast_kind kind, struct psl_loc loc);
struct ast *ast_append(struct ast *list, struct ast *item);
size_t ast_count(const struct ast *list);

void pslc_error(struct pslc *c, struct psl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pslc_warning(struct pslc *c, struct psl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A message that already carries its place (libspecs formats its own). */
void pslc_error_raw(struct pslc *c, const char *text);

/* The parser's state for one file (parser.y, lexer.l). */
struct pslc_parse {
	struct pslc *c;
	struct source *src;
	void *scanner;
	struct ast *decls;
	int col;		       /* column of the next character */
	int comment_line, comment_col; /* where an open block comment started */
};
int pslc_parse_source(struct pslc *c, struct source *src);

#endif
