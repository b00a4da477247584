// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fake physical memory for host unit tests. The buffer is 2 MiB aligned like the PA it
 * pretends to be, so alignment requests made of page_alloc hold for host pointers too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/addr.h>
#include <hyp/page_alloc.h>
#include <hyp/stage2.h>

#include "fake_mem.h"

unsigned int fake_tlb_flushes;
unsigned int fake_table_syncs;
unsigned int fake_last_flushed_vmid;

static uint8_t *mem;
static uint64_t bitmap[FAKE_MEM_PAGES / 64];

static uint8_t *fake_mem(void)
{
	/* Criterion forks per test, so each test gets its own copy of this lazily made buffer. */
	if (!mem) {
		mem = aligned_alloc(BLOCK_2M_SIZE, FAKE_MEM_SIZE);
		cr_assert_not_null(mem, "cannot allocate %llu bytes of fake memory",
				   (unsigned long long)FAKE_MEM_SIZE);
	}
	return mem;
}

void *pa_to_va(paddr_t pa)
{
	uint64_t a = pa_addr(pa);

	cr_assert(a >= FAKE_MEM_BASE && a - FAKE_MEM_BASE < FAKE_MEM_SIZE,
		  "pa_to_va(0x%llx) is outside the fake memory", (unsigned long long)a);
	return fake_mem() + (a - FAKE_MEM_BASE);
}

paddr_t va_to_pa(const void *va)
{
	uintptr_t p = (uintptr_t)va, b = (uintptr_t)fake_mem();

	cr_assert(p >= b && p - b < FAKE_MEM_SIZE, "va_to_pa(%p) is outside the fake memory",
		  va);
	return pa_init(FAKE_MEM_BASE + (p - b));
}

void arch_stage2_tlb_flush_vmid(uint16_t vmid)
{
	fake_tlb_flushes++;
	fake_last_flushed_vmid = vmid;
}

void arch_stage2_table_sync(void)
{
	fake_table_syncs++;
}

void fake_mem_setup_pages(size_t npages)
{
	cr_assert(npages <= FAKE_MEM_PAGES);
	/* Poison so that tests notice memory that should have been zeroed but was not. */
	memset(fake_mem(), FAKE_MEM_POISON, FAKE_MEM_SIZE);
	fake_tlb_flushes = 0;
	fake_table_syncs = 0;
	fake_last_flushed_vmid = ~0u;
	page_alloc_init(pa_init(FAKE_MEM_BASE), npages, bitmap);
}

void fake_mem_setup(void)
{
	fake_mem_setup_pages(FAKE_MEM_PAGES);
}
