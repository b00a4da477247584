// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot package (FIT) reader. package_open() does all the distrustful work once: header,
 * whole-tree structure and every image hash are checked before anything is used, so later
 * lookups only have to find a node.
 *
 * Only mkimage's default layout is accepted: image bytes inline in a "data" property. The
 * external layout (mkimage -E: "data-offset"/"data-position" pointing past the tree) would put
 * image bytes outside the blob that fdt_check_full() vouches for, so it is refused rather than
 * half supported.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libfdt.h>

#include <hyp/package.h>
#include <hyp/printf.h>
#include <hyp/sha256.h>
#include <uapi/bulkhead/retcode.h>

#define IMAGES_PATH "/images"
#define HASH_NODE "hash-1"

/*
 * Formatted error text handed back through *err. Not reentrant: the package is opened once,
 * at boot, and lookups happen from one CPU or under the partition lock.
 */
static char err_buf[160];

typedef unsigned long long ull;

static int __attribute__((format(printf, 3, 4)))
fail(int rc, const char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	if (err)
		*err = err_buf;
	return rc;
}

static void ok(const char **err)
{
	if (err)
		*err = NULL;
}

static int check_header(const void *buf, uint64_t buf_size, const char **err)
{
	uint32_t total;
	int rc;

	if (buf_size < sizeof(fdt32_t))
		return fail(rcInvalidArgument, err, "package truncated: only %llu bytes loaded",
			    (ull)buf_size);
	/* libfdt reads 32-bit fields in place, and EL2 with its MMU off faults unaligned loads. */
	if (((uintptr_t)buf & 7) != 0)
		return fail(rcInvalidArgument, err, "package at %p is not 8-byte aligned", buf);
	if (fdt_magic(buf) != FDT_MAGIC)
		return fail(rcInvalidArgument, err, "not a boot package: bad magic 0x%08x",
			    (unsigned int)fdt_magic(buf));
	if (buf_size < sizeof(struct fdt_header))
		return fail(rcInvalidArgument, err,
			    "package truncated: %llu bytes loaded, smaller than an FDT header",
			    (ull)buf_size);
	total = fdt_totalsize(buf);
	if (total > buf_size)
		return fail(rcInvalidArgument, err,
			    "package truncated: header says %u bytes, %llu loaded",
			    (unsigned int)total, (ull)buf_size);
	rc = fdt_check_header(buf);
	if (rc != 0)
		return fail(rcInvalidArgument, err, "bad package header: %s", fdt_strerror(rc));
	/* Walk every tag once so that the lookups below run over a tree known to be sound. */
	rc = fdt_check_full(buf, total);
	if (rc != 0)
		return fail(rcInvalidArgument, err, "bad package structure: %s", fdt_strerror(rc));
	return rcOk;
}

/* Copy a property that should be a short string into out, for messages; never overreads. */
static void prop_text(const char *prop, int len, char *out, size_t out_size)
{
	size_t n;

	if (!memchr(prop, '\0', (size_t)len)) {
		snprintf(out, out_size, "(not a string)");
		return;
	}
	n = strnlen(prop, out_size - 1);
	memcpy(out, prop, n);
	out[n] = '\0';
}

