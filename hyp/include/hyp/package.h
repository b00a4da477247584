/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot package: a FIT image (a flattened device tree made by mkimage) carrying the
 * manifest and every partition ELF, each with a sha256 hash node. The hypervisor refuses a
 * package whose header, structure or any hash is wrong before it starts anything.
 */
#ifndef HYP_PACKAGE_H
#define HYP_PACKAGE_H

#include <stdint.h>

struct package {
	const void *fit;
	uint64_t size;
	/* What package_open() checked: images, their bytes, the hashing jobs (chunks). */
	uint32_t nimages;
	uint32_t njobs;
	uint64_t image_bytes;
};

/*
 * Check the FDT header (magic, version, totalsize <= buf_size), the /images node, and that
 * every image under /images has inline "data" and a "hash-1" node with algo = "sha256" whose
 * "value" matches. Returns rcOk or rcInvalidArgument with *err naming what is wrong, e.g.
 * "image 'hello': sha256 mismatch" or "package truncated: header says 4096 bytes, 1000 loaded".
 * buf must be 8-byte aligned. Only inline "data" is accepted (not mkimage -E external data).
 * On success pkg->size is the FDT totalsize and *err is NULL. For both functions err may be
 * NULL and *err points to a static buffer (not reentrant) valid until the next call.
 */
int package_open(struct package *pkg, const void *buf, uint64_t buf_size, const char **err);

/* Find image `name` (already verified by package_open). rcOk or rcResourceNotFound. */
int package_image(const struct package *pkg, const char *name, const void **data, uint64_t *size,
		  const char **err);

#endif
