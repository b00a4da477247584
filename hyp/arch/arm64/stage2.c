// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation tables (VMSAv8-64, 4 KiB granule, 39-bit IPA, walk from level 1).
 *
 * Level 1 holds only table descriptors (1 GiB blocks are never used), level 2 holds tables or
 * 2 MiB blocks, level 3 holds 4 KiB pages. Descriptors are written with single 64-bit stores
 * because the hardware walker of a running partition may read them at any time.
 *
 * Ordering rules this file follows:
 *  - a new table is zeroed and made visible (arch_stage2_table_sync) before it is linked;
 *  - a valid descriptor is never replaced by another valid one (break-before-make): it is
 *    cleared, the TLB is invalidated, then the new descriptor is written;
 *  - a detached table page goes back to the allocator only after the TLB invalidation, since
 *    walk caches may still point at it until then.
 *
 * The caller serialises all operations on one struct stage2 (partition lock).
 */
#include <stddef.h>
#include <stdint.h>

#include <hyp/log.h>
#include <hyp/page_alloc.h>
#include <hyp/stage2.h>
#include <uapi/bulkhead/retcode.h>

#define PTES_PER_TABLE 512
#define L1_SHIFT 30
#define L2_SHIFT 21
#define L3_SHIFT 12
#define L1_SIZE (1ull << L1_SHIFT)
#define L2_SIZE (1ull << L2_SHIFT)
#define L3_SIZE (1ull << L3_SHIFT)
#define IPA_LIMIT (1ull << STAGE2_IPA_BITS)
#define PA_LIMIT (1ull << 48)

#define DESC_VALID (1ull << 0)
#define DESC_TYPE_MASK 3ull
#define DESC_BLOCK 1ull	  /* levels 1 and 2 */
#define DESC_TABLE 3ull	  /* levels 1 and 2 */
#define DESC_PAGE 3ull	  /* level 3 */
#define DESC_OA_MASK 0x0000fffffffff000ull
#define DESC_BLOCK_OA_MASK 0x0000ffffffe00000ull

#define S2_MEMATTR(x) ((uint64_t)(x) << 2)
#define S2_MEMATTR_NORMAL_WB S2_MEMATTR(0xf) /* outer and inner write-back cacheable */
#define S2_MEMATTR_DEVICE_NGNRE S2_MEMATTR(0x1)
#define S2AP_RO (1ull << 6)
#define S2AP_RW (3ull << 6)
#define S2_SH_INNER (3ull << 8)
#define S2_AF (1ull << 10)
#define S2_XN (1ull << 54) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */
#define S2_ATTR_MASK (S2_MEMATTR(0xf) | (3ull << 6) | (3ull << 8) | S2_AF | (3ull << 53))

_Static_assert(PTES_PER_TABLE * sizeof(uint64_t) == PAGE_SIZE, "a table is one page");
_Static_assert(L2_SIZE == BLOCK_2M_SIZE, "level-2 blocks are 2 MiB");

/*
 * Detached tables are chained through their first word until the TLB is clean. The end marker
 * and every link (a page address) have bit 0 clear, so a walker that still caches the table
 * reads an invalid descriptor there, exactly like the zero it replaced.
 */
#define FREE_LIST_END 0x2ull

static const uint64_t attr_bits[] = {
	[S2_NORMAL_RWX] = S2_MEMATTR_NORMAL_WB | S2AP_RW | S2_SH_INNER | S2_AF,
	[S2_NORMAL_RO] = S2_MEMATTR_NORMAL_WB | S2AP_RO | S2_SH_INNER | S2_AF | S2_XN,
	[S2_DEVICE_RW] = S2_MEMATTR_DEVICE_NGNRE | S2AP_RW | S2_AF | S2_XN,
	[S2_DEVICE_RO] = S2_MEMATTR_DEVICE_NGNRE | S2AP_RO | S2_AF | S2_XN,
};

static unsigned int pt_index(uint64_t ipa, unsigned int shift)
{
	return (unsigned int)((ipa >> shift) & (PTES_PER_TABLE - 1));
}

