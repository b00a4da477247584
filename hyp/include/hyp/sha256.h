/* SPDX-License-Identifier: GPL-2.0-only */
/* SHA-256 (FIPS 180-4), for verifying the images of the boot package. */
#ifndef HYP_SHA256_H
#define HYP_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256_ctx {
	uint32_t state[8];
	uint64_t length;  /* bytes hashed so far */
	uint8_t buf[64];
	size_t buf_len;
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);
/* FIPS 180-4's example digest, and the architecture's compression equal to the portable one. */
bool sha256_self_test(void);

/* The round constants K (FIPS 180-4, 4.2.2). */
extern const uint32_t sha256_k[64];
/*
 * Compress as many of nblocks 64-byte blocks as the CPU can with dedicated instructions and
 * return how many it did (all or none); the portable code does the rest. The architecture
 * provides it (hyp/arch/arm64/sha256_arch.c); host unit tests link a version that does none.
 */
size_t sha256_blocks_arch(uint32_t state[8], const uint8_t *data, size_t nblocks);

#endif
