/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The chunk-digest table of the boot package: FIT image "chunk-digests", written by the solution
 * tool (partitions/tools/solution/chunks.c) and read by the hypervisor (hyp/core/package.c).
 *
 * SHA-256 is sequential, so one digest per image can only be checked by one CPU. The table
 * gives every image a digest per CHUNK_SIZE bytes as well, so that all CPUs verify chunks at
 * once at boot. The table is itself an image of the package with its own sha256 hash-1 node,
 * which the hypervisor checks first; each image keeps its hash-1 of the whole data too, so the
 * package stays an ordinary FIT that U-Boot's tools list and check.
 *
 * Layout, all integers little endian, no padding:
 *
 *   header   magic[8] = "BHCHUNK1", le32 chunk_size, le32 nimages
 *   entries  nimages x { name[32] (NUL-terminated, NUL-padded), le64 size, le32 first,
 *                        le32 nchunks }
 *   digests  sum(nchunks) x 32 bytes: entry i's chunks are digests first .. first+nchunks-1
 *
 * chunk_size is a power of two from BH_CHUNK_SIZE_MIN to BH_CHUNK_SIZE_MAX; an entry's
 * nchunks is size / chunk_size rounded up (at least 1: an empty image has the digest of no
 * bytes), entries' digests follow each other in entry order, and the table ends exactly after
 * the last digest. An image the table does not list is verified by its hash-1 alone.
 */
#ifndef UAPI_BULKHEAD_CHUNKS_H
#define UAPI_BULKHEAD_CHUNKS_H

#include <uapi/bulkhead/layout.h>

#define BH_PACKAGE_CHUNKS_IMAGE "chunk-digests"

#define BH_CHUNKS_MAGIC "BHCHUNK1"
#define BH_CHUNKS_MAGIC_SIZE 8
#define BH_CHUNKS_HEADER_SIZE 16
#define BH_CHUNKS_NAME_SIZE BH_NAME_MAX /* an image name, NUL included */
#define BH_CHUNKS_ENTRY_SIZE 48
#define BH_CHUNKS_DIGEST_SIZE 32

#define BH_CHUNK_SIZE_MIN 0x1000u      /* 4 KiB */
#define BH_CHUNK_SIZE_MAX 0x4000000u   /* 64 MiB */
#define BH_CHUNK_SIZE_DEFAULT 0x100000u /* 1 MiB: what the solution tool writes */

#endif
