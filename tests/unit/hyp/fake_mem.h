/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for physical memory: a 64 MiB buffer that hypervisor code sees as PA
 * FAKE_MEM_BASE.., plus counting no-op stage-2 arch hooks.
 */
#ifndef TESTS_UNIT_HYP_FAKE_MEM_H
#define TESTS_UNIT_HYP_FAKE_MEM_H

#include <stddef.h>
#include <hyp/addr.h>

#define FAKE_MEM_BASE 0x40000000ull
#define FAKE_MEM_SIZE (64ull << 20)
#define FAKE_MEM_PAGES (FAKE_MEM_SIZE / PAGE_SIZE)

/* Counters of arch hook calls since the last fake_mem_setup*(). */
extern unsigned int fake_tlb_flushes;
extern unsigned int fake_table_syncs;
extern unsigned int fake_last_flushed_vmid;

/*
 * Fill the fake memory with a poison byte, reset the counters and hand the first npages pages
 * (<= FAKE_MEM_PAGES) to page_alloc_init().
 */
void fake_mem_setup_pages(size_t npages);

/* fake_mem_setup_pages(FAKE_MEM_PAGES). */
void fake_mem_setup(void);

#define FAKE_MEM_POISON 0xa5

#endif