static int verify_image(const void *fit, int node, const char **err)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	const char *name, *algo;
	const void *data, *value;
	int len, data_len, hash;

	name = fdt_get_name(fit, node, &len);
	if (!name)
		return fail(rcInvalidArgument, err, "bad image node: %s", fdt_strerror(len));

	data = fdt_getprop(fit, node, "data", &data_len);
	if (!data) {
		if (data_len != -FDT_ERR_NOTFOUND)
			return fail(rcInvalidArgument, err, "image '%s': bad data property: %s",
				    name, fdt_strerror(data_len));
		if (fdt_getprop(fit, node, "data-offset", NULL) ||
		    fdt_getprop(fit, node, "data-position", NULL))
			return fail(rcInvalidArgument, err,
				    "image '%s': external data (data-offset/data-position) is not "
				    "supported; build the package without mkimage -E", name);
		return fail(rcInvalidArgument, err, "image '%s' has no data", name);
	}

	hash = fdt_subnode_offset(fit, node, HASH_NODE);
	if (hash == -FDT_ERR_NOTFOUND)
		return fail(rcInvalidArgument, err, "image '%s' has no " HASH_NODE " node", name);
	if (hash < 0)
		return fail(rcInvalidArgument, err, "image '%s': bad " HASH_NODE " node: %s", name,
			    fdt_strerror(hash));

	algo = fdt_getprop(fit, hash, "algo", &len);
	if (!algo)
		return fail(rcInvalidArgument, err, "image '%s': " HASH_NODE " has no algo (%s)",
			    name, fdt_strerror(len));
	if (len != sizeof("sha256") || memcmp(algo, "sha256", sizeof("sha256")) != 0) {
		char text[24];

		prop_text(algo, len, text, sizeof(text));
		return fail(rcInvalidArgument, err,
			    "image '%s': unsupported hash algo '%s' (only sha256)", name, text);
	}

	value = fdt_getprop(fit, hash, "value", &len);
	if (!value)
		return fail(rcInvalidArgument, err, "image '%s': " HASH_NODE " has no value (%s)",
			    name, fdt_strerror(len));
	if (len != SHA256_DIGEST_SIZE)
		return fail(rcInvalidArgument, err,
			    "image '%s': sha256 value is %d bytes, expected %d", name, len,
			    SHA256_DIGEST_SIZE);

	sha256(data, (size_t)data_len, digest);
	if (memcmp(digest, value, SHA256_DIGEST_SIZE) != 0)
		return fail(rcInvalidArgument, err, "image '%s': sha256 mismatch", name);
	return rcOk;
}

int package_open(struct package *pkg, const void *buf, uint64_t buf_size, const char **err)
{
	int images, node, rc;

	if (!pkg || (!buf && buf_size))
		return fail(rcInvalidArgument, err, "package_open: NULL argument");
	pkg->fit = NULL;
	pkg->size = 0;

	rc = check_header(buf, buf_size, err);
	if (rc != rcOk)
		return rc;

	images = fdt_path_offset(buf, IMAGES_PATH);
	if (images == -FDT_ERR_NOTFOUND)
		return fail(rcInvalidArgument, err, "package has no " IMAGES_PATH " node");
	if (images < 0)
		return fail(rcInvalidArgument, err, "package: cannot read " IMAGES_PATH ": %s",
			    fdt_strerror(images));

	fdt_for_each_subnode(node, buf, images) {
		rc = verify_image(buf, node, err);
		if (rc != rcOk)
			return rc;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return fail(rcInvalidArgument, err, "package: cannot walk " IMAGES_PATH ": %s",
			    fdt_strerror(node));

	/* Publish only a fully verified package, so package_image() never sees a bad one. */
	pkg->fit = buf;
	pkg->size = fdt_totalsize(buf);
	ok(err);
	return rcOk;
}

int package_image(const struct package *pkg, const char *name, const void **data, uint64_t *size,
		  const char **err)
{
	const void *prop;
	int images, node, len;

	if (!pkg || !pkg->fit || !name || !data || !size)
		return fail(rcInvalidArgument, err,
			    "package_image: no open package or NULL argument");

	images = fdt_path_offset(pkg->fit, IMAGES_PATH);
	if (images < 0)
		return fail(rcInvalidArgument, err, "package: cannot read " IMAGES_PATH ": %s",
			    fdt_strerror(images));
	node = fdt_subnode_offset(pkg->fit, images, name);
	if (node == -FDT_ERR_NOTFOUND)
		return fail(rcResourceNotFound, err, "no image '%s' in the package", name);
	if (node < 0)
		return fail(rcInvalidArgument, err, "image '%s': %s", name, fdt_strerror(node));
	prop = fdt_getprop(pkg->fit, node, "data", &len);
	if (!prop)
		return fail(rcInvalidArgument, err, "image '%s': %s", name, fdt_strerror(len));

	*data = prop;
	*size = (uint64_t)len;
	ok(err);
	return rcOk;
}
