// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>

#include <criterion/criterion.h>
#include <hyp/page_alloc.h>

#include "fake_mem.h"

#define PA(off) pa_init(FAKE_MEM_BASE + (off))

TestSuite(page_alloc, .init = fake_mem_setup);

Test(page_alloc, starts_with_every_page_free)
{
	cr_assert_eq(page_alloc_total_pages(), FAKE_MEM_PAGES);
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(page_alloc, allocates_inside_the_managed_range_and_counts_pages)
{
	paddr_t pa;

	cr_assert(page_alloc(3, PAGE_SIZE, &pa));
	cr_assert_geq(pa_addr(pa), FAKE_MEM_BASE);
	cr_assert_leq(pa_addr(pa) + 3 * PAGE_SIZE, FAKE_MEM_BASE + FAKE_MEM_SIZE);
	cr_assert(IS_ALIGNED(pa_addr(pa), PAGE_SIZE));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES - 3);
	cr_assert(page_free(pa, 3));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(page_alloc, honours_2m_alignment_after_a_small_allocation)
{
	paddr_t small, big;

	cr_assert(page_alloc(1, PAGE_SIZE, &small));
	cr_assert(page_alloc(512, BLOCK_2M_SIZE, &big));
	cr_assert(IS_ALIGNED(pa_addr(big), BLOCK_2M_SIZE), "0x%llx",
		  (unsigned long long)pa_addr(big));
	/* The run must not cover the page already handed out. */
	cr_assert(pa_addr(big) >= pa_addr(small) + PAGE_SIZE ||
		  pa_addr(big) + BLOCK_2M_SIZE <= pa_addr(small));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES - 513);
}

Test(page_alloc, alignment_is_relative_to_physical_addresses_not_the_range_start)
{
	static uint64_t bits[FAKE_MEM_PAGES / 64];
	paddr_t pa;

	/* A range starting one page past a 2 MiB boundary: the first aligned page is index 511. */
	page_alloc_init(PA(PAGE_SIZE), 2048, bits);
	cr_assert(page_alloc(1, BLOCK_2M_SIZE, &pa));
	cr_assert_eq(pa_addr(pa), FAKE_MEM_BASE + BLOCK_2M_SIZE);
}

