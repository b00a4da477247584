// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <libfdt.h>
#include <hyp/package.h>
#include <hyp/sha256.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/retcode.h>

#define MKIMAGE "/usr/bin/mkimage"

/* How one image node of a test FIT deviates from a correct one. */
struct fit_image {
	const char *name;
	const void *data;
	size_t len;
	const char *algo;    /* NULL: "sha256" */
	int value_len;       /* 0: 32 */
	bool no_data;
	bool external_data;  /* data-offset/data-size instead of data */
	bool no_hash;
};

static const char manifest_bytes[] = "pretend this is a manifest dtb";
static const uint8_t hello_bytes[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0xaa, 0x55, 0, 1, 2, 3 };

static const struct fit_image good[] = {
	{ .name = BH_PACKAGE_MANIFEST_IMAGE, .data = manifest_bytes,
	  .len = sizeof(manifest_bytes) },
	{ .name = "hello", .data = hello_bytes, .len = sizeof(hello_bytes) },
};

#define FDT_OK(call) cr_assert_eq((call), 0, "%s: %s", #call, fdt_strerror(call))

/* Build a FIT with libfdt's sequential-write API; returns a malloc'd blob of *size bytes. */
static void *build_fit(const struct fit_image *imgs, size_t n, bool with_images, size_t *size)
{
	size_t cap = 16384;
	void *buf = malloc(cap), *out;

	cr_assert_not_null(buf);
	FDT_OK(fdt_create(buf, (int)cap));
	FDT_OK(fdt_finish_reservemap(buf));
	FDT_OK(fdt_begin_node(buf, ""));
	FDT_OK(fdt_property_string(buf, "description", "test package"));
	FDT_OK(fdt_property_u32(buf, "#address-cells", 1));
	if (with_images) {
		FDT_OK(fdt_begin_node(buf, "images"));
		for (size_t i = 0; i < n; i++) {
			const struct fit_image *im = &imgs[i];
			uint8_t digest[SHA256_DIGEST_SIZE + 8] = { 0 };

			sha256(im->data, im->len, digest);
			FDT_OK(fdt_begin_node(buf, im->name));
			FDT_OK(fdt_property_string(buf, "type", "firmware"));
			if (im->external_data) {
				FDT_OK(fdt_property_u32(buf, "data-offset", 0));
				FDT_OK(fdt_property_u32(buf, "data-size", (uint32_t)im->len));
			} else if (!im->no_data) {
				FDT_OK(fdt_property(buf, "data", im->data, (int)im->len));
			}
			if (!im->no_hash) {
				FDT_OK(fdt_begin_node(buf, "hash-1"));
				FDT_OK(fdt_property_string(buf, "algo",
							   im->algo ? im->algo : "sha256"));
				FDT_OK(fdt_property(buf, "value", digest,
						    im->value_len ? im->value_len :
								    SHA256_DIGEST_SIZE));
				FDT_OK(fdt_end_node(buf));
			}
			FDT_OK(fdt_end_node(buf));
		}
		FDT_OK(fdt_end_node(buf));
	}
	FDT_OK(fdt_begin_node(buf, "configurations"));
	FDT_OK(fdt_property_string(buf, "default", "conf-1"));
	FDT_OK(fdt_end_node(buf));
	FDT_OK(fdt_end_node(buf));
	FDT_OK(fdt_finish(buf));

	*size = fdt_totalsize(buf);
	out = malloc(*size);
	cr_assert_not_null(out);
	memcpy(out, buf, *size);
	free(buf);
	return out;
}

static void *build_good(size_t *size)
{
	return build_fit(good, 2, true, size);
}

static void assert_open_fails(const void *fit, size_t size, const char *what)
{
	struct package pkg = { .fit = (void *)1, .size = 1 };
	const char *err = NULL;
	int rc = package_open(&pkg, fit, size, &err);

	cr_assert_eq(rc, rcInvalidArgument, "rc %d", rc);
	cr_assert_not_null(err);
	cr_assert(strstr(err, what), "error \"%s\" does not mention \"%s\"", err, what);
	cr_assert_null(pkg.fit, "a rejected package must not be usable");
}

/* Open a FIT built from one image that deviates as described. */
static void assert_image_rejected(const struct fit_image *im, const char *what)
{
	size_t size;
	void *fit = build_fit(im, 1, true, &size);

	assert_open_fails(fit, size, what);
	free(fit);
}

