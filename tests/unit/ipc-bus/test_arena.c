// SPDX-License-Identifier: GPL-2.0-only
/* The arena helpers of libkos (nk/arena.h): limits, alignment, checked reads. */
#include <string.h>

#include <criterion/criterion.h>

#include <nk/arena.h>

Test(nk_arena, stores_aligned_and_refuses_when_full)
{
	_Alignas(8) char buf[32];
	struct nk_arena a = NK_ARENA_INITIALIZER(buf, sizeof(buf));
	nk_ptr_t c1, c2, c3;

	cr_assert_eq(nk_arena_store(&a, &c1, "abc", 3), NK_EOK);
	cr_expect_eq(c1.offset, 0);
	cr_expect_eq(c1.size, 3);
	cr_assert_eq(nk_arena_store(&a, &c2, "0123456789abcdef", 16), NK_EOK);
	cr_expect_eq(c2.offset, 8);
	cr_expect_eq(nk_arena_used(&a), 24);
	/* 8 bytes are left: 9 do not fit, 8 do. */
	cr_expect_eq(nk_arena_store(&a, &c3, "123456789", 9), NK_ENOMEM);
	cr_expect_eq(nk_arena_used(&a), 24);
	cr_expect_eq(nk_arena_store(&a, &c3, "12345678", 8), NK_EOK);
	cr_expect_eq(nk_arena_used(&a), 32);
	cr_expect_null(nk_arena_alloc(&a, &c3, 1));
	nk_arena_reset(&a);
	cr_expect_eq(nk_arena_used(&a), 0);
}

Test(nk_arena, reads_are_checked_against_the_used_part)
{
	_Alignas(8) char buf[64];
	struct nk_arena a;
	nk_ptr_t c, bad;
	size_t n;

	nk_arena_init(&a, buf, sizeof(buf));
	cr_assert_eq(nk_arena_store_string(&a, &c, "hello", 5), NK_EOK);
	cr_expect_str_eq(nk_arena_get_string(&a, &c), "hello");
	cr_expect_eq(nk_arena_store_string(&a, &bad, "hello!", 5), NK_ENOMEM);
	bad = (nk_ptr_t){c.offset, c.size - 1}; /* cuts off the NUL */
	cr_expect_null(nk_arena_get_string(&a, &bad));
	bad = (nk_ptr_t){0, 7}; /* past the used part */
	cr_expect_null(nk_arena_get(&a, &bad, &n));
	cr_expect_eq(n, 0);
	bad = (nk_ptr_t){0xffffffffu, 2};
	cr_expect_null(nk_arena_get(&a, &bad, NULL));
	bad = (nk_ptr_t){0, 6};
	cr_expect_null(nk_arena_get_array(&a, &bad, 4, &n));
	cr_expect_not_null(nk_arena_get_array(&a, &c, 3, &n));
	cr_expect_eq(n, 2);
	cr_expect_null(nk_arena_get(NULL, &c, &n));
	/* A string with an early NUL is refused: its length would not be the chunk's. */
	cr_assert_eq(nk_arena_store(&a, &c, "ab\0cd", 6), NK_EOK);
	cr_expect_null(nk_arena_get_string(&a, &c));
}
