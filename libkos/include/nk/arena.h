/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arenas (KasperskyOS `nk/arena.h`): the buffer that carries a message's variable-size data.
 * An arena is three pointers: start of the buffer, start of the unused space, end. Storing
 * data returns a chunk descriptor (offset, size from the start) to put in the constant part;
 * reading takes a descriptor and checks it against the arena before returning a pointer.
 * Allocations are 8-byte aligned, so any element type can be read in place.
 */
#ifndef NK_ARENA_H
#define NK_ARENA_H

#include <nk/types.h>

struct nk_arena {
	char *start;
	char *current;
	char *end;
};

#define NK_ARENA_INITIALIZER(buf, size)                                                            \
	{                                                                                          \
		(char *)(buf), (char *)(buf), (char *)(buf) + (size)                               \
	}

/* buf should be 8-byte aligned (BH_MSG_ARENA_ALIGN). */
static inline void nk_arena_init(struct nk_arena *a, void *buf, size_t size)
{
	a->start = buf;
	a->current = buf;
	a->end = (char *)buf + size;
}

/* Forgets everything stored; the buffer is reused. */
static inline void nk_arena_reset(struct nk_arena *a)
{
	a->current = a->start;
}

/* Bytes in use (what travels in the message); 0 for no arena (NULL). Inline, like the three
 * above: the transport and the generated code use them on every message. */
static inline size_t nk_arena_used(const struct nk_arena *a)
{
	return a ? (size_t)(a->current - a->start) : 0;
}

static inline size_t nk_arena_capacity(const struct nk_arena *a)
{
	return a ? (size_t)(a->end - a->start) : 0;
}

/*
 * Reserves size bytes (zeroed) and describes them in *chunk. Returns the space, or NULL when
 * the arena is full (then nothing changes).
 */
void *nk_arena_alloc(struct nk_arena *a, nk_ptr_t *chunk, size_t size);
/* Copies size bytes in; NK_EOK or NK_ENOMEM. */
nk_err_t nk_arena_store(struct nk_arena *a, nk_ptr_t *chunk, const void *data, size_t size);
/* Stores s with its NUL. NK_ENOMEM also when strlen(s) > max_len (the IDL string<N>). */
nk_err_t nk_arena_store_string(struct nk_arena *a, nk_ptr_t *chunk, const char *s, size_t max_len);

/*
 * The bytes a chunk describes, or NULL if they are not inside the used part of the arena.
 * A NULL arena or an empty chunk gives NULL with *size = 0 (size may be NULL).
 */
const void *nk_arena_get(const struct nk_arena *a, const nk_ptr_t *chunk, size_t *size);
/* The string a chunk describes: NULL unless it ends with its first NUL inside the chunk. */
const char *nk_arena_get_string(const struct nk_arena *a, const nk_ptr_t *chunk);
/* A sequence's elements: NULL unless the chunk is a whole number of elem_size elements. */
const void *nk_arena_get_array(const struct nk_arena *a, const nk_ptr_t *chunk, size_t elem_size,
			       size_t *count);

#endif