Test(package, valid_package_opens_and_finds_both_images_by_name)
{
	struct package pkg;
	const char *err = "stale";
	const void *data;
	uint64_t len;
	size_t size;
	void *fit = build_good(&size);

	cr_assert_eq(package_open(&pkg, fit, size, &err), rcOk, "%s", err);
	cr_assert_null(err);
	cr_assert_eq(pkg.fit, fit);
	cr_assert_eq(pkg.size, size);

	cr_assert_eq(package_image(&pkg, "hello", &data, &len, &err), rcOk, "%s", err);
	cr_assert_eq(len, sizeof(hello_bytes));
	cr_assert_arr_eq(data, hello_bytes, sizeof(hello_bytes));
	/* The data points into the package, not into a copy. */
	cr_assert((const uint8_t *)data > (const uint8_t *)fit &&
		  (const uint8_t *)data + len <= (const uint8_t *)fit + size);

	cr_assert_eq(package_image(&pkg, BH_PACKAGE_MANIFEST_IMAGE, &data, &len, &err), rcOk);
	cr_assert_eq(len, sizeof(manifest_bytes));
	cr_assert_str_eq(data, manifest_bytes);
	free(fit);
}

Test(package, buffer_larger_than_the_package_is_accepted)
{
	struct package pkg;
	const char *err;
	size_t size;
	void *fit = build_good(&size);
	void *big = calloc(1, size + 4096);

	cr_assert_not_null(big);
	memcpy(big, fit, size);
	cr_assert_eq(package_open(&pkg, big, size + 4096, &err), rcOk, "%s", err);
	cr_assert_eq(pkg.size, size, "size is the package's, not the buffer's");
	free(big);
	free(fit);
}

Test(package, unknown_image_is_resource_not_found)
{
	struct package pkg;
	const char *err;
	const void *data = NULL;
	uint64_t len = 0;
	size_t size;
	void *fit = build_good(&size);

	cr_assert_eq(package_open(&pkg, fit, size, &err), rcOk, "%s", err);
	cr_assert_eq(package_image(&pkg, "nosuch", &data, &len, &err), rcResourceNotFound);
	cr_assert(strstr(err, "'nosuch'"), "%s", err);
	cr_assert_null(data);
	cr_assert_eq(package_image(&pkg, "hell", &data, &len, &err), rcResourceNotFound);
	free(fit);
}

Test(package, image_lookup_without_an_open_package_is_rejected)
{
	struct package pkg = { 0 };
	const void *data;
	uint64_t len;
	const char *err;

	cr_assert_eq(package_image(&pkg, "hello", &data, &len, &err), rcInvalidArgument);
	cr_assert_eq(package_image(NULL, "hello", &data, &len, &err), rcInvalidArgument);
}

Test(package, corrupt_data_byte_is_a_sha256_mismatch_naming_the_image)
{
	size_t size;
	void *fit = build_good(&size);
	int node = fdt_path_offset(fit, "/images/hello");
	int len;
	uint8_t *data;

	cr_assert_geq(node, 0);
	data = fdt_getprop_w(fit, node, "data", &len);
	cr_assert_not_null(data);
	data[len - 1] ^= 0x01;
	assert_open_fails(fit, size, "image 'hello': sha256 mismatch");
	free(fit);
}

Test(package, corrupt_hash_value_is_a_sha256_mismatch)
{
	size_t size;
	void *fit = build_good(&size);
	int node = fdt_path_offset(fit, "/images/manifest/hash-1");
	uint8_t *value;

	cr_assert_geq(node, 0);
	value = fdt_getprop_w(fit, node, "value", NULL);
	cr_assert_not_null(value);
	value[0] ^= 0x80;
	assert_open_fails(fit, size, "image 'manifest': sha256 mismatch");
	free(fit);
}

Test(package, wrong_magic_is_not_a_boot_package)
{
	size_t size;
	uint8_t *fit = build_good(&size);

	fit[0] = 0;
	assert_open_fails(fit, size, "not a boot package: bad magic 0x000dfeed");
	free(fit);
}

Test(package, elf_file_is_not_a_boot_package)
{
	uint64_t elf[8] = { 0 };

	memcpy(elf, "\x7f" "ELF", 4);
	assert_open_fails(elf, sizeof(elf), "bad magic 0x7f454c46");
}

