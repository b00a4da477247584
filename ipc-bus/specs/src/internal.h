/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the front end: the memory pool, the parse tree the grammar builds (names still
 * unresolved, sizes still expressions) and the loader state. Not for users of the library.
 */
#ifndef SPECS_INTERNAL_H
#define SPECS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <specs/specs.h>

/* ---- pool: everything the library returns is carved from it and freed at once ---- */

struct pool;
struct pool *pool_new(void);
void pool_free(struct pool *p);
/* Zeroed memory; never NULL (out of memory ends the program: these are host tools). */
void *pool_alloc(struct pool *p, size_t size);
char *pool_strdup(struct pool *p, const char *s);
char *pool_printf(struct pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- parse tree ---- */

enum ast_expr_kind { E_INT, E_NAME, E_NEG, E_NOT, E_PLUS, E_BIN };

struct ast_expr {
	enum ast_expr_kind kind;
	int op; /* E_BIN: '+', '-', '*', '/', '%', TOK_POW, TOK_SHL, TOK_SHR */
	uint64_t value;
	const char *name;
	struct ast_expr *a, *b;
	struct spec_loc loc;
};

enum ast_type_kind { A_NAMED, A_STRING, A_BYTES, A_ARRAY, A_SEQUENCE };

struct ast_type {
	enum ast_type_kind kind;
	const char *name; /* A_NAMED */
	struct ast_type *elem;
	struct ast_expr *bound;
	struct spec_loc loc;
};

struct ast_field {
	const char *name;
	struct ast_type *type;
	struct spec_loc loc;
	struct ast_field *next;
};

enum ast_decl_kind { D_TYPEDEF, D_STRUCT, D_UNION, D_CONST };

struct ast_decl {
	enum ast_decl_kind kind;
	const char *name;
	struct ast_type *type;	  /* typedef target, const type */
	struct ast_field *fields; /* struct, union */
	struct ast_expr *value;	  /* const */
	struct spec_loc loc;
	struct ast_decl *next;
};

struct ast_param {
	enum spec_dir dir;
	const char *name;
	struct ast_type *type;
	struct spec_loc loc;
	struct ast_param *next;
};

struct ast_method {
	const char *name;
	struct ast_param *params;
	struct spec_loc loc;
	struct ast_method *next;
};

enum ast_member_kind { M_ENDPOINT, M_INSTANCE, M_SECURITY };

struct ast_member {
	enum ast_member_kind kind;
	const char *name; /* NULL for M_SECURITY */
	const char *ref;  /* interface or component name */
	struct spec_loc loc, ref_loc;
	struct ast_member *next;
};

struct ast_name {
	const char *name;
	struct spec_loc loc;
	struct ast_name *next;
};

enum ast_file_kind { F_EDL, F_CDL, F_IDL };

struct ast_file {
	enum ast_file_kind kind;
	const char *name;
	struct spec_loc loc, name_loc;
	struct ast_member *members; /* EDL, CDL */
	struct ast_name *imports;   /* IDL */
	struct ast_decl *decls;
	bool has_iface;
	struct spec_loc iface_loc;
	struct ast_method *methods;
};

/* ---- parsing one buffer ---- */

struct parse_ctx {
	struct pool *pool;
	const char *file;
	const char *text; /* the whole input, for the caret line */
	size_t len;
	int line, column;
	int comment_line, comment_column;
	struct ast_file *out;
	char *error; /* first error, formatted (pool memory) */
};

/*
 * Parses text (len bytes, need not be NUL-terminated) as a specification. Returns the tree,
 * or NULL with *error set to a formatted message (pool memory).
 */
struct ast_file *specs_parse_buffer(struct pool *pool, const char *file, const char *text,
				    size_t len, char **error);

/* Records the first error at line:column of the current input. */
void parse_error_at(struct parse_ctx *c, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Digits in base (no prefix) into *out; an error at line:column if it does not fit 64 bits. */
int parse_number(struct parse_ctx *c, const char *digits, unsigned int base, int line, int column,
		 uint64_t *out);

/* "file:line:col: msg\n    source line\n    ^" for a place in text (text may be NULL). */
char *format_located(struct pool *pool, const char *file, const char *text, size_t len,
		     unsigned int line, unsigned int column, const char *fmt, va_list ap);

#endif
