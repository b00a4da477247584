// SPDX-License-Identifier: GPL-2.0-only
/*
 * The chunk-digest table (uapi/bulkhead/chunks.h). Everything in it comes from the package,
 * so every field is checked against the table's length before anything points into it; the
 * integers are read byte by byte, because the table sits at 4-byte alignment inside the FIT.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include <hyp/package_chunks.h>
#include <hyp/printf.h>
#include <uapi/bulkhead/chunks.h>

typedef unsigned long long ull;

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

void chunk_table_entry(const struct chunk_table *t, uint32_t i, struct chunk_entry *e)
{
	const uint8_t *p = t->entries + (size_t)i * BH_CHUNKS_ENTRY_SIZE;

	e->name = (const char *)p;
	e->size = get_le64(p + BH_CHUNKS_NAME_SIZE);
	e->first = get_le32(p + BH_CHUNKS_NAME_SIZE + 8);
	e->nchunks = get_le32(p + BH_CHUNKS_NAME_SIZE + 12);
}

int chunk_table_find(const struct chunk_table *t, const char *name)
{
	for (uint32_t i = 0; i < t->nimages; i++) {
		const char *n = (const char *)t->entries + (size_t)i * BH_CHUNKS_ENTRY_SIZE;

		if (!strncmp(n, name, BH_CHUNKS_NAME_SIZE))
			return (int)i;
	}
	return -1;
}

static int bad(char *msg, size_t msg_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(char *msg, size_t msg_size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msg_size, fmt, ap);
	va_end(ap);
	return -1;
}

/* Entry i's name is a NUL-terminated, non-empty string of its field, not seen before. */
static int check_name(const struct chunk_table *t, uint32_t i, char *msg, size_t msg_size)
{
	const char *name = (const char *)t->entries + (size_t)i * BH_CHUNKS_ENTRY_SIZE;

	if (!memchr(name, '\0', BH_CHUNKS_NAME_SIZE) || !name[0])
		return bad(msg, msg_size, "chunk table: entry %u has no name of at most %d bytes",
			   i, BH_CHUNKS_NAME_SIZE - 1);
	for (uint32_t j = 0; j < i; j++)
		if (!strcmp(name, (const char *)t->entries + (size_t)j * BH_CHUNKS_ENTRY_SIZE))
			return bad(msg, msg_size, "chunk table: image '%s' is listed twice", name);
	return 0;
}

int chunk_table_parse(struct chunk_table *t, const void *data, uint64_t len, char *msg,
		      size_t msg_size)
{
	const uint8_t *p = data;
	uint64_t entries_end, digests = 0;

	if (len < BH_CHUNKS_HEADER_SIZE)
		return bad(msg, msg_size, "chunk table: %llu bytes, shorter than its header",
			   (ull)len);
	if (memcmp(p, BH_CHUNKS_MAGIC, BH_CHUNKS_MAGIC_SIZE))
		return bad(msg, msg_size, "chunk table: bad magic (not " BH_CHUNKS_MAGIC ")");
	t->chunk_size = get_le32(p + 8);
	t->nimages = get_le32(p + 12);
	if (t->chunk_size < BH_CHUNK_SIZE_MIN || t->chunk_size > BH_CHUNK_SIZE_MAX ||
	    (t->chunk_size & (t->chunk_size - 1)))
		return bad(msg, msg_size,
			   "chunk table: chunk size %u is not a power of two from %u to %u",
			   t->chunk_size, BH_CHUNK_SIZE_MIN, BH_CHUNK_SIZE_MAX);
	if (t->nimages > CHUNK_TABLE_MAX_IMAGES)
		return bad(msg, msg_size, "chunk table: %u images, more than %u", t->nimages,
			   CHUNK_TABLE_MAX_IMAGES);
	entries_end = BH_CHUNKS_HEADER_SIZE + (uint64_t)t->nimages * BH_CHUNKS_ENTRY_SIZE;
	if (entries_end > len)
		return bad(msg, msg_size, "chunk table: %u entries do not fit its %llu bytes",
			   t->nimages, (ull)len);
	t->entries = p + BH_CHUNKS_HEADER_SIZE;
	t->digests = p + entries_end;

	for (uint32_t i = 0; i < t->nimages; i++) {
		struct chunk_entry e;
		uint64_t want;

		if (check_name(t, i, msg, msg_size))
			return -1;
		chunk_table_entry(t, i, &e);
		want = e.size ? (e.size - 1) / t->chunk_size + 1 : 1;
		if (e.nchunks != want)
			return bad(msg, msg_size,
				   "chunk table: image '%s' of %llu bytes has %u chunks, not %llu",
				   e.name, (ull)e.size, e.nchunks, (ull)want);
		if (e.first != digests)
			return bad(msg, msg_size,
				   "chunk table: image '%s' starts at digest %u, not %llu", e.name,
				   e.first, (ull)digests);
		digests += e.nchunks;
	}
	/* digests <= 256 * 2^32: no overflow in the product. */
	if (entries_end + digests * BH_CHUNKS_DIGEST_SIZE != len)
		return bad(msg, msg_size,
			   "chunk table: %llu bytes, but header and entries say %llu", (ull)len,
			   (ull)(entries_end + digests * BH_CHUNKS_DIGEST_SIZE));
	return 0;
}
