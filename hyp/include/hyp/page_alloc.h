/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical page allocator: one contiguous RAM range, one bit per 4 KiB page. Allocations are
 * contiguous runs with a power-of-two alignment (2 MiB runs let stage 2 use block mappings).
 * Thread safe (takes its own spinlock).
 */
#ifndef HYP_PAGE_ALLOC_H
#define HYP_PAGE_ALLOC_H

#include <stdbool.h>
#include <hyp/addr.h>

/*
 * Manage [base, base + npages * PAGE_SIZE); base must be page aligned. `bitmap` must hold
 * npages bits (caller-owned storage, rounded up to whole 64-bit words). Every page starts free.
 */
void page_alloc_init(paddr_t base, size_t npages, uint64_t *bitmap);

/* Mark [pa, pa + size) used (hypervisor image, DTB, boot package). Rounds outward to pages. */
void page_alloc_reserve(paddr_t pa, size_t size);

/* Allocate npages contiguous pages aligned to `align` bytes (a power of two >= PAGE_SIZE).
 * Returns false when no such run exists. The pages are not zeroed. */
bool page_alloc(size_t npages, size_t align, paddr_t *out);

/* Allocate one zeroed page (page tables). */
bool page_alloc_zeroed(paddr_t *out);

/* Free a run from page_alloc(). Freeing a page that is not allocated (or outside the managed
 * range) is a hypervisor bug: it is logged, nothing is freed and false is returned, so the
 * caller decides whether to panic. The bitmap cannot tell reserved pages from allocated ones,
 * so freeing a reserved range is not detected. */
bool page_free(paddr_t pa, size_t npages);

size_t page_alloc_free_pages(void);
size_t page_alloc_total_pages(void);

#endif