/* Start of the next `size`-aligned region after addr (size a power of two). */
static uint64_t next_boundary(uint64_t addr, uint64_t size)
{
	return ALIGN_DOWN(addr, size) + size;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t *table_at(paddr_t pa)
{
	return pa_to_va(pa);
}

/* The next-level table of a level-1/2 table descriptor. */
static uint64_t *next_table(uint64_t desc)
{
	return table_at(pa_init(desc & DESC_OA_MASK));
}

static bool is_table(uint64_t desc)
{
	return (desc & DESC_TYPE_MASK) == DESC_TABLE;
}

static bool is_block(uint64_t desc)
{
	return (desc & DESC_TYPE_MASK) == DESC_BLOCK;
}

static void write_desc(uint64_t *slot, uint64_t desc)
{
	__atomic_store_n(slot, desc, __ATOMIC_RELAXED);
}

static bool table_empty(const uint64_t *table)
{
	for (unsigned int i = 0; i < PTES_PER_TABLE; i++)
		if (table[i] & DESC_VALID)
			return false;
	return true;
}

static bool attr_valid(enum stage2_attr attr)
{
	return (unsigned int)attr < sizeof(attr_bits) / sizeof(attr_bits[0]);
}

/* Link a fresh zeroed table under *slot unless one is there already. */
static int get_table(uint64_t *slot, uint64_t **table)
{
	paddr_t pa;

	if (is_table(*slot)) {
		*table = next_table(*slot);
		return rcOk;
	}
	CHECK(!(*slot & DESC_VALID));
	if (!page_alloc_zeroed(&pa))
		return rcOutOfMemory;
	/* The zeroes must be visible to the walker before the table is reachable. */
	arch_stage2_table_sync();
	write_desc(slot, pa_addr(pa) | DESC_TABLE);
	*table = table_at(pa);
	return rcOk;
}

static void free_table(paddr_t pa)
{
	bool ok = page_free(pa, 1);

	CHECK(ok);
}

static void push_free(uint64_t *list, uint64_t *table)
{
	table[0] = *list;
	*list = pa_addr(va_to_pa(table));
}

static void free_list(uint64_t list)
{
	while (list != FREE_LIST_END) {
		uint64_t next = *table_at(pa_init(list));

		free_table(pa_init(list));
		list = next;
	}
}

int stage2_init(struct stage2 *s2, uint16_t vmid)
{
	paddr_t root;

	if (!s2)
		return rcInvalidArgument;
	s2->root = pa_init(0);
	s2->vmid = vmid;
	if (!page_alloc_zeroed(&root))
		return rcOutOfMemory;
	s2->root = root;
	return rcOk;
}

static bool stage2_ready(const struct stage2 *s2)
{
	return s2 && pa_addr(s2->root) != 0;
}

/* 4 KiB aligned, non-empty and inside the IPA space. */
static bool ipa_range_ok(uint64_t ipa, uint64_t size)
{
	return size != 0 && IS_ALIGNED(ipa, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       ipa < IPA_LIMIT && size <= IPA_LIMIT - ipa;
}

static bool range_has_mapping(const struct stage2 *s2, uint64_t start, uint64_t end)
{
	const uint64_t *l1 = table_at(s2->root);
	uint64_t cur = start;

	while (cur < end) {
		uint64_t d1 = l1[pt_index(cur, L1_SHIFT)], d2;
		const uint64_t *l2, *l3;

		if (!is_table(d1)) {
			cur = next_boundary(cur, L1_SIZE);
			continue;
		}
		l2 = next_table(d1);
		d2 = l2[pt_index(cur, L2_SHIFT)];
		if (is_block(d2))
			return true;
		if (!is_table(d2)) {
			cur = next_boundary(cur, L2_SIZE);
			continue;
		}
		l3 = next_table(d2);
		if (l3[pt_index(cur, L3_SHIFT)] & DESC_VALID)
			return true;
		cur += L3_SIZE;
	}
	return false;
}

/*
 * Clear every leaf in [start, end) and detach tables left empty, chaining them on *list.
 * Blocks in the range must be wholly inside it (callers split partial blocks first), so this
 * never allocates and cannot fail. Returns true when any descriptor changed.
 */
static bool clear_range(struct stage2 *s2, uint64_t start, uint64_t end, uint64_t *list)
{
	uint64_t *l1 = table_at(s2->root);
	bool changed = false;

	for (uint64_t a1 = start; a1 < end; a1 = next_boundary(a1, L1_SIZE)) {
		uint64_t *e1 = &l1[pt_index(a1, L1_SHIFT)];
		uint64_t end1 = min_u64(end, next_boundary(a1, L1_SIZE));
		uint64_t *l2;

		if (!is_table(*e1))
			continue;
		l2 = next_table(*e1);
		for (uint64_t a2 = a1; a2 < end1; a2 = next_boundary(a2, L2_SIZE)) {
			uint64_t *e2 = &l2[pt_index(a2, L2_SHIFT)];
			uint64_t end2 = min_u64(end1, next_boundary(a2, L2_SIZE));
			uint64_t *l3;

			if (is_block(*e2)) {
				CHECK(IS_ALIGNED(a2, L2_SIZE) && end2 - a2 == L2_SIZE);
				write_desc(e2, 0);
				changed = true;
				continue;
			}
			if (!is_table(*e2))
				continue;
			l3 = next_table(*e2);
			for (uint64_t a3 = a2; a3 < end2; a3 += L3_SIZE) {
				uint64_t *e3 = &l3[pt_index(a3, L3_SHIFT)];

				if (*e3 & DESC_VALID) {
					write_desc(e3, 0);
					changed = true;
				}
			}
			if (table_empty(l3)) {
				write_desc(e2, 0);
				push_free(list, l3);
				changed = true;
			}
		}
		if (table_empty(l2)) {
			write_desc(e1, 0);
			push_free(list, l2);
			changed = true;
		}
	}
	return changed;
}

/* Clear [start, end), invalidate the TLB if anything was live, then release detached tables. */
static void unmap_and_release(struct stage2 *s2, uint64_t start, uint64_t end)
{
	uint64_t list = FREE_LIST_END;

	if (clear_range(s2, start, end, &list)) {
		arch_stage2_table_sync();
		arch_stage2_tlb_flush_vmid(s2->vmid);
	}
	free_list(list);
}

int stage2_map(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size, enum stage2_attr attr)
{
	uint64_t start = ipa_addr(ipa), end, cur, out = pa_addr(pa);
	uint64_t *l1, *l2, *l3;
	int rc = rcOk;

	if (!stage2_ready(s2) || !attr_valid(attr) || !ipa_range_ok(start, size) ||
	    !IS_ALIGNED(out, PAGE_SIZE) || out >= PA_LIMIT || size > PA_LIMIT - out)
		return rcInvalidArgument;
	end = start + size;
	if (range_has_mapping(s2, start, end))
		return rcInvalidArgument;

	l1 = table_at(s2->root);
	for (cur = start; cur < end;) {
		uint64_t *e2;

		rc = get_table(&l1[pt_index(cur, L1_SHIFT)], &l2);
		if (rc != rcOk)
			break;
		e2 = &l2[pt_index(cur, L2_SHIFT)];
		/* An empty level-3 table left under *e2 rules out a block; pages still fit. */
		if (IS_ALIGNED(cur, L2_SIZE) && IS_ALIGNED(out, L2_SIZE) && end - cur >= L2_SIZE &&
		    *e2 == 0) {
			write_desc(e2, out | attr_bits[attr] | DESC_BLOCK);
			cur += L2_SIZE;
			out += L2_SIZE;
			continue;
		}
		rc = get_table(e2, &l3);
		if (rc != rcOk)
			break;
		write_desc(&l3[pt_index(cur, L3_SHIFT)], out | attr_bits[attr] | DESC_PAGE);
		cur += L3_SIZE;
		out += L3_SIZE;
	}
	if (rc != rcOk) {
		/*
		 * The range was empty before this call, so everything in it is ours: clearing it
		 * whole also frees tables allocated for the part we never reached.
		 */
		log_warn("stage2: VMID %u: out of table pages mapping IPA 0x%llx+0x%llx",
			 s2->vmid, (unsigned long long)start, (unsigned long long)size);
		unmap_and_release(s2, start, end);
		return rc;
	}
	arch_stage2_table_sync();
	return rcOk;
}

/* Level-2 slot of addr if it holds a block, else NULL. */
static uint64_t *block_slot(struct stage2 *s2, uint64_t addr)
{
	uint64_t d1 = table_at(s2->root)[pt_index(addr, L1_SHIFT)];
	uint64_t *e2;

	if (!is_table(d1))
		return NULL;
	e2 = &next_table(d1)[pt_index(addr, L2_SHIFT)];
	return is_block(*e2) ? e2 : NULL;
}

/* Replace the block in *slot by a level-3 table (page `table`) mapping the same memory. */
static void split_block(struct stage2 *s2, uint64_t *slot, paddr_t table)
{
	uint64_t block = *slot;
	uint64_t oa = block & DESC_BLOCK_OA_MASK;
	uint64_t attrs = block & ~(DESC_BLOCK_OA_MASK | DESC_TYPE_MASK);
	uint64_t *l3 = table_at(table);

	for (unsigned int i = 0; i < PTES_PER_TABLE; i++)
		l3[i] = (oa + (uint64_t)i * L3_SIZE) | attrs | DESC_PAGE;
	/* Break before make: block and table must never be live for the same IPA together. */
	write_desc(slot, 0);
	arch_stage2_table_sync();
	arch_stage2_tlb_flush_vmid(s2->vmid);
	write_desc(slot, pa_addr(table) | DESC_TABLE);
	arch_stage2_table_sync();
}

int stage2_unmap(struct stage2 *s2, ipaddr_t ipa, uint64_t size)
{
	uint64_t start = ipa_addr(ipa), end;
	uint64_t *split[2] = { NULL, NULL };
	paddr_t tables[2];
	unsigned int nsplit = 0;

	if (!stage2_ready(s2) || !ipa_range_ok(start, size))
		return rcInvalidArgument;
	end = start + size;

	/*
	 * Only the blocks holding an unaligned start or end are partly unmapped. Take their
	 * tables up front so that running out of memory changes nothing.
	 */
	if (!IS_ALIGNED(start, L2_SIZE))
		split[0] = block_slot(s2, start);
	if (!IS_ALIGNED(end, L2_SIZE)) {
		split[1] = block_slot(s2, end - 1);
		if (split[1] == split[0])
			split[1] = NULL;
	}
	for (unsigned int i = 0; i < 2; i++) {
		if (!split[i])
			continue;
		if (!page_alloc(1, PAGE_SIZE, &tables[nsplit])) {
			while (nsplit)
				free_table(tables[--nsplit]);
			return rcOutOfMemory;
		}
		nsplit++;
	}
	nsplit = 0;
	for (unsigned int i = 0; i < 2; i++)
		if (split[i])
			split_block(s2, split[i], tables[nsplit++]);

	unmap_and_release(s2, start, end);
	return rcOk;
}

bool stage2_translate(const struct stage2 *s2, ipaddr_t ipa, paddr_t *pa, enum stage2_attr *attr)
{
	uint64_t addr = ipa_addr(ipa), d, oa, attrs;

	if (!stage2_ready(s2) || addr >= IPA_LIMIT)
		return false;
	d = table_at(s2->root)[pt_index(addr, L1_SHIFT)];
	if (!is_table(d))
		return false;
	d = next_table(d)[pt_index(addr, L2_SHIFT)];
	if (is_block(d)) {
		oa = (d & DESC_BLOCK_OA_MASK) | (addr & (L2_SIZE - 1));
	} else if (is_table(d)) {
		d = next_table(d)[pt_index(addr, L3_SHIFT)];
		if ((d & DESC_TYPE_MASK) != DESC_PAGE)
			return false;
		oa = (d & DESC_OA_MASK) | (addr & (L3_SIZE - 1));
	} else {
		return false;
	}

	attrs = d & S2_ATTR_MASK;
	for (unsigned int i = 0; i < sizeof(attr_bits) / sizeof(attr_bits[0]); i++) {
		if (attrs == attr_bits[i]) {
			if (pa)
				*pa = pa_init(oa);
			if (attr)
				*attr = (enum stage2_attr)i;
			return true;
		}
	}
	/* Only this file writes descriptors, so unknown attributes mean corrupted tables. */
	panic("stage2: VMID %u: IPA 0x%llx has unknown attributes 0x%llx", s2->vmid,
	      (unsigned long long)addr, (unsigned long long)attrs);
}

void stage2_destroy(struct stage2 *s2)
{
	uint64_t *l1;

	if (!stage2_ready(s2))
		return;
	/*
	 * The partition no longer runs, but walk caches may still point into these tables:
	 * invalidate before any page can be reused.
	 */
	arch_stage2_tlb_flush_vmid(s2->vmid);
	l1 = table_at(s2->root);
	for (unsigned int i = 0; i < PTES_PER_TABLE; i++) {
		uint64_t *l2;

		if (!is_table(l1[i]))
			continue;
		l2 = next_table(l1[i]);
		for (unsigned int j = 0; j < PTES_PER_TABLE; j++)
			if (is_table(l2[j]))
				free_table(pa_init(l2[j] & DESC_OA_MASK));
		free_table(pa_init(l1[i] & DESC_OA_MASK));
	}
	free_table(s2->root);
	s2->root = pa_init(0);
}
