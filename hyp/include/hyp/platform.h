/* SPDX-License-Identifier: GPL-2.0-only */
/* What the hypervisor learns about the machine from the device tree QEMU passes in x0. */
#ifndef HYP_PLATFORM_H
#define HYP_PLATFORM_H

#include <stdint.h>

#include <hyp/addr.h>

struct platform {
	paddr_t ram_base;
	uint64_t ram_size;
	uint32_t ncpus;			  /* CPUs the hypervisor will use (<= CONFIG_NR_CPUS) */
	uint32_t ncpus_in_dt;		  /* CPUs the device tree describes */
	uint64_t mpidr[CONFIG_NR_CPUS];
	uint64_t gicd_base;
	uint64_t gicd_size;
	uint64_t gicr_base;
	uint64_t gicr_size;
	uint64_t uart_base;
	uint32_t uart_intid;		  /* its interrupt (console input), 0 = none found */
	uint64_t uart_size;
	uint64_t rtc_base;		  /* PL031, 0 if none */
	uint32_t hyp_timer_intid;	  /* CNTHP (non-secure EL2 physical timer) */
	uint64_t initrd_start, initrd_end; /* the boot package */
	const void *dtb;		  /* the device tree itself (kept: guests copy nodes of it) */
	uint64_t dtb_size;
};

/* Parse the DTB. Returns rcOk, or rcInvalidArgument with *err naming the missing part. */
int platform_discover(const void *dtb, struct platform *plat, const char **err);

#endif
