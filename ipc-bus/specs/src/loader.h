/* SPDX-License-Identifier: GPL-2.0-only */
/* Loader state shared by loader.c and resolve_idl.c. */
#ifndef SPECS_LOADER_H
#define SPECS_LOADER_H

#include "internal.h"

struct spec_file {
	const char *path;
	const char *real; /* canonical path, NULL for buffers */
	const char *text;
	size_t len;
	struct ast_file *ast; /* NULL once resolution failed */
	bool loading, done, failed;
	const char *failed_msg;
	struct spec_component *unit;  /* EDL, CDL */
	struct spec_package *package; /* IDL */
	struct spec_file *next;
};

struct specs {
	struct pool *pool;
	const char **dirs;
	size_t ndirs;
	struct spec_file *files;
	const char *error;
};

/* Set the error (plain, or located with the source line) and return -1. */
int specs_fail(struct specs *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int specs_fail_at(struct specs *s, struct spec_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Loads `name` of `kind` through the search path; `from` locates a "not found" error. */
struct spec_file *specs_load_name(struct specs *s, const char *name, enum ast_file_kind kind,
				  const struct spec_loc *from);

int resolve_unit(struct specs *s, struct spec_file *f);
int resolve_package(struct specs *s, struct spec_file *f);

#endif
