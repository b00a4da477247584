/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall numbers. Every call is an SMCCC 1.1 fast call, `HVC #0`, with the function id in
 * w0 taken from the vendor-specific hypervisor service range (OEN 6, SMC64); arguments in
 * x1..x6; the Retcode comes back in x0 and results in x1..x3. docs/abi.md describes each call.
 */
#ifndef BULKHEAD_UAPI_HYPERCALL_H
#define BULKHEAD_UAPI_HYPERCALL_H

/* SMCCC: bit 31 fast call, bit 30 SMC64, bits 29..24 owning entity 6 (vendor hypervisor). */
#ifdef __ASSEMBLER__
#define BH_HVC_BASE 0xc6000000
#define BH_HVC_FN_MASK 0xffff
#else
#define BH_HVC_BASE 0xc6000000u
#define BH_HVC_FN_MASK 0xffffu
#endif
#define BH_HVC(n) (BH_HVC_BASE | (n))

/* Console and power */
#define BH_HC_CONSOLE_WRITE BH_HVC(0x0001) /* x1 buf, x2 len            -> x1 bytes written */
#define BH_HC_POWER_OFF BH_HVC(0x0002)     /* (no arguments)            -> does not return */
#define BH_HC_PARTITION_EXIT BH_HVC(0x0003) /* x1 exit code: every thread ends -> no return */

/* Threads (a thread is a vCPU of the calling partition) */
#define BH_HC_THREAD_CREATE BH_HVC(0x0100) /* x1 entry, x2 sp, x3 arg, x4 priority, x5 flags -> x1 tid */
#define BH_HC_THREAD_EXIT BH_HVC(0x0101)   /* x1 exit code              -> does not return */
#define BH_HC_THREAD_JOIN BH_HVC(0x0102)   /* x1 tid, x2 timeout ms     -> x1 exit code */
#define BH_HC_THREAD_YIELD BH_HVC(0x0103)  /* (no arguments) */
#define BH_HC_THREAD_SLEEP BH_HVC(0x0104)  /* x1 milliseconds */
#define BH_HC_THREAD_RESUME BH_HVC(0x0105) /* x1 tid of a thread created suspended */
#define BH_HC_THREAD_SELF BH_HVC(0x0106)   /*                           -> x1 tid */

/* Faults: the partition's EL1 vectors report an exception they cannot handle. */
#define BH_HC_FAULT_REPORT BH_HVC(0x0200) /* x1 ESR_EL1, x2 FAR_EL1, x3 ELR_EL1 -> does not return */

/* Time */
#define BH_HC_TIME_UPTIME BH_HVC(0x0300) /* -> x1 nanoseconds since the hypervisor started */

/* BH_HC_THREAD_CREATE flags */
#define BH_THREAD_SUSPENDED 0x1u

/* Timeouts */
#define BH_TIMEOUT_INFINITE 0xffffffffu

/* Thread priorities (KasperskyOS: 0 lowest, 31 highest) */
#define BH_PRIORITY_MIN 0u
#define BH_PRIORITY_NORMAL 15u
#define BH_PRIORITY_MAX 31u

#endif
