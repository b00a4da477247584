// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/page_alloc.h>
#include <hyp/stage2.h>
#include <uapi/bulkhead/retcode.h>

#include "fake_mem.h"

#define VMID 7
#define IPA0 0x40000000ull  /* 1 GiB aligned */
#define PA0 0x80000000ull   /* mapped memory need not exist: only tables are touched */
#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull

/* Descriptor fields, spelled out independently of stage2.c. */
#define OA_MASK 0x0000fffffffff000ull
#define TYPE_BLOCK 1ull
#define TYPE_TABLE 3ull
#define TYPE_PAGE 3ull
#define ATTR_NORMAL_RWX ((0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10))
#define ATTR_NORMAL_RO ((0xfull << 2) | (1ull << 6) | (3ull << 8) | (1ull << 10) | (1ull << 54))
#define ATTR_DEVICE_RW ((0x1ull << 2) | (3ull << 6) | (1ull << 10) | (1ull << 54))

static struct stage2 s2;
static size_t free_after_init;

static void setup(void)
{
	fake_mem_setup();
	cr_assert_eq(stage2_init(&s2, VMID), rcOk);
	free_after_init = page_alloc_free_pages();
}

TestSuite(stage2, .init = setup);

static const uint64_t *table(uint64_t desc)
{
	cr_assert_eq(desc & 3, TYPE_TABLE, "descriptor 0x%llx is not a table",
		     (unsigned long long)desc);
	return pa_to_va(pa_init(desc & OA_MASK));
}

static uint64_t l1_desc(uint64_t ipa)
{
	return ((const uint64_t *)pa_to_va(s2.root))[(ipa >> 30) & 511];
}

static uint64_t l2_desc(uint64_t ipa)
{
	return table(l1_desc(ipa))[(ipa >> 21) & 511];
}

static uint64_t l3_desc(uint64_t ipa)
{
	return table(l2_desc(ipa))[(ipa >> 12) & 511];
}

static void assert_maps(uint64_t ipa, uint64_t pa, enum stage2_attr attr)
{
	paddr_t got = pa_init(0);
	enum stage2_attr got_attr = (enum stage2_attr)-1;

	cr_assert(stage2_translate(&s2, ipa_init(ipa), &got, &got_attr), "IPA 0x%llx unmapped",
		  (unsigned long long)ipa);
	cr_assert_eq(pa_addr(got), pa, "IPA 0x%llx -> 0x%llx, want 0x%llx",
		     (unsigned long long)ipa, (unsigned long long)pa_addr(got),
		     (unsigned long long)pa);
	cr_assert_eq(got_attr, attr, "IPA 0x%llx attr %d, want %d", (unsigned long long)ipa,
		     got_attr, attr);
}

static void assert_unmapped(uint64_t ipa)
{
	paddr_t got;

	cr_assert_not(stage2_translate(&s2, ipa_init(ipa), &got, NULL), "IPA 0x%llx is mapped",
		      (unsigned long long)ipa);
}

static int map(uint64_t ipa, uint64_t pa, uint64_t size, enum stage2_attr attr)
{
	return stage2_map(&s2, ipa_init(ipa), pa_init(pa), size, attr);
}

static int unmap(uint64_t ipa, uint64_t size)
{
	return stage2_unmap(&s2, ipa_init(ipa), size);
}

/* Allocate pages until exactly `left` remain free; returns how many were taken. */
static size_t hoard_all_but(size_t left, paddr_t *first)
{
	size_t n = page_alloc_free_pages() - left;

	cr_assert(page_alloc(n, PAGE_SIZE, first), "cannot hoard %zu pages", n);
	cr_assert_eq(page_alloc_free_pages(), left);
	return n;
}

Test(stage2, init_allocates_one_zeroed_root_table)
{
	const uint64_t *root = pa_to_va(s2.root);

	cr_assert_eq(free_after_init, FAKE_MEM_PAGES - 1);
	cr_assert_eq(s2.vmid, VMID);
	for (int i = 0; i < 512; i++)
		cr_assert_eq(root[i], 0);
}

