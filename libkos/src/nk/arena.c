// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arena helpers (init, reset, used and capacity are inline in nk/arena.h). Freestanding (no
 * allocation, only <string.h>), so the same file serves partitions and host tests. Every
 * length is checked before it is used in pointer arithmetic.
 */
#include <string.h>

#include <nk/arena.h>

void *nk_arena_alloc(struct nk_arena *a, nk_ptr_t *chunk, size_t size)
{
	size_t used = nk_arena_used(a);
	size_t at = (used + BH_MSG_ARENA_ALIGN - 1) & ~(size_t)(BH_MSG_ARENA_ALIGN - 1);
	size_t cap = nk_arena_capacity(a);
	char *p;

	if (!a || at < used || at > cap || size > cap - at || at + size > BH_MSG_ARENA_MAX)
		return NULL;
	p = a->start + at;
	memset(a->current, 0, (size_t)(p - a->current) + size);
	a->current = p + size;
	chunk->offset = (nk_uint32_t)at;
	chunk->size = (nk_uint32_t)size;
	return p;
}

nk_err_t nk_arena_store(struct nk_arena *a, nk_ptr_t *chunk, const void *data, size_t size)
{
	void *p = nk_arena_alloc(a, chunk, size);

	if (!p)
		return NK_ENOMEM;
	if (size)
		memcpy(p, data, size);
	return NK_EOK;
}

nk_err_t nk_arena_store_string(struct nk_arena *a, nk_ptr_t *chunk, const char *s, size_t max_len)
{
	size_t n = strlen(s);

	if (n > max_len)
		return NK_ENOMEM;
	return nk_arena_store(a, chunk, s, n + 1);
}

const void *nk_arena_get(const struct nk_arena *a, const nk_ptr_t *chunk, size_t *size)
{
	size_t used = nk_arena_used(a);

	if (size)
		*size = 0;
	if (!a || !chunk->size || chunk->offset > used || chunk->size > used - chunk->offset)
		return NULL;
	if (size)
		*size = chunk->size;
	return a->start + chunk->offset;
}

const char *nk_arena_get_string(const struct nk_arena *a, const nk_ptr_t *chunk)
{
	size_t size;
	const char *s = nk_arena_get(a, chunk, &size);

	if (!s || memchr(s, '\0', size) != s + size - 1)
		return NULL;
	return s;
}

const void *nk_arena_get_array(const struct nk_arena *a, const nk_ptr_t *chunk, size_t elem_size,
			       size_t *count)
{
	size_t size;
	const void *p;

	*count = 0;
	if (!chunk->size)
		return NULL;
	p = nk_arena_get(a, chunk, &size);
	if (!p || !elem_size || size % elem_size)
		return NULL;
	*count = size / elem_size;
	return p;
}