Test(page_alloc, rejects_bad_alignment_and_zero_pages)
{
	paddr_t pa;

	cr_assert_not(page_alloc(1, 0, &pa));
	cr_assert_not(page_alloc(1, PAGE_SIZE / 2, &pa));
	cr_assert_not(page_alloc(1, 3 * PAGE_SIZE, &pa));
	cr_assert_not(page_alloc(0, PAGE_SIZE, &pa));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(page_alloc, exhaustion_returns_false)
{
	paddr_t pa;

	cr_assert(page_alloc(FAKE_MEM_PAGES, PAGE_SIZE, &pa));
	cr_assert_eq(pa_addr(pa), FAKE_MEM_BASE);
	cr_assert_eq(page_alloc_free_pages(), 0);
	cr_assert_not(page_alloc(1, PAGE_SIZE, &pa));
	cr_assert_not(page_alloc_zeroed(&pa));
}

Test(page_alloc, request_larger_than_memory_fails_without_side_effects)
{
	paddr_t pa;

	cr_assert_not(page_alloc(FAKE_MEM_PAGES + 1, PAGE_SIZE, &pa));
	cr_assert_not(page_alloc(SIZE_MAX, PAGE_SIZE, &pa));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(page_alloc, fragmented_memory_refuses_a_run_longer_than_any_hole)
{
	paddr_t pa[8];

	fake_mem_setup_pages(8);
	for (int i = 0; i < 8; i++)
		cr_assert(page_alloc(1, PAGE_SIZE, &pa[i]));
	/* Free every other page: 4 free pages, but no two adjacent. */
	for (int i = 0; i < 8; i += 2)
		cr_assert(page_free(pa[i], 1));
	cr_assert_eq(page_alloc_free_pages(), 4);
	cr_assert_not(page_alloc(2, PAGE_SIZE, &pa[0]));
	cr_assert(page_alloc(1, PAGE_SIZE, &pa[0]));
}

Test(page_alloc, freed_pages_are_reused)
{
	paddr_t a, b;

	fake_mem_setup_pages(4);
	cr_assert(page_alloc(4, PAGE_SIZE, &a));
	cr_assert_not(page_alloc(1, PAGE_SIZE, &b));
	cr_assert(page_free(pa_add(a, 2 * PAGE_SIZE), 1));
	cr_assert(page_alloc(1, PAGE_SIZE, &b));
	cr_assert_eq(pa_addr(b), pa_addr(a) + 2 * PAGE_SIZE);
}

Test(page_alloc, reserve_excludes_the_range_from_allocation)
{
	paddr_t pa;

	fake_mem_setup_pages(16);
	/* Unaligned bounds round outward: pages 1..4 become used. */
	page_alloc_reserve(PA(PAGE_SIZE + 100), 3 * PAGE_SIZE);
	cr_assert_eq(page_alloc_free_pages(), 12);
	cr_assert(page_alloc(1, PAGE_SIZE, &pa));
	cr_assert_eq(pa_addr(pa), FAKE_MEM_BASE);
	cr_assert(page_alloc(1, PAGE_SIZE, &pa));
	cr_assert_eq(pa_addr(pa), FAKE_MEM_BASE + 5 * PAGE_SIZE);
	/* 10 pages left, but only the ones after page 5 are contiguous: 6..15. */
	cr_assert(page_alloc(10, PAGE_SIZE, &pa));
	cr_assert_eq(pa_addr(pa), FAKE_MEM_BASE + 6 * PAGE_SIZE);
	cr_assert_eq(page_alloc_free_pages(), 0);
}

Test(page_alloc, reserve_clips_to_the_managed_range_and_is_idempotent)
{
	fake_mem_setup_pages(16);
	page_alloc_reserve(pa_init(FAKE_MEM_BASE - 2 * PAGE_SIZE), 3 * PAGE_SIZE);
	cr_assert_eq(page_alloc_free_pages(), 15);
	page_alloc_reserve(PA(0), PAGE_SIZE);
	cr_assert_eq(page_alloc_free_pages(), 15);
	page_alloc_reserve(PA(15 * PAGE_SIZE), 100 * PAGE_SIZE);
	cr_assert_eq(page_alloc_free_pages(), 14);
	page_alloc_reserve(pa_init(0x1000), 0x1000);
	page_alloc_reserve(PA(2 * PAGE_SIZE), 0);
	page_alloc_reserve(pa_init(UINT64_MAX - 10), 100);
	cr_assert_eq(page_alloc_free_pages(), 14);
}

Test(page_alloc, double_free_is_rejected_and_changes_nothing)
{
	paddr_t pa;

	cr_assert(page_alloc(2, PAGE_SIZE, &pa));
	cr_assert(page_free(pa, 2));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
	cr_assert_not(page_free(pa, 2));
	cr_assert_not(page_free(pa, 1));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(page_alloc, partly_free_run_is_rejected_whole)
{
	paddr_t pa;

	cr_assert(page_alloc(3, PAGE_SIZE, &pa));
	cr_assert(page_free(pa_add(pa, PAGE_SIZE), 1));
	/* Page 1 of the run is free: nothing may be freed, pages 0 and 2 stay allocated. */
	cr_assert_not(page_free(pa, 3));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES - 2);
	cr_assert(page_free(pa, 1));
	cr_assert(page_free(pa_add(pa, 2 * PAGE_SIZE), 1));
}

Test(page_alloc, free_outside_the_range_or_misaligned_is_rejected)
{
	paddr_t pa;

	cr_assert(page_alloc(1, PAGE_SIZE, &pa));
	cr_assert_not(page_free(pa_add(pa, 1), 1));
	cr_assert_not(page_free(pa, 0));
	cr_assert_not(page_free(pa_init(FAKE_MEM_BASE - PAGE_SIZE), 1));
	cr_assert_not(page_free(pa_init(FAKE_MEM_BASE + FAKE_MEM_SIZE), 1));
	cr_assert_not(page_free(pa, FAKE_MEM_PAGES + 1));
	cr_assert_not(page_free(pa, SIZE_MAX));
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES - 1);
}

Test(page_alloc, zeroed_page_is_all_zero)
{
	paddr_t pa;
	const uint8_t *p;

	/* fake_mem_setup poisoned the memory, so zeroes here were written by the allocator. */
	cr_assert(page_alloc_zeroed(&pa));
	p = pa_to_va(pa);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(p[i], 0, "byte %zu is 0x%02x", i, p[i]);
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES - 1);
}

Test(page_alloc, plain_allocation_does_not_zero)
{
	paddr_t pa;

	cr_assert(page_alloc(1, PAGE_SIZE, &pa));
	cr_assert_eq(*(uint8_t *)pa_to_va(pa), FAKE_MEM_POISON);
}