Test(stage2, init_without_memory_fails)
{
	struct stage2 other;
	paddr_t hoard;

	hoard_all_but(0, &hoard);
	cr_assert_eq(stage2_init(&other, 1), rcOutOfMemory);
}

Test(stage2, aligned_2m_range_uses_level2_blocks)
{
	cr_assert_eq(map(IPA0, PA0, 2 * SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(l2_desc(IPA0), PA0 | ATTR_NORMAL_RWX | TYPE_BLOCK);
	cr_assert_eq(l2_desc(IPA0 + SZ_2M), (PA0 + SZ_2M) | ATTR_NORMAL_RWX | TYPE_BLOCK);
	/* Root plus one level-2 table: no level-3 table was needed. */
	cr_assert_eq(page_alloc_free_pages(), free_after_init - 1);
	cr_assert_gt(fake_table_syncs, 0);
}

Test(stage2, unaligned_range_uses_level3_pages)
{
	cr_assert_eq(map(IPA0 + SZ_4K, PA0 + SZ_4K, 3 * SZ_4K, S2_NORMAL_RWX), rcOk);
	for (int i = 1; i <= 3; i++)
		cr_assert_eq(l3_desc(IPA0 + i * SZ_4K),
			     (PA0 + i * SZ_4K) | ATTR_NORMAL_RWX | TYPE_PAGE);
	cr_assert_eq(l3_desc(IPA0), 0);
	cr_assert_eq(l3_desc(IPA0 + 4 * SZ_4K), 0);
	cr_assert_eq(page_alloc_free_pages(), free_after_init - 2);
}

Test(stage2, aligned_ipa_with_unaligned_pa_uses_pages)
{
	cr_assert_eq(map(IPA0, PA0 + SZ_4K, SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(l2_desc(IPA0) & 3, TYPE_TABLE);
	cr_assert_eq(l3_desc(IPA0), (PA0 + SZ_4K) | ATTR_NORMAL_RWX | TYPE_PAGE);
	cr_assert_eq(l3_desc(IPA0 + SZ_2M - SZ_4K), (PA0 + SZ_2M) | ATTR_NORMAL_RWX | TYPE_PAGE);
}

Test(stage2, mixed_range_uses_pages_then_block_then_pages)
{
	uint64_t ipa = IPA0 + SZ_2M - SZ_4K, pa = PA0 + SZ_2M - SZ_4K;

	cr_assert_eq(map(ipa, pa, SZ_2M + 2 * SZ_4K, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(l3_desc(ipa), pa | ATTR_NORMAL_RWX | TYPE_PAGE);
	cr_assert_eq(l2_desc(IPA0 + SZ_2M), (PA0 + SZ_2M) | ATTR_NORMAL_RWX | TYPE_BLOCK);
	cr_assert_eq(l3_desc(IPA0 + 2 * SZ_2M), (PA0 + 2 * SZ_2M) | ATTR_NORMAL_RWX | TYPE_PAGE);
	assert_unmapped(IPA0 + 2 * SZ_2M + SZ_4K);
}

Test(stage2, read_only_and_device_descriptors_carry_their_attributes)
{
	cr_assert_eq(map(IPA0, PA0, SZ_4K, S2_NORMAL_RO), rcOk);
	cr_assert_eq(map(IPA0 + SZ_4K, 0x09000000, SZ_4K, S2_DEVICE_RW), rcOk);
	cr_assert_eq(map(IPA0 + SZ_2M, PA0 + SZ_2M, SZ_2M, S2_NORMAL_RO), rcOk);
	cr_assert_eq(l3_desc(IPA0), PA0 | ATTR_NORMAL_RO | TYPE_PAGE);
	cr_assert_eq(l3_desc(IPA0 + SZ_4K), 0x09000000ull | ATTR_DEVICE_RW | TYPE_PAGE);
	cr_assert_eq(l2_desc(IPA0 + SZ_2M), (PA0 + SZ_2M) | ATTR_NORMAL_RO | TYPE_BLOCK);
	assert_maps(IPA0 + 0x10, PA0 + 0x10, S2_NORMAL_RO);
	assert_maps(IPA0 + SZ_4K + 8, 0x09000008, S2_DEVICE_RW);
	assert_maps(IPA0 + SZ_2M + 0x1234, PA0 + SZ_2M + 0x1234, S2_NORMAL_RO);
}

Test(stage2, read_only_device_descriptor)
{
	cr_assert_eq(map(IPA0, 0x09010000, SZ_4K, S2_DEVICE_RO), rcOk);
	/* device-nGnRE, read-only (S2AP 01), access flag, execute-never */
	cr_assert_eq(l3_desc(IPA0), 0x09010000ull | (1ull << 2) | (1ull << 6) | (1ull << 10) |
					    (1ull << 54) | TYPE_PAGE);
	assert_maps(IPA0 + 4, 0x09010004, S2_DEVICE_RO);
}

Test(stage2, translate_pages_at_first_and_last_byte_and_not_outside)
{
	cr_assert_eq(map(IPA0 + SZ_4K, PA0 + 0x5000, 4 * SZ_4K, S2_NORMAL_RWX), rcOk);
	assert_maps(IPA0 + SZ_4K, PA0 + 0x5000, S2_NORMAL_RWX);
	assert_maps(IPA0 + 5 * SZ_4K - 1, PA0 + 0x9000 - 1, S2_NORMAL_RWX);
	assert_unmapped(IPA0 + SZ_4K - 1);
	assert_unmapped(IPA0 + 5 * SZ_4K);
}

Test(stage2, translate_blocks_at_first_and_last_byte_and_not_outside)
{
	cr_assert_eq(map(IPA0 + SZ_2M, PA0, 2 * SZ_2M, S2_NORMAL_RWX), rcOk);
	assert_maps(IPA0 + SZ_2M, PA0, S2_NORMAL_RWX);
	assert_maps(IPA0 + 3 * SZ_2M - 1, PA0 + 2 * SZ_2M - 1, S2_NORMAL_RWX);
	assert_unmapped(IPA0 + SZ_2M - 1);
	assert_unmapped(IPA0 + 3 * SZ_2M);
}

Test(stage2, translate_outside_ipa_space_or_in_empty_tables_fails)
{
	assert_unmapped(0);
	assert_unmapped(1ull << STAGE2_IPA_BITS);
	assert_unmapped(UINT64_MAX);
	cr_assert_eq(map(IPA0 + SZ_4K, PA0, SZ_4K, S2_NORMAL_RWX), rcOk);
	/* Same level-3 table, same level-2 table, same level-1 entry: all other slots empty. */
	assert_unmapped(IPA0);
	assert_unmapped(IPA0 + SZ_2M);
	assert_unmapped(IPA0 + SZ_1G - SZ_4K);
	/* Translate tolerates NULL outputs. */
	cr_assert(stage2_translate(&s2, ipa_init(IPA0 + SZ_4K), NULL, NULL));
}

Test(stage2, overlapping_map_is_rejected_and_leaves_everything_as_it_was)
{
	size_t free_before;

	cr_assert_eq(map(IPA0 + SZ_2M, PA0, SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(map(IPA0 + 0x10000, PA0 + 0x10000, 2 * SZ_4K, S2_NORMAL_RWX), rcOk);
	free_before = page_alloc_free_pages();

	/* Into the block, across its start, across its end, around it, onto a page. */
	cr_assert_eq(map(IPA0 + SZ_2M + SZ_4K, 0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0 + SZ_2M - SZ_4K, 0, 2 * SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0 + 2 * SZ_2M - SZ_4K, 0, 2 * SZ_4K, S2_NORMAL_RWX),
		     rcInvalidArgument);
	cr_assert_eq(map(IPA0, 0, 4 * SZ_2M, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0 + 0x11000, 0, SZ_4K, S2_NORMAL_RO), rcInvalidArgument);
	cr_assert_eq(map(IPA0 + 0x0f000, 0, 0x10000, S2_NORMAL_RO), rcInvalidArgument);

	cr_assert_eq(page_alloc_free_pages(), free_before);
	assert_maps(IPA0 + SZ_2M, PA0, S2_NORMAL_RWX);
	assert_maps(IPA0 + 0x11000, PA0 + 0x11000, S2_NORMAL_RWX);
	assert_unmapped(IPA0 + 0x0f000);
	assert_unmapped(IPA0 + 0x12000);
}

Test(stage2, misaligned_or_empty_arguments_are_rejected)
{
	cr_assert_eq(map(IPA0 + 1, PA0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0 + 0x800, PA0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0 + 0x800, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0, 0x800, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0, SZ_4K + 1, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0, 0, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0, SZ_4K, (enum stage2_attr)4), rcInvalidArgument);
	cr_assert_eq(map(IPA0, PA0, SZ_4K, (enum stage2_attr)-1), rcInvalidArgument);
	cr_assert_eq(unmap(IPA0 + 0x800, SZ_4K), rcInvalidArgument);
	cr_assert_eq(unmap(IPA0, 0x800), rcInvalidArgument);
	cr_assert_eq(unmap(IPA0, 0), rcInvalidArgument);
	cr_assert_eq(page_alloc_free_pages(), free_after_init);
	assert_unmapped(IPA0);
}

Test(stage2, ipa_beyond_39_bits_is_rejected)
{
	uint64_t top = 1ull << STAGE2_IPA_BITS;

	cr_assert_eq(map(top, PA0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(top - SZ_4K, PA0, 2 * SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(UINT64_MAX - SZ_4K + 1, PA0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	/* A size that wraps the 64-bit space must not sneak past the check. */
	cr_assert_eq(map(IPA0, PA0, UINT64_MAX - SZ_4K + 1, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(unmap(top, SZ_4K), rcInvalidArgument);
	cr_assert_eq(page_alloc_free_pages(), free_after_init);

	/* The very last page of the IPA space is fine. */
	cr_assert_eq(map(top - SZ_4K, PA0, SZ_4K, S2_NORMAL_RWX), rcOk);
	assert_maps(top - 1, PA0 + SZ_4K - 1, S2_NORMAL_RWX);
}

Test(stage2, pa_beyond_48_bits_is_rejected)
{
	cr_assert_eq(map(IPA0, 1ull << 48, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, (1ull << 48) - SZ_4K, 2 * SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	cr_assert_eq(map(IPA0, (1ull << 48) - SZ_4K, SZ_4K, S2_NORMAL_RWX), rcOk);
}

Test(stage2, out_of_memory_during_map_rolls_back_completely)
{
	/*
	 * Three pages crossing a 1 GiB boundary need four tables (level 2 and 3 on each side).
	 * With k < 4 pages left, mapping fails at a different point each time.
	 */
	uint64_t ipa = 2 * SZ_1G - SZ_4K;

	for (size_t k = 0; k < 4; k++) {
		paddr_t hoard;
		size_t n = hoard_all_but(k, &hoard);
		unsigned int flushes = fake_tlb_flushes;

		cr_assert_eq(map(ipa, PA0, 3 * SZ_4K, S2_NORMAL_RWX), rcOutOfMemory, "k = %zu", k);
		cr_assert_eq(page_alloc_free_pages(), k, "k = %zu: tables leaked", k);
		for (uint64_t a = ipa; a < ipa + 3 * SZ_4K; a += SZ_4K)
			assert_unmapped(a);
		cr_assert_eq(l1_desc(SZ_1G), 0, "k = %zu", k);
		cr_assert_eq(l1_desc(2 * SZ_1G), 0, "k = %zu", k);
		/* Once a page was live the TLB must be cleaned before tables are reused. */
		if (k >= 2)
			cr_assert_gt(fake_tlb_flushes, flushes, "k = %zu", k);
		cr_assert(page_free(hoard, n));
	}
	cr_assert_eq(page_alloc_free_pages(), free_after_init);
	cr_assert_eq(map(ipa, PA0, 3 * SZ_4K, S2_NORMAL_RWX), rcOk);
	assert_maps(ipa, PA0, S2_NORMAL_RWX);
	assert_maps(ipa + 2 * SZ_4K, PA0 + 2 * SZ_4K, S2_NORMAL_RWX);
	cr_assert_eq(page_alloc_free_pages(), free_after_init - 4);
}

Test(stage2, out_of_memory_rollback_keeps_earlier_mappings)
{
	paddr_t hoard;
	size_t n;

	cr_assert_eq(map(IPA0, PA0, SZ_4K, S2_NORMAL_RO), rcOk);
	n = hoard_all_but(0, &hoard);
	/* Shares the existing tables for the first page, needs a new level-3 table after. */
	cr_assert_eq(map(IPA0 + SZ_2M - SZ_4K, PA0, 2 * SZ_4K, S2_NORMAL_RWX), rcOutOfMemory);
	assert_maps(IPA0, PA0, S2_NORMAL_RO);
	assert_unmapped(IPA0 + SZ_2M - SZ_4K);
	assert_unmapped(IPA0 + SZ_2M);
	cr_assert_eq(page_alloc_free_pages(), 0);
	cr_assert(page_free(hoard, n));
}

Test(stage2, unmapping_part_of_a_block_splits_it_and_keeps_the_rest)
{
	unsigned int flushes;

	cr_assert_eq(map(IPA0, PA0, SZ_2M, S2_NORMAL_RO), rcOk);
	flushes = fake_tlb_flushes;
	cr_assert_eq(unmap(IPA0 + SZ_4K, SZ_4K), rcOk);
	cr_assert_gt(fake_tlb_flushes, flushes);
	cr_assert_eq(fake_last_flushed_vmid, VMID);

	cr_assert_eq(l2_desc(IPA0) & 3, TYPE_TABLE);
	cr_assert_eq(l3_desc(IPA0), PA0 | ATTR_NORMAL_RO | TYPE_PAGE);
	cr_assert_eq(l3_desc(IPA0 + SZ_4K), 0);
	assert_maps(IPA0, PA0, S2_NORMAL_RO);
	assert_unmapped(IPA0 + SZ_4K);
	assert_unmapped(IPA0 + 2 * SZ_4K - 1);
	assert_maps(IPA0 + 2 * SZ_4K, PA0 + 2 * SZ_4K, S2_NORMAL_RO);
	assert_maps(IPA0 + SZ_2M - 1, PA0 + SZ_2M - 1, S2_NORMAL_RO);
	/* The freed hole can be mapped again, to something else. */
	cr_assert_eq(map(IPA0 + SZ_4K, 0x09000000, SZ_4K, S2_DEVICE_RW), rcOk);
	assert_maps(IPA0 + SZ_4K, 0x09000000, S2_DEVICE_RW);
}

Test(stage2, unmapping_across_two_blocks_splits_both)
{
	cr_assert_eq(map(IPA0, PA0, 2 * SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(unmap(IPA0 + SZ_2M - SZ_4K, 2 * SZ_4K), rcOk);
	assert_maps(IPA0, PA0, S2_NORMAL_RWX);
	assert_maps(IPA0 + SZ_2M - SZ_4K - 1, PA0 + SZ_2M - SZ_4K - 1, S2_NORMAL_RWX);
	assert_unmapped(IPA0 + SZ_2M - SZ_4K);
	assert_unmapped(IPA0 + SZ_2M);
	assert_maps(IPA0 + SZ_2M + SZ_4K, PA0 + SZ_2M + SZ_4K, S2_NORMAL_RWX);
	assert_maps(IPA0 + 2 * SZ_2M - 1, PA0 + 2 * SZ_2M - 1, S2_NORMAL_RWX);
	cr_assert_eq(page_alloc_free_pages(), free_after_init - 3);
}

Test(stage2, unmapping_a_whole_block_needs_no_split)
{
	cr_assert_eq(map(IPA0, PA0, 3 * SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(unmap(IPA0 + SZ_2M, SZ_2M), rcOk);
	cr_assert_eq(l2_desc(IPA0 + SZ_2M), 0);
	cr_assert_eq(l2_desc(IPA0 + 2 * SZ_2M) & 3, TYPE_BLOCK);
	assert_maps(IPA0 + SZ_2M - 1, PA0 + SZ_2M - 1, S2_NORMAL_RWX);
	assert_unmapped(IPA0 + SZ_2M);
	assert_maps(IPA0 + 2 * SZ_2M, PA0 + 2 * SZ_2M, S2_NORMAL_RWX);
	cr_assert_eq(page_alloc_free_pages(), free_after_init - 1);
}

Test(stage2, split_without_memory_fails_and_keeps_the_block)
{
	paddr_t hoard;
	size_t n;

	cr_assert_eq(map(IPA0, PA0, SZ_2M, S2_NORMAL_RWX), rcOk);
	n = hoard_all_but(0, &hoard);
	cr_assert_eq(unmap(IPA0 + SZ_4K, SZ_4K), rcOutOfMemory);
	cr_assert_eq(l2_desc(IPA0), PA0 | ATTR_NORMAL_RWX | TYPE_BLOCK);
	assert_maps(IPA0 + SZ_4K, PA0 + SZ_4K, S2_NORMAL_RWX);
	/* Only one of the two splits can be had: still nothing may change. */
	cr_assert(page_free(hoard, n));
	cr_assert_eq(map(IPA0 + SZ_2M, PA0 + SZ_2M, SZ_2M, S2_NORMAL_RWX), rcOk);
	n = hoard_all_but(1, &hoard);
	cr_assert_eq(unmap(IPA0 + SZ_4K, SZ_2M), rcOutOfMemory);
	cr_assert_eq(page_alloc_free_pages(), 1);
	assert_maps(IPA0 + SZ_4K, PA0 + SZ_4K, S2_NORMAL_RWX);
	assert_maps(IPA0 + SZ_2M + SZ_4K, PA0 + SZ_2M + SZ_4K, S2_NORMAL_RWX);
	cr_assert(page_free(hoard, n));
}

Test(stage2, unmapping_everything_returns_the_tables)
{
	cr_assert_eq(map(IPA0 + SZ_4K, PA0, 5 * SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(map(3 * SZ_1G, PA0, SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_lt(page_alloc_free_pages(), free_after_init);
	cr_assert_eq(unmap(0, 4 * SZ_1G), rcOk);
	cr_assert_eq(page_alloc_free_pages(), free_after_init);
	for (int i = 0; i < 512; i++)
		cr_assert_eq(((const uint64_t *)pa_to_va(s2.root))[i], 0);
}

Test(stage2, unmapping_nothing_succeeds_and_changes_nothing)
{
	unsigned int flushes = fake_tlb_flushes;

	cr_assert_eq(unmap(IPA0, SZ_2M), rcOk);
	cr_assert_eq(fake_tlb_flushes, flushes, "nothing was live, nothing to invalidate");
	cr_assert_eq(page_alloc_free_pages(), free_after_init);
}

Test(stage2, destroy_frees_every_table_and_flushes_the_tlb)
{
	cr_assert_eq(map(IPA0, PA0, 4 * SZ_2M, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(map(IPA0 + 5 * SZ_2M + SZ_4K, PA0, 3 * SZ_4K, S2_NORMAL_RO), rcOk);
	cr_assert_eq(map(5 * SZ_1G, 0x09000000, SZ_4K, S2_DEVICE_RW), rcOk);
	cr_assert_eq(unmap(IPA0 + SZ_4K, SZ_4K), rcOk);
	cr_assert_lt(page_alloc_free_pages(), free_after_init);

	fake_tlb_flushes = 0;
	fake_last_flushed_vmid = 0;
	stage2_destroy(&s2);
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES, "every table page comes back");
	cr_assert_geq(fake_tlb_flushes, 1);
	cr_assert_eq(fake_last_flushed_vmid, VMID);

	/* A destroyed stage 2 is inert. */
	assert_unmapped(IPA0);
	cr_assert_eq(map(IPA0, PA0, SZ_4K, S2_NORMAL_RWX), rcInvalidArgument);
	stage2_destroy(&s2);
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

Test(stage2, two_partitions_do_not_share_tables)
{
	struct stage2 other;
	paddr_t pa;

	cr_assert_eq(stage2_init(&other, VMID + 1), rcOk);
	cr_assert_eq(map(IPA0, PA0, SZ_4K, S2_NORMAL_RWX), rcOk);
	cr_assert_eq(stage2_map(&other, ipa_init(IPA0), pa_init(PA0 + SZ_2M), SZ_4K, S2_NORMAL_RO),
		     rcOk);
	assert_maps(IPA0, PA0, S2_NORMAL_RWX);
	cr_assert(stage2_translate(&other, ipa_init(IPA0), &pa, NULL));
	cr_assert_eq(pa_addr(pa), PA0 + SZ_2M);
	stage2_destroy(&other);
	assert_maps(IPA0, PA0, S2_NORMAL_RWX);
	stage2_destroy(&s2);
	cr_assert_eq(page_alloc_free_pages(), FAKE_MEM_PAGES);
}

/* xorshift64: deterministic, so a failure reproduces. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

Test(stage2, random_maps_and_unmaps_agree_with_a_simple_model, .timeout = 120)
{
	/* 4 blocks' worth of pages straddling a 1 GiB boundary. */
	enum { NPAGES = 2048 };
	static uint64_t model[NPAGES]; /* PA + 1, 0 when unmapped */
	static enum stage2_attr model_attr[NPAGES];
	const uint64_t base = 2 * SZ_1G - 2 * SZ_2M;

	for (int op = 0; op < 300; op++) {
		uint64_t first = rnd(NPAGES), n = 1 + rnd(700);

		if (rnd(4) == 0) {
			/* Bias towards block-sized, block-aligned requests. */
			first = rnd(NPAGES / 512) * 512;
			n = 512;
		}
		if (n > NPAGES - first)
			n = NPAGES - first;
		if (rnd(3)) {
			/* PA congruent to the IPA modulo 2 MiB half the time, so blocks appear. */
			uint64_t pa = PA0 + first * SZ_4K + (rnd(2) ? 0 : SZ_4K);
			enum stage2_attr attr = (enum stage2_attr)rnd(3);
			bool busy = false;
			int rc;

			for (uint64_t i = first; i < first + n; i++)
				busy |= model[i] != 0;
			rc = map(base + first * SZ_4K, pa, n * SZ_4K, attr);
			cr_assert_eq(rc, busy ? rcInvalidArgument : rcOk, "op %d map", op);
			if (!busy) {
				for (uint64_t i = 0; i < n; i++) {
					model[first + i] = pa + i * SZ_4K + 1;
					model_attr[first + i] = attr;
				}
			}
		} else {
			cr_assert_eq(unmap(base + first * SZ_4K, n * SZ_4K), rcOk, "op %d unmap",
				     op);
			memset(&model[first], 0, n * sizeof(model[0]));
		}
		for (uint64_t i = 0; i < NPAGES; i++) {
			uint64_t ipa = base + i * SZ_4K + (i % 7) * 8;

			if (model[i])
				assert_maps(ipa, model[i] - 1 + (i % 7) * 8, model_attr[i]);
			else
				assert_unmapped(ipa);
		}
	}
	cr_assert_eq(unmap(base, NPAGES * SZ_4K), rcOk);
	cr_assert_eq(page_alloc_free_pages(), free_after_init, "no table leaked");
}
