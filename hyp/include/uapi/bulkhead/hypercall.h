/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall numbers. Every call is an SMCCC 1.1 fast call, `HVC #0`, with the function id in
 * w0 taken from the vendor-specific hypervisor service range (OEN 6, SMC64); arguments in
 * x1..x6; the Retcode comes back in x0 and results in x1..x3. A call may change x0..x7, one of
 * the IPC group x0..x13; it preserves the others. docs/abi.md describes each call.
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
#define BH_HC_THREAD_SUSPEND BH_HVC(0x0107) /* x1 tid (any thread of the caller) */
#define BH_HC_THREAD_TERMINATE BH_HVC(0x0108) /* x1 tid, x2 exit code */
#define BH_HC_THREAD_SET_PRIORITY BH_HVC(0x0109) /* x1 tid, x2 priority */
#define BH_HC_THREAD_GET_PRIORITY BH_HVC(0x010a) /* x1 tid             -> x1 priority */

/* Faults: the partition's EL1 vectors report an exception they cannot handle. */
#define BH_HC_FAULT_REPORT BH_HVC(0x0200) /* x1 ESR_EL1, x2 FAR_EL1, x3 ELR_EL1 -> does not return */

/* Time */
#define BH_HC_TIME_UPTIME BH_HVC(0x0300) /* -> x1 nanoseconds since the hypervisor started */
#define BH_HC_TIME_SYSTEM_GET BH_HVC(0x0301) /* -> x1 nanoseconds since 1970-01-01 UTC */
#define BH_HC_TIME_SYSTEM_SET BH_HVC(0x0302) /* x1 nanoseconds since 1970-01-01 UTC */

/* Synchronisation: futexes keyed by (calling partition, IPA of a 32-bit word) */
#define BH_HC_FUTEX_WAIT BH_HVC(0x0400) /* x1 addr, x2 expected value, x3 timeout ms */
#define BH_HC_FUTEX_WAKE BH_HVC(0x0401) /* x1 addr, x2 max threads   -> x1 woken */

/* Handles and notifications (handle.h) */
#define BH_HC_HANDLE_CLOSE BH_HVC(0x0500)  /* x1 handle */
#define BH_HC_HANDLE_COPY BH_HVC(0x0501)   /* x1 handle, x2 rights    -> x1 new handle */
#define BH_HC_HANDLE_REVOKE BH_HVC(0x0502) /* x1 handle: close it and every copy made of it */
#define BH_HC_HANDLE_INFO BH_HVC(0x0503)   /* x1 handle -> x1 type, x2 rights, x3 context */
#define BH_HC_USER_OBJECT_CREATE BH_HVC(0x0504) /* x1 type, x2 rights, x3 context -> x1 handle */
#define BH_HC_NOTICE_CREATE BH_HVC(0x0510) /*                          -> x1 handle */
#define BH_HC_NOTICE_SUBSCRIBE BH_HVC(0x0511) /* x1 notice, x2 object, x3 mask, x4 event id */
#define BH_HC_NOTICE_UNSUBSCRIBE BH_HVC(0x0512) /* x1 notice, x2 event id */
#define BH_HC_NOTICE_GET_EVENTS BH_HVC(0x0513) /* x1 notice, x2 timeout ms, x3 buf, x4 max -> x1 n */
#define BH_HC_NOTICE_SET_EVENT BH_HVC(0x0514) /* x1 object, x2 event mask (user bits) */

