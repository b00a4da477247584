// SPDX-License-Identifier: GPL-2.0-only
/*
 * Source files: reading, the search path for `use x.y._` (x/y.psl), parsing each file once and
 * refusing include cycles. Declarations of all files end up in one list, in the order met.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "parser.h"
#define YYSTYPE PSL_YYSTYPE
#define YYLTYPE PSL_YYLTYPE
#include "lexer.h"
#include "specs/specs.h"

void pslc_arena_free(struct pslc *c);
void pslc_compiled_free(struct pslc *c);

struct pslc *pslc_new(void)
{
	struct pslc *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->decls_tail = &c->decls;
	c->specs = specs_new();
	if (!c->specs) {
		free(c);
		return NULL;
	}
	return c;
}

void pslc_free(struct pslc *c)
{
	if (!c)
		return;
	pslc_compiled_free(c);
	for (struct source *s = c->sources, *n; s; s = n) {
		n = s->next;
		free(s->text);
		free(s->path);
		free(s);
	}
	for (size_t i = 0; i < c->n_include_dirs; i++)
		free(c->include_dirs[i]);
	free(c->include_dirs);
	specs_free(c->specs);
	free(c->diag);
	pslc_arena_free(c);
	free(c);
}

int pslc_add_include_dir(struct pslc *c, const char *dir)
{
	char **d = realloc(c->include_dirs, sizeof(*d) * (c->n_include_dirs + 1));

	if (!d)
		return -1;
	c->include_dirs = d;
	d[c->n_include_dirs] = strdup(dir);
	if (!d[c->n_include_dirs])
		return -1;
	c->n_include_dirs++;
	return specs_add_include_dir(c->specs, dir);
}

void pslc_set_werror(struct pslc *c, bool on)
{
	c->werror = on;
}

static struct source *add_source(struct pslc *c, const char *path, char *text, size_t len)
{
	struct source *s = calloc(1, sizeof(*s)), **tail = &c->sources;

	if (!s)
		return NULL;
	s->path = strdup(path);
	s->text = text;
	s->len = len;
	while (*tail)
		tail = &(*tail)->next;
	*tail = s;
	return s;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

int pslc_parse_source(struct pslc *c, struct source *src)
{
	struct pslc_parse p = {.c = c, .src = src, .col = 1};
	yyscan_t scanner;
	YY_BUFFER_STATE buf;
	int rc;

	if (psl_yylex_init_extra(&p, &scanner))
		return -1;
	buf = psl_yy_scan_bytes(src->text, (int)src->len, scanner);
	psl_yyset_lineno(1, scanner);
	rc = psl_yyparse(&p, scanner);
	psl_yy_delete_buffer(buf, scanner);
	psl_yylex_destroy(scanner);
	if (rc || c->errors)
		return -1;
	/* Declarations of this file first, then those of the files it uses. */
	*c->decls_tail = p.decls;
	while (*c->decls_tail)
		c->decls_tail = &(*c->decls_tail)->next;
	return 0;
}

static bool is_file(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static bool parse_tree(struct pslc *c, struct source *src, struct source **stack, int depth);

static bool process_uses(struct pslc *c, struct ast *first, size_t count, struct source **stack,
			 int depth)
{
	struct ast *d = first;

	for (size_t k = 0; k < count; k++, d = d->next) {
		if (d->kind != A_USE)
			continue;
		char rel[1024];
		size_t n = strlen(d->s);
		if (n + 5 > sizeof(rel)) {
			pslc_error(c, d->loc, "file name too long");
			return false;
		}
		for (size_t i = 0; i <= n; i++)
			rel[i] = d->s[i] == '.' ? '/' : d->s[i];
		strcat(rel, ".psl");
		char path[4096] = "";
		/* Beside the file that uses it first, then the include directories. */
		const char *slash = strrchr(d->loc.file, '/');
		if (slash)
			snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - d->loc.file),
				 d->loc.file, rel);
		else
			snprintf(path, sizeof(path), "%s", rel);
		for (size_t i = 0; !is_file(path) && i < c->n_include_dirs; i++)
			snprintf(path, sizeof(path), "%s/%s", c->include_dirs[i], rel);
		if (!is_file(path)) {
			pslc_error(c, d->loc, "cannot find '%s' (%s) in the include directories",
				   d->s, rel);
			return false;
		}
		struct source *s;
		for (s = c->sources; s; s = s->next)
			if (!strcmp(s->path, path))
				break;
		if (s && s->done)
			continue;
		if (s) {
			char chain[2048] = "";
			for (int i = 0; i < depth; i++) {
				strncat(chain, stack[i]->path, sizeof(chain) - strlen(chain) - 5);
				strcat(chain, " -> ");
			}
			strncat(chain, path, sizeof(chain) - strlen(chain) - 1);
			pslc_error(c, d->loc, "include cycle: %s", chain);
			return false;
		}
		if (depth >= 64) {
			pslc_error(c, d->loc, "files used too deeply nested");
			return false;
		}
		size_t len;
		char *text = read_file(path, &len);
		if (!text) {
			pslc_error(c, d->loc, "cannot read '%s'", path);
			return false;
		}
		s = add_source(c, path, text, len);
		if (!s || !parse_tree(c, s, stack, depth))
			return false;
	}
	return true;
}

static bool parse_tree(struct pslc *c, struct source *src, struct source **stack, int depth)
{
	struct ast **before = c->decls_tail;

	stack[depth] = src;
	if (pslc_parse_source(c, src))
		return false;
	struct ast *mine = *before;
	if (!process_uses(c, mine, ast_count(mine), stack, depth + 1))
		return false;
	src->done = true;
	return true;
}

bool pslc_parse_text(struct pslc *c, const char *name, const char *text, size_t len)
{
	struct source *stack[65];
	char *copy = malloc(len + 1);
	struct source *s;

	if (!copy)
		return false;
	memcpy(copy, text, len);
	copy[len] = 0;
	s = add_source(c, name, copy, len);
	if (!s) {
		free(copy);
		return false;
	}
	return parse_tree(c, s, stack, 0) && !c->errors;
}

bool pslc_parse_file(struct pslc *c, const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	struct source *stack[65];
	struct source *s;

	if (!text) {
		struct psl_loc none = {0};
		pslc_error(c, none, "cannot read '%s'", path);
		return false;
	}
	s = add_source(c, path, text, len);
	if (!s) {
		free(text);
		return false;
	}
	return parse_tree(c, s, stack, 0) && !c->errors;
}
