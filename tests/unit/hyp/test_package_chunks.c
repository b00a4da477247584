// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot packages with a chunk-digest table (uapi/bulkhead/chunks.h): images the table lists are
 * verified chunk by chunk (on several threads here, as on several CPUs at boot), the others by
 * their hash-1, and any damage to an image or to the table is refused naming the image.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libfdt.h>
#include <hyp/package.h>
#include <hyp/sha256.h>
#include <uapi/bulkhead/chunks.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/retcode.h>

#define CHUNK 4096u
#define BIG_SIZE (2 * CHUNK + 1808) /* three chunks, the last one short */

struct img {
	const char *name;
	const uint8_t *data;
	size_t len;
};

static const uint8_t manifest_bytes[] = "pretend this is a manifest dtb";
static uint8_t big[BIG_SIZE];
static const uint8_t small[] = "an image the table does not list";

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

static size_t nchunks(size_t len)
{
	return len ? (len + CHUNK - 1) / CHUNK : 1;
}

/* A correct table for imgs[0..n) in a malloc'd buffer of *len bytes. */
static uint8_t *build_table(const struct img *imgs, size_t n, size_t *len)
{
	size_t total = 0, next = 0;
	uint8_t *t, *e, *d;

	for (size_t i = 0; i < n; i++)
		total += nchunks(imgs[i].len);
	*len = BH_CHUNKS_HEADER_SIZE + n * BH_CHUNKS_ENTRY_SIZE + total * BH_CHUNKS_DIGEST_SIZE;
	t = calloc(1, *len);
	cr_assert_not_null(t);
	memcpy(t, BH_CHUNKS_MAGIC, BH_CHUNKS_MAGIC_SIZE);
	put_le32(t + 8, CHUNK);
	put_le32(t + 12, (uint32_t)n);
	e = t + BH_CHUNKS_HEADER_SIZE;
	d = e + n * BH_CHUNKS_ENTRY_SIZE;
	for (size_t i = 0; i < n; i++, e += BH_CHUNKS_ENTRY_SIZE) {
		size_t c = nchunks(imgs[i].len);

		strcpy((char *)e, imgs[i].name);
		put_le64(e + BH_CHUNKS_NAME_SIZE, imgs[i].len);
		put_le32(e + BH_CHUNKS_NAME_SIZE + 8, (uint32_t)next);
		put_le32(e + BH_CHUNKS_NAME_SIZE + 12, (uint32_t)c);
		for (size_t k = 0; k < c; k++, d += BH_CHUNKS_DIGEST_SIZE) {
			size_t off = k * CHUNK, l = imgs[i].len - off < CHUNK ? imgs[i].len - off : CHUNK;

			sha256(imgs[i].data + off, l, d);
		}
		next += c;
	}
	return t;
}

#define FDT_OK(call) cr_assert_eq((call), 0, "%s: %s", #call, fdt_strerror(call))

/* A FIT of imgs plus, when table is not NULL, image "chunk-digests" holding it. */
static void *build_fit(const struct img *imgs, size_t n, const uint8_t *table, size_t table_len,
		       size_t *size)
{
	size_t cap = 1 << 20;
	void *buf = malloc(cap);

	cr_assert_not_null(buf);
	FDT_OK(fdt_create(buf, (int)cap));
	FDT_OK(fdt_finish_reservemap(buf));
	FDT_OK(fdt_begin_node(buf, ""));
	FDT_OK(fdt_begin_node(buf, "images"));
	for (size_t i = 0; i <= n; i++) {
		const char *name = i < n ? imgs[i].name : BH_PACKAGE_CHUNKS_IMAGE;
		const void *data = i < n ? imgs[i].data : table;
		size_t len = i < n ? imgs[i].len : table_len;
		uint8_t digest[SHA256_DIGEST_SIZE];

		if (i == n && !table)
			break;
		sha256(data, len, digest);
		FDT_OK(fdt_begin_node(buf, name));
		FDT_OK(fdt_property(buf, "data", data, (int)len));
		FDT_OK(fdt_begin_node(buf, "hash-1"));
		FDT_OK(fdt_property_string(buf, "algo", "sha256"));
		FDT_OK(fdt_property(buf, "value", digest, SHA256_DIGEST_SIZE));
		FDT_OK(fdt_end_node(buf));
		FDT_OK(fdt_end_node(buf));
	}
	FDT_OK(fdt_end_node(buf));
	FDT_OK(fdt_end_node(buf));
	FDT_OK(fdt_finish(buf));
	*size = fdt_totalsize(buf);
	return buf;
}

static const struct img listed[] = {
	{ BH_PACKAGE_MANIFEST_IMAGE, manifest_bytes, sizeof(manifest_bytes) },
	{ "big", big, sizeof(big) },
};

static void fill_big(void)
{
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + (i >> 8));
}

