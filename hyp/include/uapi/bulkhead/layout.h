/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The address space every secure partition sees (intermediate physical addresses).
 *
 *   BH_PARTITION_RAM_IPA            start of RAM; the partition ELF is linked here
 *   ...                             ELF segments, then heap and stacks (libkos)
 *   RAM end - BH_BOOT_INFO_SIZE     struct bh_boot_info, written by the hypervisor
 *
 * The first vCPU starts at the ELF entry point with x0 = IPA of the boot info, sp = that IPA,
 * the MMU and caches off (libkos's crt0 turns them on).
 */
#ifndef BULKHEAD_UAPI_LAYOUT_H
#define BULKHEAD_UAPI_LAYOUT_H

#define BH_PARTITION_RAM_IPA 0x40000000ull
#define BH_BOOT_INFO_SIZE 0x1000ull
#define BH_BOOT_INFO_MAGIC 0x42484249u /* "BHBI" */
#define BH_BOOT_INFO_VERSION 2u

#define BH_NAME_MAX 32  /* partition and image names, NUL included */
#define BH_CLASS_MAX 64 /* EDL class names, NUL included */

#define BH_BOOT_MAX_CHANNELS 16 /* IPC names in the boot info (service locator) */
#define BH_CHANNEL_CLIENT 1u	/* bh_boot_channel.role: a connection this partition calls */
#define BH_CHANNEL_SERVER 2u	/* a connection this partition serves (its listener handle) */

#ifndef __ASSEMBLER__
/* A named IPC handle the hypervisor installed before the partition started. */
struct bh_boot_channel {
	char name[BH_NAME_MAX];	  /* the connection id of init.yaml */
	__UINT32_TYPE__ handle;
	__UINT32_TYPE__ role;	  /* BH_CHANNEL_CLIENT or BH_CHANNEL_SERVER */
};

struct bh_boot_info {
	__UINT32_TYPE__ magic;
	__UINT32_TYPE__ version;
	char name[BH_NAME_MAX];
	char class_name[BH_CLASS_MAX];
	__UINT64_TYPE__ ram_base;	/* IPA */
	__UINT64_TYPE__ ram_size;	/* bytes, boot info page included */
	__UINT32_TYPE__ restart_count; /* 0 on the first start */
	__UINT32_TYPE__ max_threads;
	__UINT32_TYPE__ cpu_mask;	/* physical CPUs this partition may run on */
	__UINT32_TYPE__ priority;	/* priority of the first thread */
	__UINT32_TYPE__ args_size;	/* bytes used in args[]: argv strings, each NUL-ended */
	__UINT32_TYPE__ env_size;	/* bytes used in env[]: "NAME=value" strings, NUL-ended */
	char args[1024];
	char env[2048];
	__UINT32_TYPE__ nchannels;	/* entries used in channels[] */
	__UINT32_TYPE__ reserved;
	struct bh_boot_channel channels[BH_BOOT_MAX_CHANNELS];
};
_Static_assert(sizeof(struct bh_boot_info) <= BH_BOOT_INFO_SIZE, "boot info must fit its page");
#endif

#endif