Test(package, truncated_buffer_reports_both_sizes)
{
	size_t size;
	void *fit = build_good(&size);
	char want[96];

	snprintf(want, sizeof(want), "package truncated: header says %zu bytes, %zu loaded", size,
		 size - 1);
	assert_open_fails(fit, size - 1, want);
	free(fit);
}

Test(package, every_prefix_fails_cleanly)
{
	size_t size;
	void *fit = build_good(&size);

	/* Exact-size copies, so that valgrind sees any read past the end of the buffer. */
	for (size_t len = 0; len < size; len++) {
		struct package pkg = { 0 };
		const char *err = NULL;
		void *prefix = malloc(len ? len : 1);
		int rc;

		cr_assert_not_null(prefix);
		memcpy(prefix, fit, len);
		rc = package_open(&pkg, len ? prefix : NULL, len, &err);
		cr_assert_eq(rc, rcInvalidArgument, "prefix of %zu bytes: rc %d", len, rc);
		cr_assert(err && strstr(err, "truncated"), "prefix of %zu: \"%s\"", len,
			  err ? err : "(null)");
		cr_assert_null(pkg.fit);
		free(prefix);
	}
	free(fit);
}

Test(package, bad_version_is_a_header_error)
{
	size_t size;
	void *fit = build_good(&size);

	fdt_set_last_comp_version(fit, 0x20);
	assert_open_fails(fit, size, "bad package header: FDT_ERR_BADVERSION");
	free(fit);
}

Test(package, broken_structure_block_is_rejected)
{
	size_t size;
	uint8_t *fit = build_good(&size);

	/* Replace the root node's FDT_BEGIN_NODE tag with garbage. */
	memcpy(fit + fdt_off_dt_struct(fit), "\xde\xad\xbe\xef", 4);
	assert_open_fails(fit, size, "bad package structure: FDT_ERR_");
	free(fit);
}

Test(package, struct_block_past_totalsize_is_rejected)
{
	size_t size;
	void *fit = build_good(&size);

	fdt_set_size_dt_struct(fit, (uint32_t)size);
	assert_open_fails(fit, size, "bad package header: FDT_ERR_TRUNCATED");
	free(fit);
}

Test(package, unaligned_buffer_is_rejected)
{
	size_t size;
	void *fit = build_good(&size);
	uint8_t *copy = malloc(size + 4);

	cr_assert_not_null(copy);
	memcpy(copy + 4, fit, size);
	assert_open_fails(copy + 4, size, "not 8-byte aligned");
	free(copy);
	free(fit);
}

Test(package, missing_images_node_is_rejected)
{
	size_t size;
	void *fit = build_fit(NULL, 0, false, &size);

	assert_open_fails(fit, size, "package has no /images node");
	free(fit);
}

Test(package, missing_hash_node_is_rejected)
{
	struct fit_image im = good[1];

	im.no_hash = true;
	assert_image_rejected(&im, "image 'hello' has no hash-1 node");
}

Test(package, unsupported_hash_algo_is_rejected)
{
	struct fit_image im = good[1];

	im.algo = "md5";
	assert_image_rejected(&im, "image 'hello': unsupported hash algo 'md5' (only sha256)");
	im.algo = "sha256,rsa2048";
	assert_image_rejected(&im, "unsupported hash algo 'sha256,rsa2048'");
	im.algo = "";
	assert_image_rejected(&im, "unsupported hash algo ''");
}

Test(package, short_hash_value_is_rejected)
{
	struct fit_image im = good[1];

	im.value_len = 20;
	assert_image_rejected(&im, "image 'hello': sha256 value is 20 bytes, expected 32");
	im.value_len = 33;
	assert_image_rejected(&im, "33 bytes");
}

Test(package, image_without_data_is_rejected)
{
	struct fit_image im = good[1];

	im.no_data = true;
	assert_image_rejected(&im, "image 'hello' has no data");
}

Test(package, external_data_is_refused_with_a_clear_message)
{
	struct fit_image im = good[1];

	im.external_data = true;
	assert_image_rejected(&im, "image 'hello': external data (data-offset/data-position) "
				   "is not supported");
}

Test(package, second_image_is_checked_too)
{
	struct fit_image ims[2] = { good[0], good[1] };
	size_t size;
	void *fit;

	ims[1].algo = "crc32";
	fit = build_fit(ims, 2, true, &size);
	assert_open_fails(fit, size, "image 'hello'");
	free(fit);
}