/* The package of listed[] plus the unlisted image "small", with table t. */
static void *package_with(const uint8_t *t, size_t tlen, size_t *size)
{
	struct img all[3] = { listed[0], listed[1], { "small", small, sizeof(small) } };

	return build_fit(all, 3, t, tlen, size);
}

static void *good_package(size_t *size)
{
	size_t tlen;
	uint8_t *t = build_table(listed, 2, &tlen);
	void *fit = package_with(t, tlen, size);

	free(t);
	return fit;
}

static void assert_refused(const void *fit, size_t size, const char *what)
{
	struct package pkg = { 0 };
	const char *err = NULL;

	cr_assert_eq(package_open(&pkg, fit, size, &err), rcInvalidArgument);
	cr_assert_not_null(err);
	cr_assert(strstr(err, what), "error \"%s\" does not mention \"%s\"", err, what);
	cr_assert_null(pkg.fit);
}

/* The data of image `name` inside the FIT, writable. */
static uint8_t *image_data(void *fit, const char *name, int *len)
{
	int images = fdt_path_offset(fit, "/images");
	int node = fdt_subnode_offset(fit, images, name);
	uint8_t *d;

	cr_assert_geq(node, 0);
	d = fdt_getprop_w(fit, node, "data", len);
	cr_assert_not_null(d);
	return d;
}

/* A table edited by `edit`, packed with a hash-1 that matches the edit. */
static void assert_table_refused(void (*edit)(uint8_t *t, size_t *len), const char *what)
{
	size_t tlen, size;
	uint8_t *t = build_table(listed, 2, &tlen);
	void *fit;

	t = realloc(t, tlen + 64);
	cr_assert_not_null(t);
	edit(t, &tlen);
	fit = package_with(t, tlen, &size);
	assert_refused(fit, size, what);
	free(fit);
	free(t);
}

TestSuite(package_chunks, .init = fill_big);

Test(package_chunks, a_package_with_a_table_opens_and_its_images_are_found)
{
	struct package pkg;
	const char *err = "stale";
	const void *data;
	uint64_t len;
	size_t size;
	void *fit = good_package(&size);

	cr_assert_eq(package_open(&pkg, fit, size, &err), rcOk, "%s", err);
	cr_assert_null(err);
	/* manifest and big in 1 + 3 chunks, small (unlisted) whole; the table is not counted. */
	cr_assert_eq(pkg.nimages, 3);
	cr_assert_eq(pkg.njobs, 5);
	cr_assert_eq(pkg.image_bytes, sizeof(manifest_bytes) + sizeof(big) + sizeof(small));
	cr_assert_eq(package_image(&pkg, "big", &data, &len, &err), rcOk, "%s", err);
	cr_assert_eq(len, sizeof(big));
	cr_assert_arr_eq(data, big, sizeof(big));
	cr_assert_eq(package_image(&pkg, "small", &data, &len, &err), rcOk, "%s", err);
	free(fit);
}

Test(package_chunks, a_flipped_bit_in_any_chunk_is_refused_naming_image_and_chunk)
{
	static const char *const want[] = {
		"image 'big': sha256 mismatch in chunk 0 (bytes 0x0..0xfff)",
		"image 'big': sha256 mismatch in chunk 1 (bytes 0x1000..0x1fff)",
		"image 'big': sha256 mismatch in chunk 2 (bytes 0x2000..0x270f)",
	};

	for (size_t c = 0; c < 3; c++) {
		size_t size;
		void *fit = good_package(&size);
		int len;
		uint8_t *d = image_data(fit, "big", &len);

		d[c * CHUNK + (c == 2 ? 1807 : 100)] ^= 0x10;
		assert_refused(fit, size, want[c]);
		free(fit);
	}
}

Test(package_chunks, a_flipped_bit_in_the_manifest_is_refused_naming_it)
{
	size_t size;
	void *fit = good_package(&size);
	int len;

	image_data(fit, BH_PACKAGE_MANIFEST_IMAGE, &len)[3] ^= 0x01;
	assert_refused(fit, size, "image 'manifest': sha256 mismatch in chunk 0");
	free(fit);
}

Test(package_chunks, an_image_the_table_does_not_list_is_checked_by_its_hash)
{
	size_t size;
	void *fit = good_package(&size);
	int len;

	image_data(fit, "small", &len)[0] ^= 0x01;
	assert_refused(fit, size, "image 'small': sha256 mismatch");
	free(fit);
}

Test(package_chunks, a_flipped_bit_in_the_table_is_refused_by_its_own_hash)
{
	size_t size;
	void *fit = good_package(&size);
	int len;
	uint8_t *t = image_data(fit, BH_PACKAGE_CHUNKS_IMAGE, &len);

	/* In the digests, in an entry and in the header: each is caught before it is used. */
	for (int at = len - 1; at >= 0; at -= len / 3) {
		t[at] ^= 0x04;
		assert_refused(fit, size, "image 'chunk-digests': sha256 mismatch");
		t[at] ^= 0x04;
	}
	free(fit);
}