/* I/O for driver partitions: only what the manifest grants (io.h) */
#define BH_HC_IO_MMIO_REGISTER BH_HVC(0x0600) /* x1 PA, x2 size           -> x1 handle */
#define BH_HC_IO_MMIO_MAP BH_HVC(0x0601)      /* x1 handle, x2 prot       -> x1 IPA, x2 handle */
#define BH_HC_IO_IRQ_REGISTER BH_HVC(0x0610)  /* x1 INTID                 -> x1 handle */
#define BH_HC_IO_IRQ_ATTACH BH_HVC(0x0611)    /* x1 handle, x2 flags      -> x1 handle */
#define BH_HC_IO_IRQ_DETACH BH_HVC(0x0612)    /* x1 IRQ handle */
#define BH_HC_IO_IRQ_ENABLE BH_HVC(0x0613)    /* x1 IRQ handle */
#define BH_HC_IO_IRQ_DISABLE BH_HVC(0x0614)   /* x1 IRQ handle */
#define BH_HC_IO_IRQ_WAIT BH_HVC(0x0615)      /* x1 attachment handle, x2 timeout ms */
#define BH_HC_IO_DMA_CREATE BH_HVC(0x0620)    /* x1 order, x2 size, x3 flags -> x1 handle */
#define BH_HC_IO_DMA_MAP BH_HVC(0x0621)  /* x1 handle, x2 offset, x3 length -> x1 IPA, x2 handle */
#define BH_HC_IO_DMA_INFO BH_HVC(0x0622) /* x1 handle -> x1 PA, x2 size, x3 order */
#define BH_HC_IO_DMA_BEGIN BH_HVC(0x0623) /* x1 handle                -> x1 handle */

/* Statistics (stat.h) */
#define BH_HC_STAT_GET BH_HVC(0x0700) /* x1 scope, x2 id, x3 parameter -> x1 value */

/*
 * IPC through the security monitor (docs/ipc.md). Messages are SMsgHdr-headed buffers
 * (msg.h): the header of each says where its arena is and how large the buffers are.
 *
 * The IPC group, function ids BH_HC_IPC_GROUP + 0 .. BH_HC_IPC_GROUP_SIZE - 1: its calls may
 * change x0..x13 (every other call x0..x7), so that their trap need not save x6..x13. x14..x17
 * are kept for the caller's values live across the call (docs/abi.md, 1).
 */
#define BH_HC_IPC_GROUP BH_HVC(0x1000)
#define BH_HC_IPC_GROUP_SIZE 0x100
#define BH_HC_IPC_CALL BH_HVC(0x1000) /* x1 client handle, x2 request, x3 response, x4 timeout ms */
#define BH_HC_IPC_RECV BH_HVC(0x1001) /* x1 listener handle, x2 request buffer, x3 timeout ms */
#define BH_HC_IPC_REPLY BH_HVC(0x1002) /* x1 listener handle, x2 response */
#define BH_HC_IPC_GET_RIID BH_HVC(0x1003) /* x1 client handle, x2 name, x3 length -> x1 riid */
/* Reply, then Recv, in one trap (a server's loop): x1 listener handle, x2 response, x3 request
 * buffer, x4 timeout ms -> x1 BH_IPC_RR_RECV (the result is the Recv's) or BH_IPC_RR_REPLY
 * (the Reply failed with the result; nothing was received). */
#define BH_HC_IPC_REPLY_RECV BH_HVC(0x1005)
/* Ask the policy about a message to the caller's own security interface (riid
 * BH_MSG_RIID_SECURITY): rcOk granted, rcSecurityDisallow denied; nothing is delivered. */
#define BH_HC_IPC_SECURITY BH_HVC(0x1004) /* x1 message (SMsgHdr) */
/* The monitor partition only (monitor.h): take the next security event; return a verdict. */
#define BH_HC_IPC_MONITOR_WAIT BH_HVC(0x1010) /* x1 event buffer (struct bh_monitor_event) */
#define BH_HC_IPC_MONITOR_VERDICT BH_HVC(0x1011) /* x1 event id, x2 verdict, x3 next buffer or 0 */

/* BH_HC_IPC_REPLY_RECV: which half the result belongs to */
#define BH_IPC_RR_RECV 0u
#define BH_IPC_RR_REPLY 1u

/* BH_HC_THREAD_CREATE flags */
#define BH_THREAD_SUSPENDED 0x1u

/* Timeouts */
#define BH_TIMEOUT_INFINITE 0xffffffffu

/* Thread priorities (KasperskyOS: 0 lowest, 31 highest) */
#define BH_PRIORITY_MIN 0u
#define BH_PRIORITY_NORMAL 15u
#define BH_PRIORITY_MAX 31u

#endif
