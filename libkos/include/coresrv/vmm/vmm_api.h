/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual memory (KasperskyOS coresrv/vmm/vmm_api.h), as far as it means something in a
 * partition: its RAM is one block the hypervisor gave it whole, identity mapped with 1 GiB
 * blocks, so every page is always committed and no page can be protected on its own. Regions
 * come from the heap, page aligned; commit and decommit keep the accounting and zero pages;
 * KnVmProtect returns rcUnimplemented (docs/libkos.md).
 */
#ifndef CORESRV_VMM_VMM_API_H
#define CORESRV_VMM_VMM_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#define VMM_FLAG_RESERVE 0x1
#define VMM_FLAG_COMMIT 0x2
#define VMM_FLAG_LOCKED 0x4
#define VMM_FLAG_WRITE_BACK 0x00
#define VMM_FLAG_WRITE_THROUGH 0x10
#define VMM_FLAG_WRITE_COMBINE 0x20
#define VMM_FLAG_CACHE_DISABLE 0x30
#define VMM_FLAG_CACHE_MASK 0x30
#define VMM_FLAG_READ 0x100
#define VMM_FLAG_WRITE 0x200
#define VMM_FLAG_EXECUTE 0x400
#define VMM_FLAG_RWX_MASK 0x700
#define VMM_FLAG_LOW_GUARD 0x1000
#define VMM_FLAG_HIGH_GUARD 0x2000
#define VMM_FLAG_GROW_DOWN 0x4000
#define VMM_FLAG_ALIAS 0x8000
#define VMM_PAGE_SIZE 4096u

/* addr is a hint and is not honoured; NULL on bad flags/size or no memory. */
void *KnVmAllocate(void *addr, rtl_size_t size, int flags);
Retcode KnVmCommit(void *addr, rtl_size_t size, int flags);
Retcode KnVmDecommit(void *addr, rtl_size_t size);
Retcode KnVmProtect(void *addr, rtl_size_t size, int newFlags); /* rcUnimplemented */
Retcode KnVmUnmap(void *addr, rtl_size_t size);

#endif