/* A rewritten digest with a hash-1 to match (what a forged table would be) still fails. */
static void wrong_digest(uint8_t *t, size_t *len)
{
	t[*len - 1] ^= 0x01;
}

Test(package_chunks, a_consistent_table_with_a_wrong_digest_names_the_chunk)
{
	assert_table_refused(wrong_digest, "image 'big': sha256 mismatch in chunk 2");
}

static void bad_magic(uint8_t *t, size_t *len)
{
	t[0] = 'X';
}

static void odd_chunk_size(uint8_t *t, size_t *len)
{
	put_le32(t + 8, 3 * CHUNK);
}

static void tiny_chunk_size(uint8_t *t, size_t *len)
{
	put_le32(t + 8, 64);
}

static void too_many_entries(uint8_t *t, size_t *len)
{
	put_le32(t + 12, 100);
}

static void wrong_nchunks(uint8_t *t, size_t *len)
{
	put_le32(t + BH_CHUNKS_HEADER_SIZE + BH_CHUNKS_ENTRY_SIZE + BH_CHUNKS_NAME_SIZE + 12, 2);
}

static void wrong_first(uint8_t *t, size_t *len)
{
	put_le32(t + BH_CHUNKS_HEADER_SIZE + BH_CHUNKS_ENTRY_SIZE + BH_CHUNKS_NAME_SIZE + 8, 0);
}

static void trailing_bytes(uint8_t *t, size_t *len)
{
	*len += 32;
}

static void short_table(uint8_t *t, size_t *len)
{
	*len -= 1;
}

static void duplicate_name(uint8_t *t, size_t *len)
{
	strcpy((char *)t + BH_CHUNKS_HEADER_SIZE + BH_CHUNKS_ENTRY_SIZE,
	       BH_PACKAGE_MANIFEST_IMAGE);
}

static void unterminated_name(uint8_t *t, size_t *len)
{
	memset(t + BH_CHUNKS_HEADER_SIZE, 'a', BH_CHUNKS_NAME_SIZE);
}

static void wrong_size(uint8_t *t, size_t *len)
{
	/* Still three chunks, so that the layout checks pass and the size check speaks. */
	put_le64(t + BH_CHUNKS_HEADER_SIZE + BH_CHUNKS_ENTRY_SIZE + BH_CHUNKS_NAME_SIZE,
		 BIG_SIZE - 1);
}

static void unknown_image(uint8_t *t, size_t *len)
{
	strcpy((char *)t + BH_CHUNKS_HEADER_SIZE + BH_CHUNKS_ENTRY_SIZE, "ghost");
}

static void header_only(uint8_t *t, size_t *len)
{
	*len = 10;
}

Test(package_chunks, malformed_tables_are_refused_with_what_is_wrong)
{
	assert_table_refused(bad_magic, "chunk table: bad magic");
	assert_table_refused(odd_chunk_size, "chunk size 12288 is not a power of two");
	assert_table_refused(tiny_chunk_size, "chunk size 64 is not a power of two");
	assert_table_refused(too_many_entries, "100 entries do not fit");
	assert_table_refused(wrong_nchunks, "image 'big' of 10000 bytes has 2 chunks, not 3");
	assert_table_refused(wrong_first, "image 'big' starts at digest 0, not 1");
	assert_table_refused(trailing_bytes, "but header and entries say");
	assert_table_refused(short_table, "but header and entries say");
	assert_table_refused(duplicate_name, "image 'manifest' is listed twice");
	assert_table_refused(unterminated_name, "entry 0 has no name");
	assert_table_refused(header_only, "shorter than its header");
}

Test(package_chunks, a_table_that_disagrees_with_the_package_is_refused)
{
	assert_table_refused(wrong_size, "image 'big': 10000 bytes, but the chunk table says 9999");
	assert_table_refused(unknown_image, "lists image 'ghost', which the package does not have");
}

Test(package_chunks, many_images_and_chunks_verify_on_several_threads)
{
	/* Enough jobs that the threads of boot_parallel() share them. */
	static uint8_t data[24][CHUNK * 3];
	struct img imgs[24];
	char names[24][16];
	struct package pkg;
	const char *err;
	size_t tlen, size;
	uint8_t *t;
	void *fit;

	for (int i = 0; i < 24; i++) {
		snprintf(names[i], sizeof(names[i]), "img%d", i);
		memset(data[i], i, sizeof(data[i]));
		imgs[i] = (struct img){ names[i], data[i], sizeof(data[i]) - (size_t)i };
	}
	t = build_table(imgs, 24, &tlen);
	fit = build_fit(imgs, 24, t, tlen, &size);
	cr_assert_eq(package_open(&pkg, fit, size, &err), rcOk, "%s", err);
	/* The last chunk of the last image: the failure is found whichever thread hashed it. */
	image_data(fit, "img23", (int[]){ 0 })[3 * CHUNK - 24] ^= 0x01;
	assert_refused(fit, size, "image 'img23': sha256 mismatch in chunk 2");
	free(fit);
	free(t);
}
