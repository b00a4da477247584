// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot package (FIT) reader. package_open() does all the distrustful work once: header,
 * whole-tree structure and every image hash are checked before anything is used, so later
 * lookups only have to find a node.
 *
 * The hashing is shared out to every CPU (boot_parallel()): an image that the chunk-digest
 * table (uapi/bulkhead/chunks.h) lists is checked chunk by chunk against it, any other image
 * as a whole against its hash-1. The table itself is checked against its own hash-1 first,
 * so every byte of every image is covered by a digest whose chain leads to a verified one.
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

#include <hyp/boot_parallel.h>
#include <hyp/package.h>
#include <hyp/package_chunks.h>
#include <hyp/printf.h>
#include <hyp/sha256.h>
#include <uapi/bulkhead/chunks.h>
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

/* What one image node offers for verification, its metadata checked. */
struct image_meta {
	const char *name;
	const uint8_t *data;
	uint64_t size;
	const uint8_t *sha256; /* hash-1's value */
};

static int image_meta(const void *fit, int node, struct image_meta *m, const char **err)
{
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

	m->name = name;
	m->data = data;
	m->size = (uint64_t)data_len;
	m->sha256 = value;
	return rcOk;
}

/*
 * The work of verifying the package: one job per chunk of an image the chunk table lists,
 * one per other image (its whole data against hash-1). All CPUs take jobs in turn.
 */
#define MAX_JOBS 2048u

struct verify_job {
	const uint8_t *data;
	uint64_t len;
	const uint8_t *digest;
	const char *image;
	uint32_t chunk;    /* chunk number, or NO_CHUNK for a whole image */
	bool mismatch;
};

#define NO_CHUNK UINT32_MAX

static struct verify_run {
	struct verify_job jobs[MAX_JOBS];
	uint32_t njobs;
	uint32_t next;	    /* the next job to take */
	uint32_t finished; /* jobs whose result is written */
} run;

static void verify_jobs(void *arg)
{
	struct verify_run *r = arg;

	for (;;) {
		uint32_t i = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED);
		struct verify_job *j;
		uint8_t digest[SHA256_DIGEST_SIZE];

		if (i >= r->njobs)
			return;
		j = &r->jobs[i];
		sha256(j->data, (size_t)j->len, digest);
		j->mismatch = memcmp(digest, j->digest, SHA256_DIGEST_SIZE) != 0;
		__atomic_fetch_add(&r->finished, 1, __ATOMIC_RELEASE);
	}
}

static int add_job(const uint8_t *data, uint64_t len, const uint8_t *digest, const char *image,
		   uint32_t chunk, const char **err)
{
	struct verify_job *j;

	if (run.njobs == MAX_JOBS)
		return fail(rcInvalidArgument, err,
			    "package: more than %u chunks and images to verify", MAX_JOBS);
	j = &run.jobs[run.njobs++];
	*j = (struct verify_job){ .data = data, .len = len, .digest = digest, .image = image,
				  .chunk = chunk };
	return rcOk;
}

/* Jobs for image m: its chunks when the table lists it, else the whole image. */
static int add_image_jobs(const struct chunk_table *t, const struct image_meta *m,
			  bool *listed, const char **err)
{
	struct chunk_entry e;
	int idx = t ? chunk_table_find(t, m->name) : -1;
	int rc;

	if (idx < 0)
		return add_job(m->data, m->size, m->sha256, m->name, NO_CHUNK, err);
	chunk_table_entry(t, (uint32_t)idx, &e);
	if (e.size != m->size)
		return fail(rcInvalidArgument, err,
			    "image '%s': %llu bytes, but the chunk table says %llu", m->name,
			    (ull)m->size, (ull)e.size);
	listed[idx] = true;
	for (uint32_t c = 0; c < e.nchunks; c++) {
		uint64_t off = (uint64_t)c * t->chunk_size;
		uint64_t len = m->size - off < t->chunk_size ? m->size - off : t->chunk_size;

		rc = add_job(m->data + off, len, chunk_table_digest(t, e.first + c), m->name, c,
			     err);
		if (rc != rcOk)
			return rc;
	}
	return rcOk;
}

/*
 * The chunk-digest table, when the package has one: checked against its own hash-1 (on this
 * CPU, it is small) and parsed. *have is false for a package without one.
 */
