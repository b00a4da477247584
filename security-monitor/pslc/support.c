// SPDX-License-Identifier: GPL-2.0-only
/* The compilation's arena, syntax-tree helpers and diagnostics with the source line and a caret. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void *pslc_alloc(struct pslc *c, size_t size)
{
	struct arena_chunk *ch = c->chunks;

	size = (size + 15) & ~(size_t)15;
	if (!ch || ch->size - ch->used < size) {
		size_t cap = size > 65536 ? size : 65536;
		ch = malloc(sizeof(*ch) + cap);
		if (!ch) {
			fprintf(stderr, "pslc: out of memory\n");
			exit(2);
		}
		ch->used = 0;
		ch->size = cap;
		ch->next = c->chunks;
		c->chunks = ch;
	}
	void *p = (char *)ch->data + ch->used;
	ch->used += size;
	memset(p, 0, size);
	return p;
}

void pslc_arena_free(struct pslc *c)
{
	while (c->chunks) {
		struct arena_chunk *n = c->chunks->next;
		free(c->chunks);
		c->chunks = n;
	}
}

char *pslc_strdup(struct pslc *c, const char *s, size_t len)
{
	char *d = pslc_alloc(c, len + 1);
	memcpy(d, s, len);
	d[len] = 0;
	return d;
}

struct ast *ast_new(struct pslc *c, enum ast_kind kind, struct psl_loc loc)
{
	struct ast *n = pslc_alloc(c, sizeof(*n));
	n->kind = kind;
	n->loc = loc;
	return n;
}

struct ast *ast_append(struct ast *list, struct ast *item)
{
	struct ast *t = list;

	if (!list)
		return item;
	while (t->next)
		t = t->next;
	t->next = item;
	return list;
}

size_t ast_count(const struct ast *list)
{
	size_t n = 0;

	for (; list; list = list->next)
		n++;
	return n;
}

static void diag_append(struct pslc *c, const char *s, size_t n)
{
	if (c->diag_len + n + 1 > c->diag_cap) {
		size_t cap = (c->diag_cap + n + 1) * 2;
		char *d = realloc(c->diag, cap);
		if (!d)
			return;
		c->diag = d;
		c->diag_cap = cap;
	}
	memcpy(c->diag + c->diag_len, s, n);
	c->diag_len += n;
	c->diag[c->diag_len] = 0;
}

static void diag_printf(struct pslc *c, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > 0)
		diag_append(c, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void diag_fmt(struct pslc *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_printf(c, fmt, ap);
	va_end(ap);
}

/* The offending line, then a caret under the column (tabs kept so the caret lines up). */
static void show_line(struct pslc *c, struct psl_loc loc)
{
	const struct source *s;
	const char *p, *end;

	for (s = c->sources; s; s = s->next)
		if (s->path == loc.file || (loc.file && !strcmp(s->path, loc.file)))
			break;
	if (!s || loc.line < 1)
		return;
	p = s->text;
	end = s->text + s->len;
	for (int l = 1; l < loc.line && p < end; p++)
		if (*p == '\n')
			l++;
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	diag_append(c, "    ", 4);
	diag_append(c, p, (size_t)(eol - p));
	diag_append(c, "\n    ", 5);
	for (int i = 1; i < loc.col && p + i - 1 < eol; i++)
		diag_append(c, p[i - 1] == '\t' ? "\t" : " ", 1);
	diag_append(c, "^\n", 2);
}

static void report(struct pslc *c, struct psl_loc loc, const char *what, const char *fmt,
		   va_list ap)
{
	if (loc.file)
		diag_fmt(c, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, what);
	else
		diag_fmt(c, "pslc: %s: ", what);
	diag_printf(c, fmt, ap);
	diag_append(c, "\n", 1);
	show_line(c, loc);
}

void pslc_error(struct pslc *c, struct psl_loc loc, const char *fmt, ...)
{
	va_list ap;

	c->errors++;
	va_start(ap, fmt);
	report(c, loc, "error", fmt, ap);
	va_end(ap);
}

void pslc_warning(struct pslc *c, struct psl_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (c->werror)
		c->errors++;
	else
		c->warnings++;
	va_start(ap, fmt);
	report(c, loc, c->werror ? "error" : "warning", fmt, ap);
	va_end(ap);
}

void pslc_error_raw(struct pslc *c, const char *text)
{
	c->errors++;
	diag_append(c, text, strlen(text));
	if (!*text || text[strlen(text) - 1] != '\n')
		diag_append(c, "\n", 1);
}

const char *pslc_diagnostics(const struct pslc *c)
{
	return c->diag ? c->diag : "";
}

unsigned pslc_error_count(const struct pslc *c)
{
	return c->errors;
}

unsigned pslc_warning_count(const struct pslc *c)
{
	return c->warnings;
}
