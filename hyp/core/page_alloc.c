// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bitmap page allocator. A set bit means the page is in use. Allocation is a first-fit scan
 * over aligned candidates: the hypervisor allocates at boot and when a partition (re)starts,
 * never on a hot path, so a linear scan over a few tens of thousands of bits is cheap enough
 * and keeps the allocator small enough to check by eye.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <hyp/log.h>
#include <hyp/page_alloc.h>
#include <hyp/spinlock.h>

#define BITS_PER_WORD 64

static spinlock_t lock = SPINLOCK_INIT;
static uint64_t *bitmap;
static uint64_t base_pa;
static size_t total_pages;
static size_t free_pages;

static bool page_used(size_t idx)
{
	return (bitmap[idx / BITS_PER_WORD] >> (idx % BITS_PER_WORD)) & 1;
}

static void set_used(size_t idx)
{
	bitmap[idx / BITS_PER_WORD] |= 1ull << (idx % BITS_PER_WORD);
}

static void set_free(size_t idx)
{
	bitmap[idx / BITS_PER_WORD] &= ~(1ull << (idx % BITS_PER_WORD));
}

void page_alloc_init(paddr_t base, size_t npages, uint64_t *bits)
{
	size_t words = (npages + BITS_PER_WORD - 1) / BITS_PER_WORD;

	CHECK(IS_ALIGNED(pa_addr(base), PAGE_SIZE));
	spin_lock(&lock);
	bitmap = bits;
	base_pa = pa_addr(base);
	total_pages = npages;
	free_pages = npages;
	if (words)
		memset(bitmap, 0, words * sizeof(*bitmap));
	spin_unlock(&lock);
}

void page_alloc_reserve(paddr_t pa, size_t size)
{
	uint64_t start = ALIGN_DOWN(pa_addr(pa), PAGE_SIZE);
	uint64_t end = pa_addr(pa) + size;
	uint64_t limit;
	size_t first, last;

	/* A range that wraps the address space reserves everything above pa. */
	if (end < pa_addr(pa))
		end = UINT64_MAX;
	else
		end = end > UINT64_MAX - (PAGE_SIZE - 1) ? UINT64_MAX : ALIGN_UP(end, PAGE_SIZE);

	spin_lock(&lock);
	limit = base_pa + (uint64_t)total_pages * PAGE_SIZE;
	/* Reservations outside the managed range (e.g. a DTB in flash) are nothing to do. */
	if (size == 0 || end <= base_pa || start >= limit) {
		spin_unlock(&lock);
		return;
	}
	if (start < base_pa)
		start = base_pa;
	if (end > limit)
		end = limit;
	first = (start - base_pa) >> PAGE_SHIFT;
	last = (end - base_pa) >> PAGE_SHIFT;
	for (size_t i = first; i < last; i++) {
		if (!page_used(i)) {
			set_used(i);
			free_pages--;
		}
	}
	spin_unlock(&lock);
}

/* First page index >= idx whose address is a multiple of align. */
static size_t next_aligned(size_t idx, uint64_t align)
{
	uint64_t pa = base_pa + (uint64_t)idx * PAGE_SIZE;
	uint64_t up = ALIGN_UP(pa, align);

	return idx + (size_t)((up - pa) >> PAGE_SHIFT);
}

bool page_alloc(size_t npages, size_t align, paddr_t *out)
{
	size_t idx;

	if (npages == 0 || align < PAGE_SIZE || (align & (align - 1)) != 0)
		return false;

	spin_lock(&lock);
	if (npages > free_pages) {
		spin_unlock(&lock);
		return false;
	}
	idx = next_aligned(0, align);
	while (idx < total_pages && npages <= total_pages - idx) {
		size_t used = SIZE_MAX;

		/* Scan backwards so that a used page lets the next candidate skip past it. */
		for (size_t i = npages; i-- > 0;) {
			if (page_used(idx + i)) {
				used = idx + i;
				break;
			}
		}
		if (used == SIZE_MAX) {
			for (size_t i = 0; i < npages; i++)
				set_used(idx + i);
			free_pages -= npages;
			*out = pa_init(base_pa + (uint64_t)idx * PAGE_SIZE);
			spin_unlock(&lock);
			return true;
		}
		idx = next_aligned(used + 1, align);
	}
	spin_unlock(&lock);
	return false;
}

bool page_alloc_zeroed(paddr_t *out)
{
	paddr_t pa;

	if (!page_alloc(1, PAGE_SIZE, &pa))
		return false;
	memset(pa_to_va(pa), 0, PAGE_SIZE);
	*out = pa;
	return true;
}

bool page_free(paddr_t pa, size_t npages)
{
	uint64_t addr = pa_addr(pa);
	size_t first;

	spin_lock(&lock);
	if (npages == 0 || !IS_ALIGNED(addr, PAGE_SIZE) || addr < base_pa ||
	    ((addr - base_pa) >> PAGE_SHIFT) >= total_pages ||
	    npages > total_pages - ((addr - base_pa) >> PAGE_SHIFT)) {
		spin_unlock(&lock);
		log_error("page_free: 0x%llx + %zu pages is not in the managed range",
			  (unsigned long long)addr, npages);
		return false;
	}
	first = (size_t)((addr - base_pa) >> PAGE_SHIFT);
	/* Check the whole run first so that a bad free changes nothing. */
	for (size_t i = 0; i < npages; i++) {
		if (!page_used(first + i)) {
			spin_unlock(&lock);
			log_error("page_free: page 0x%llx is not allocated (double free?)",
				  (unsigned long long)(addr + (uint64_t)i * PAGE_SIZE));
			return false;
		}
	}
	for (size_t i = 0; i < npages; i++)
		set_free(first + i);
	free_pages += npages;
	spin_unlock(&lock);
	return true;
}

size_t page_alloc_free_pages(void)
{
	size_t n;

	spin_lock(&lock);
	n = free_pages;
	spin_unlock(&lock);
	return n;
}

size_t page_alloc_total_pages(void)
{
	size_t n;

	spin_lock(&lock);
	n = total_pages;
	spin_unlock(&lock);
	return n;
}
