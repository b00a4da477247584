/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU time and memory statistics (BH_HC_STAT_GET), from the hypervisor's accounting. Times are
 * nanoseconds since the hypervisor started; memory is in bytes.
 */
#ifndef BULKHEAD_UAPI_STAT_H
#define BULKHEAD_UAPI_STAT_H

/* Scopes (x1) and what x2 names in each */
#define BH_STAT_SYSTEM 0u    /* x2 ignored */
#define BH_STAT_CPU 1u	     /* x2 physical CPU number */
#define BH_STAT_PARTITION 2u /* x2 ignored: the calling partition */
#define BH_STAT_THREAD 3u    /* x2 thread id of the calling partition */

/* Parameters (x3) */
#define BH_STAT_CPU_USER 0u   /* time partitions' vCPUs ran (hypervisor work for them included) */
#define BH_STAT_CPU_KERNEL 1u /* time neither a vCPU nor idle: scheduling, interrupts */
#define BH_STAT_CPU_IDLE 2u   /* time CPUs waited for an interrupt with nothing to run */
#define BH_STAT_MEM_TOTAL 3u  /* SYSTEM: RAM the hypervisor manages; PARTITION: RAM + DMA */
#define BH_STAT_MEM_FREE 4u   /* SYSTEM only: free RAM (the partition's heap is its own affair) */
#define BH_STAT_MEM_DMA 5u    /* PARTITION: bytes of DMA buffers it holds */
#define BH_STAT_THREADS 6u    /* PARTITION: live threads */

#endif
