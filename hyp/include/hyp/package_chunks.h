/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reader of the boot package's chunk-digest table (uapi/bulkhead/chunks.h). The table's own
 * sha256 is checked by hyp/core/package.c before it is parsed here; parsing checks that its
 * layout is consistent, so that every lookup afterwards stays inside it.
 */
#ifndef HYP_PACKAGE_CHUNKS_H
#define HYP_PACKAGE_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/bulkhead/chunks.h>

/* More entries than this are refused (a solution has at most a few dozen images). */
#define CHUNK_TABLE_MAX_IMAGES 256u

struct chunk_table {
	const uint8_t *entries;
	const uint8_t *digests;
	uint32_t chunk_size;
	uint32_t nimages;
};

/* One entry: image `name` of `size` bytes, its digests first .. first + nchunks - 1. */
struct chunk_entry {
	const char *name;
	uint64_t size;
	uint32_t first;
	uint32_t nchunks;
};

/*
 * Check the layout of the table in data[0..len) and fill *t. Returns 0, or -1 with a message
 * naming the problem in msg.
 */
int chunk_table_parse(struct chunk_table *t, const void *data, uint64_t len, char *msg,
		      size_t msg_size);

/* Entry i (< t->nimages) of a parsed table. */
void chunk_table_entry(const struct chunk_table *t, uint32_t i, struct chunk_entry *e);

/* The index of the entry for image `name`, or -1. */
int chunk_table_find(const struct chunk_table *t, const char *name);

/* Digest number `index` (first + chunk of an entry). */
static inline const uint8_t *chunk_table_digest(const struct chunk_table *t, uint32_t index)
{
	return t->digests + (size_t)index * BH_CHUNKS_DIGEST_SIZE;
}

#endif
