// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/sha256.h>

static void hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1])
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void assert_digest(const void *msg, size_t len, const char *expect)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[2 * SHA256_DIGEST_SIZE + 1];

	sha256(msg, len, d);
	hex(d, got);
	cr_assert_str_eq(got, expect);
}

/* FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf", "SHA256ShortMsg"/"LongMsg"). */
Test(sha256, empty_message)
{
	assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_digest(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc_one_block)
{
	assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, message_448_bits_needs_a_second_padding_block)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	cr_assert_eq(strlen(m), 56);
	assert_digest(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, message_896_bits)
{
	const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	cr_assert_eq(strlen(m), 112);
	assert_digest(m, 112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

Test(sha256, one_million_a)
{
	size_t n = 1000000;
	char *m = malloc(n);

	cr_assert_not_null(m);
	memset(m, 'a', n);
	assert_digest(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

Test(sha256, one_million_a_fed_in_small_pieces)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[2 * SHA256_DIGEST_SIZE + 1];
	char chunk[1000];

	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha256_update(&ctx, chunk, sizeof(chunk));
	sha256_final(&ctx, d);
	hex(d, got);
	cr_assert_str_eq(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Digests of n 'a' bytes from an independent implementation (Python's hashlib). */
Test(sha256, lengths_at_the_padding_boundaries_match_known_digests)
{
	static const struct {
		size_t len;
		const char *digest;
	} kat[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char msg[120];

	memset(msg, 'a', sizeof(msg));
	for (size_t i = 0; i < sizeof(kat) / sizeof(kat[0]); i++)
		assert_digest(msg, kat[i].len, kat[i].digest);
}

Test(sha256, lengths_around_the_padding_boundary_match_incremental)
{
	/* 55, 56 and 63, 64, 65 bytes are the lengths where padding changes shape. */
	uint8_t msg[200];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(msg); len++) {
		uint8_t one[SHA256_DIGEST_SIZE], bytes[SHA256_DIGEST_SIZE];
		struct sha256_ctx ctx;

		sha256(msg, len, one);
		sha256_init(&ctx);
		for (size_t i = 0; i < len; i++)
			sha256_update(&ctx, msg + i, 1);
		sha256_final(&ctx, bytes);
		cr_assert_arr_eq(one, bytes, SHA256_DIGEST_SIZE, "length %zu", len);
	}
}

Test(sha256, odd_sized_chunks_equal_one_shot)
{
	static const size_t chunks[] = { 1, 3, 7, 13, 63, 64, 65, 127, 129, 0, 200, 5 };
	size_t n = 10007;
	uint8_t *msg = malloc(n);
	uint8_t one[SHA256_DIGEST_SIZE], inc[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	size_t off = 0, c = 0;

	cr_assert_not_null(msg);
	for (size_t i = 0; i < n; i++)
		msg[i] = (uint8_t)(i ^ (i >> 8));
	sha256(msg, n, one);

	sha256_init(&ctx);
	while (off < n) {
		size_t len = chunks[c++ % (sizeof(chunks) / sizeof(chunks[0]))];

		if (len > n - off)
			len = n - off;
		sha256_update(&ctx, msg + off, len);
		off += len;
	}
	sha256_final(&ctx, inc);
	cr_assert_arr_eq(one, inc, SHA256_DIGEST_SIZE);
	free(msg);
}

Test(sha256, unaligned_input_gives_the_same_digest)
{
	uint8_t buf[1 + 3];
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[2 * SHA256_DIGEST_SIZE + 1];

	memcpy(buf + 1, "abc", 3);
	sha256(buf + 1, 3, d);
	hex(d, got);
	cr_assert_str_eq(got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, self_test_passes)
{
	cr_assert(sha256_self_test());
}
