// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 as specified in FIPS 180-4, sections 4.1.2 (functions), 4.2.2 (constants),
 * 5.1.1 (padding), 5.3.3 (initial hash value) and 6.2.2 (hash computation). Bytes are
 * loaded and stored big endian explicitly so the code does not depend on the host's byte order
 * or on the alignment of the caller's buffer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <hyp/sha256.h>

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static inline uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static inline uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void compress(uint32_t state[8], const uint8_t block[64])
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, h;

	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (int t = 16; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];

	a = state[0];
	b = state[1];
	c = state[2];
	d = state[3];
	e = state[4];
	f = state[5];
	g = state[6];
	h = state[7];
	for (int t = 0; t < 64; t++) {
		uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) + sha256_k[t] + w[t];
		uint32_t t2 = big_sigma0(a) + maj(a, b, c);

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
	/* First 32 bits of the fractional parts of the square roots of the first 8 primes. */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(ctx->state, h0, sizeof(h0));
	ctx->length = 0;
	ctx->buf_len = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	/* memcpy from a NULL pointer is undefined even for 0 bytes; sha256(NULL, 0) is valid. */
	if (len == 0)
		return;
	ctx->length += len;
	if (ctx->buf_len) {
		size_t n = sizeof(ctx->buf) - ctx->buf_len;

		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buf_len, p, n);
		ctx->buf_len += n;
		p += n;
		len -= n;
		if (ctx->buf_len < sizeof(ctx->buf))
			return;
		compress(ctx->state, ctx->buf);
		ctx->buf_len = 0;
	}
	/* Whole blocks straight from the caller's buffer: no copy for the bulk of an image. */
	if (len >= sizeof(ctx->buf)) {
		size_t done = sha256_blocks_arch(ctx->state, p, len / sizeof(ctx->buf));

		p += done * sizeof(ctx->buf);
		len -= done * sizeof(ctx->buf);
	}
	while (len >= sizeof(ctx->buf)) {
		compress(ctx->state, p);
		p += sizeof(ctx->buf);
		len -= sizeof(ctx->buf);
	}
	if (len) {
		memcpy(ctx->buf, p, len);
		ctx->buf_len = len;
	}
}

void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE])
{
	/* The message length in bits, taken before padding changes ctx->length. */
	uint64_t bits = ctx->length * 8;

	/* Padding (5.1.1): a 1 bit, zeros up to 56 mod 64 bytes, then the 64-bit length. */
	ctx->buf[ctx->buf_len++] = 0x80;
	if (ctx->buf_len > 56) {
		memset(ctx->buf + ctx->buf_len, 0, sizeof(ctx->buf) - ctx->buf_len);
		compress(ctx->state, ctx->buf);
		ctx->buf_len = 0;
	}
	memset(ctx->buf + ctx->buf_len, 0, 56 - ctx->buf_len);
	store_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->buf + 60, (uint32_t)bits);
	compress(ctx->state, ctx->buf);

	for (int i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
	/* Do not leave message bytes behind in a context the caller may keep around. */
	memset(ctx, 0, sizeof(*ctx));
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}

/*
 * The portable compression and the architecture's must agree, and both must give FIPS 180-4's
 * digest of its 896-bit example (which sends one whole block through sha256_update()).
 * Checked before the boot package is trusted to them; a few microseconds.
 */
bool sha256_self_test(void)
{
	static const char msg[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
				  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	static const uint8_t want[SHA256_DIGEST_SIZE] = {
		0xcf, 0x5b, 0x16, 0xa7, 0x78, 0xaf, 0x83, 0x80, 0x03, 0x6c, 0xe5,
		0x9e, 0x7b, 0x04, 0x92, 0x37, 0x0b, 0x24, 0x9b, 0x11, 0xe8, 0xf0,
		0x7a, 0x51, 0xaf, 0xac, 0x45, 0x03, 0x7a, 0xfe, 0xe9, 0xd1,
	};
	uint8_t block[64 * 5], digest[SHA256_DIGEST_SIZE];
	uint32_t arch[8], portable[8];
	struct sha256_ctx ctx;
	size_t done;

	sha256(msg, sizeof(msg) - 1, digest);
	if (memcmp(digest, want, sizeof(want)))
		return false;

	/* Several blocks in one call: the state carried from block to block. */
	for (size_t i = 0; i < sizeof(block); i++)
		block[i] = (uint8_t)(i * 131 + 7);
	sha256_init(&ctx);
	memcpy(arch, ctx.state, sizeof(arch));
	memcpy(portable, ctx.state, sizeof(portable));
	done = sha256_blocks_arch(arch, block, sizeof(block) / 64);
	if (done == 0)
		return true; /* nothing to compare: the portable code does every block */
	if (done != sizeof(block) / 64)
		return false;
	for (size_t i = 0; i < done; i++)
		compress(portable, block + 64 * i);
	return memcmp(arch, portable, sizeof(arch)) == 0;
}