Test(package, empty_image_is_valid)
{
	struct fit_image im = { .name = "empty", .data = "", .len = 0 };
	struct package pkg;
	const char *err;
	const void *data;
	uint64_t len = 99;
	size_t size;
	void *fit = build_fit(&im, 1, true, &size);

	cr_assert_eq(package_open(&pkg, fit, size, &err), rcOk, "%s", err);
	cr_assert_eq(package_image(&pkg, "empty", &data, &len, &err), rcOk, "%s", err);
	cr_assert_eq(len, 0);
	free(fit);
}

Test(package, null_arguments_are_rejected)
{
	struct package pkg;
	size_t size;
	void *fit = build_good(&size);

	cr_assert_eq(package_open(NULL, fit, size, NULL), rcInvalidArgument);
	cr_assert_eq(package_open(&pkg, NULL, size, NULL), rcInvalidArgument);
	cr_assert_eq(package_open(&pkg, fit, size, NULL), rcOk, "err may be NULL");
	free(fit);
}

/* mkimage's real output, so the reader is checked against the tool that makes packages. */

static char tmpdir[64];

static void write_file(const char *name, const void *data, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static void *read_file(const char *name, size_t *len)
{
	char path[128];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	cr_assert_gt(n, 0);
	rewind(f);
	buf = malloc((size_t)n);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void remove_tmpdir(void)
{
	static const char *const files[] = { "pkg.its", "manifest.bin", "hello.bin", "pkg.itb",
						 "mkimage.log" };
	char path[128];

	if (!tmpdir[0])
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

Test(package, accepts_a_package_made_by_mkimage, .fini = remove_tmpdir)
{
	static const char its[] =
		"/dts-v1/;\n"
		"/ {\n"
		"	description = \"bulkhead unit test\";\n"
		"	#address-cells = <1>;\n"
		"	images {\n"
		"		manifest {\n"
		"			description = \"manifest\";\n"
		"			data = /incbin/(\"manifest.bin\");\n"
		"			type = \"flat_dt\";\n"
		"			arch = \"arm64\";\n"
		"			compression = \"none\";\n"
		"			hash-1 { algo = \"sha256\"; };\n"
		"		};\n"
		"		hello {\n"
		"			description = \"hello\";\n"
		"			data = /incbin/(\"hello.bin\");\n"
		"			type = \"firmware\";\n"
		"			arch = \"arm64\";\n"
		"			os = \"elf\";\n"
		"			compression = \"none\";\n"
		"			hash-1 { algo = \"sha256\"; };\n"
		"		};\n"
		"	};\n"
		"	configurations {\n"
		"		default = \"conf-1\";\n"
		"		conf-1 { firmware = \"hello\"; fdt = \"manifest\"; };\n"
		"	};\n"
		"};\n";
	char cmd[256];
	struct package pkg;
	const char *err;
	const void *data;
	uint64_t len;
	size_t size;
	void *itb;

	if (access(MKIMAGE, X_OK) != 0)
		cr_skip_test(MKIMAGE " is not installed");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bh-unit-pkg-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	write_file("pkg.its", its, sizeof(its) - 1);
	write_file("manifest.bin", manifest_bytes, sizeof(manifest_bytes));
	write_file("hello.bin", hello_bytes, sizeof(hello_bytes));
	snprintf(cmd, sizeof(cmd), "cd %s && " MKIMAGE " -f pkg.its pkg.itb >mkimage.log 2>&1 "
		 "|| { cat mkimage.log >&2; exit 1; }; rm -f mkimage.log", tmpdir);
	cr_assert_eq(system(cmd), 0, "mkimage failed: %s", cmd);

	itb = read_file("pkg.itb", &size);
	cr_assert_eq(package_open(&pkg, itb, size, &err), rcOk, "%s", err);
	cr_assert_eq(package_image(&pkg, "hello", &data, &len, &err), rcOk, "%s", err);
	cr_assert_eq(len, sizeof(hello_bytes));
	cr_assert_arr_eq(data, hello_bytes, sizeof(hello_bytes));
	cr_assert_eq(package_image(&pkg, BH_PACKAGE_MANIFEST_IMAGE, &data, &len, &err), rcOk);
	cr_assert_str_eq(data, manifest_bytes);
	free(itb);
}
