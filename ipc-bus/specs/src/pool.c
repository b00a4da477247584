// SPDX-License-Identifier: GPL-2.0-only
/*
 * One pool per loader: the model is a web of pointers with no single owner, so it is freed
 * all at once. Blocks are chained; a large request gets a block of its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define POOL_BLOCK (64 * 1024)

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct pool {
	struct block *head;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fputs("specs: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

struct pool *pool_new(void)
{
	struct pool *p = xmalloc(sizeof(*p));

	p->head = NULL;
	return p;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	while (p->head) {
		struct block *b = p->head;

		p->head = b->next;
		free(b);
	}
	free(p);
}

void *pool_alloc(struct pool *p, size_t size)
{
	struct block *b = p->head;
	void *out;

	size = (size + 15) & ~(size_t)15;
	if (!b || b->size - b->used < size) {
		size_t cap = size > POOL_BLOCK ? size : POOL_BLOCK;

		b = xmalloc(sizeof(*b) + cap);
		b->size = cap;
		b->used = 0;
		/* A big private block goes behind the current one so its free space is kept. */
		if (p->head && cap == size) {
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
		}
	}
	out = b->data + b->used;
	b->used += size;
	memset(out, 0, size);
	return out;
}

char *pool_strdup(struct pool *p, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(pool_alloc(p, n), s, n);
}

char *pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *out;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	out = pool_alloc(p, (size_t)n + 1);
	vsnprintf(out, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return out;
}