static int open_chunk_table(const void *fit, int images, struct chunk_table *t, bool *have,
			    const char **err)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct image_meta m;
	char msg[128];
	int node = fdt_subnode_offset(fit, images, BH_PACKAGE_CHUNKS_IMAGE);
	int rc;

	*have = false;
	if (node == -FDT_ERR_NOTFOUND)
		return rcOk;
	if (node < 0)
		return fail(rcInvalidArgument, err, "image '" BH_PACKAGE_CHUNKS_IMAGE "': %s",
			    fdt_strerror(node));
	rc = image_meta(fit, node, &m, err);
	if (rc != rcOk)
		return rc;
	sha256(m.data, (size_t)m.size, digest);
	if (memcmp(digest, m.sha256, SHA256_DIGEST_SIZE) != 0)
		return fail(rcInvalidArgument, err, "image '%s': sha256 mismatch", m.name);
	if (chunk_table_parse(t, m.data, m.size, msg, sizeof(msg)))
		return fail(rcInvalidArgument, err, "image '%s': %s", m.name, msg);
	*have = true;
	return rcOk;
}

static int plan_jobs(const void *fit, int images, const char **err)
{
	static bool listed[CHUNK_TABLE_MAX_IMAGES];
	struct chunk_table table = { 0 }; /* set on success; LTO cannot tell */
	struct image_meta m;
	bool have_table;
	int node, rc;

	run.njobs = 0;
	run.next = 0;
	run.finished = 0;
	rc = open_chunk_table(fit, images, &table, &have_table, err);
	if (rc != rcOk)
		return rc;
	memset(listed, 0, sizeof(listed));
	fdt_for_each_subnode(node, fit, images) {
		rc = image_meta(fit, node, &m, err);
		if (rc != rcOk)
			return rc;
		if (have_table && !strcmp(m.name, BH_PACKAGE_CHUNKS_IMAGE))
			continue;
		rc = add_image_jobs(have_table ? &table : NULL, &m, listed, err);
		if (rc != rcOk)
			return rc;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return fail(rcInvalidArgument, err, "package: cannot walk " IMAGES_PATH ": %s",
			    fdt_strerror(node));
	/* A table entry without its image means the table and the package disagree. */
	for (uint32_t i = 0; have_table && i < table.nimages; i++) {
		struct chunk_entry e;

		if (listed[i])
			continue;
		chunk_table_entry(&table, i, &e);
		return fail(rcInvalidArgument, err,
			    "image '" BH_PACKAGE_CHUNKS_IMAGE "' lists image '%s', which the "
			    "package does not have", e.name);
	}
	return rcOk;
}

/* Every job on every CPU; then the first mismatch in package order, if any. */
static int run_jobs(const char **err)
{
	boot_parallel(verify_jobs, &run);
	/* A CPU that joined late may still be finishing a job it took. */
	while (__atomic_load_n(&run.finished, __ATOMIC_ACQUIRE) < run.njobs)
		;
	for (uint32_t i = 0; i < run.njobs; i++) {
		const struct verify_job *j = &run.jobs[i];

		if (!j->mismatch)
			continue;
		if (j->chunk == NO_CHUNK)
			return fail(rcInvalidArgument, err, "image '%s': sha256 mismatch", j->image);
		return fail(rcInvalidArgument, err,
			    "image '%s': sha256 mismatch in chunk %u (bytes 0x%llx..0x%llx)",
			    j->image, j->chunk, (ull)(j->data - run.jobs[i - j->chunk].data),
			    (ull)(j->data - run.jobs[i - j->chunk].data + j->len - 1));
	}
	return rcOk;
}

int package_open(struct package *pkg, const void *buf, uint64_t buf_size, const char **err)
{
	int images, rc;

	if (!pkg || (!buf && buf_size))
		return fail(rcInvalidArgument, err, "package_open: NULL argument");
	pkg->fit = NULL;
	pkg->size = 0;
	pkg->nimages = 0;

	rc = check_header(buf, buf_size, err);
	if (rc != rcOk)
		return rc;

	images = fdt_path_offset(buf, IMAGES_PATH);
	if (images == -FDT_ERR_NOTFOUND)
		return fail(rcInvalidArgument, err, "package has no " IMAGES_PATH " node");
	if (images < 0)
		return fail(rcInvalidArgument, err, "package: cannot read " IMAGES_PATH ": %s",
			    fdt_strerror(images));

	rc = plan_jobs(buf, images, err);
	if (rc == rcOk)
		rc = run_jobs(err);
	if (rc != rcOk)
		return rc;

	/* Publish only a fully verified package, so package_image() never sees a bad one. */
	pkg->fit = buf;
	pkg->size = fdt_totalsize(buf);
	pkg->njobs = run.njobs;
	pkg->nimages = 0;
	pkg->image_bytes = 0;
	for (uint32_t i = 0; i < run.njobs; i++) {
		pkg->nimages += run.jobs[i].chunk == 0 || run.jobs[i].chunk == NO_CHUNK;
		pkg->image_bytes += run.jobs[i].len;
	}
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
