// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot package's chunk-digest table (hyp/include/uapi/bulkhead/chunks.h): a sha256 per
 * BH_CHUNK_SIZE_DEFAULT bytes of every image, so that the hypervisor's CPUs can verify the
 * package in parallel. The digests come from nettle, not from the hypervisor's own sha256.c,
 * so the two implementations check each other at every boot.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include <uapi/bulkhead/chunks.h>
#include <uapi/bulkhead/manifest.h>

#include "solution.h"

/* One image of the package: bytes in memory (the manifest) or a file. */
struct chunk_source {
	const char *name;
	const void *data;
	size_t len;
	const char *file;
};

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void digest_bytes(const uint8_t *p, size_t n, uint8_t out[BH_CHUNKS_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

/* The whole of src in memory (files are read completely; the largest is a kernel). */
static int source_bytes(const struct chunk_source *src, uint8_t **buf, size_t *len, struct err *e)
{
	FILE *f;
	long size;

	*buf = NULL;
	if (!src->file) {
		*len = src->len;
		*buf = malloc(src->len ? src->len : 1);
		if (!*buf)
			return err_set(e, "out of memory");
		memcpy(*buf, src->data, src->len);
		return 0;
	}
	f = fopen(src->file, "rb");
	if (!f)
		return err_set(e, "%s: %s", src->file, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return err_set(e, "%s: cannot tell its size", src->file);
	}
	*buf = malloc(size ? (size_t)size : 1);
	if (!*buf) {
		fclose(f);
		return err_set(e, "out of memory");
	}
	if (fread(*buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(*buf);
		*buf = NULL;
		return err_set(e, "%s: short read", src->file);
	}
	fclose(f);
	*len = (size_t)size;
	return 0;
}

static size_t nchunks_of(size_t len)
{
	return len ? (len + BH_CHUNK_SIZE_DEFAULT - 1) / BH_CHUNK_SIZE_DEFAULT : 1;
}

static int table_build(const struct chunk_source *srcs, size_t n, uint8_t **out, size_t *out_len,
		       struct err *e)
{
	size_t total = 0, size, next = 0;
	uint8_t *t, *entry, *digest;
	int rc = 0;

	/* Sizes first: the table's length is known before any digest is written. */
	uint8_t **bytes = calloc(n, sizeof(*bytes));
	size_t *lens = calloc(n, sizeof(*lens));

	if (!bytes || !lens) {
		free(bytes);
		free(lens);
		return err_set(e, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		rc = source_bytes(&srcs[i], &bytes[i], &lens[i], e);
		if (!rc && lens[i] > UINT32_MAX * (uint64_t)BH_CHUNK_SIZE_DEFAULT)
			rc =
			    err_set(e, "image '%s' is too large for the chunk table", srcs[i].name);
		if (!rc)
			total += nchunks_of(lens[i]);
	}
	size = BH_CHUNKS_HEADER_SIZE + n * BH_CHUNKS_ENTRY_SIZE + total * BH_CHUNKS_DIGEST_SIZE;
	t = rc ? NULL : calloc(1, size);
	if (!rc && !t)
		rc = err_set(e, "out of memory");
	if (!rc) {
		memcpy(t, BH_CHUNKS_MAGIC, BH_CHUNKS_MAGIC_SIZE);
		put_le32(t + 8, BH_CHUNK_SIZE_DEFAULT);
		put_le32(t + 12, (uint32_t)n);
		entry = t + BH_CHUNKS_HEADER_SIZE;
		digest = entry + n * BH_CHUNKS_ENTRY_SIZE;
		for (size_t i = 0; i < n; i++, entry += BH_CHUNKS_ENTRY_SIZE) {
			size_t chunks = nchunks_of(lens[i]);

			/* Names were checked against BH_NAME_MAX when the solution was loaded. */
			strncpy((char *)entry, srcs[i].name, BH_CHUNKS_NAME_SIZE - 1);
			put_le64(entry + BH_CHUNKS_NAME_SIZE, lens[i]);
			put_le32(entry + BH_CHUNKS_NAME_SIZE + 8, (uint32_t)next);
			put_le32(entry + BH_CHUNKS_NAME_SIZE + 12, (uint32_t)chunks);
			for (size_t c = 0; c < chunks; c++, digest += BH_CHUNKS_DIGEST_SIZE) {
				size_t off = c * BH_CHUNK_SIZE_DEFAULT;
				size_t len = lens[i] - off < BH_CHUNK_SIZE_DEFAULT
						 ? lens[i] - off
						 : BH_CHUNK_SIZE_DEFAULT;

				digest_bytes(bytes[i] + off, len, digest);
			}
			next += chunks;
		}
		*out = t;
		*out_len = size;
	}
	for (size_t i = 0; i < n; i++)
		free(bytes[i]);
	free(bytes);
	free(lens);
	return rc;
}

int chunks_build(const struct solution *sol, const void *manifest, size_t manifest_len,
		 uint8_t **out, size_t *out_len, struct err *e)
{
	/* manifest, policy, and per entity its image, initramfs and schema. */
	size_t cap = 2 + 3 * sol->nents, n = 0;
	struct chunk_source *srcs = calloc(cap, sizeof(*srcs));
	int rc;

	if (!srcs)
		return err_set(e, "out of memory");
	srcs[n++] = (struct chunk_source){
	    .name = BH_PACKAGE_MANIFEST_IMAGE, .data = manifest, .len = manifest_len};
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		srcs[n++] = (struct chunk_source){.name = ent->task, .file = ent->image_file};
		if (ent->initrd_image)
			srcs[n++] = (struct chunk_source){.name = ent->initrd_image,
							  .file = ent->initrd_file};
		if (ent->schema_image)
			srcs[n++] = (struct chunk_source){.name = ent->schema_image,
							  .file = ent->schema_file};
	}
	if (sol->policy_file)
		srcs[n++] = (struct chunk_source){.name = BH_PACKAGE_POLICY_IMAGE,
						  .file = sol->policy_file};
	rc = table_build(srcs, n, out, out_len, e);
	free(srcs);
	return rc;
}
