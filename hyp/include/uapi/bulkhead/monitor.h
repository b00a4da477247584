/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The security monitor protocol (docs/ipc.md §6): what the hypervisor shows the monitor
 * partition (role "monitor") and the two hypercalls it decides events with.
 *
 * The hypervisor maps a read-only window into the monitor's address space at
 * BH_MONITOR_WINDOW_IPA before its first instruction:
 *
 *   + 0                       struct bh_monitor_info (one page)
 *   + info.policy_ipa         the policy image (pslc), as the hypervisor checked it
 *   + parts[i].schema_ipa     the message schema of each server partition
 *   + info.stage_ipa          the staging buffers of the channels, BH_MONITOR_STAGE_SIZE each
 *
 * An event that the verdict table does not decide (or every event, with
 * CONFIG_SECMON_VERDICT_TABLE off) blocks its sender and is queued for the monitor, which
 * takes it with BH_HC_IPC_MONITOR_WAIT (or the next-event argument of
 * BH_HC_IPC_MONITOR_VERDICT) as a struct bh_monitor_event. The message it describes is the
 * staged copy inside the window: the sender cannot change it, and nobody writes it until the
 * verdict for this event has arrived.
 */
#ifndef BULKHEAD_UAPI_MONITOR_H
#define BULKHEAD_UAPI_MONITOR_H

#define BH_MONITOR_WINDOW_IPA 0x100000000ull /* 4 GiB: normal memory in libkos's stage 1 */
#define BH_MONITOR_INFO_MAGIC 0x494d4842u    /* "BHMI" */
#define BH_MONITOR_INFO_VERSION 1u
#define BH_MONITOR_MAX_PARTS 64u	     /* entries of info.parts[] */
#define BH_MONITOR_STAGE_SIZE 0x4000u	     /* one channel's staging buffer */
#define BH_MONITOR_NONE 0xffffffffu	     /* no partition, class, endpoint or schema */

/* Event kinds: the PSL event kinds (security-monitor/include/psl/image.h). */
#define BH_SEC_EXECUTE 0u
#define BH_SEC_REQUEST 1u
#define BH_SEC_RESPONSE 2u
#define BH_SEC_ERROR 3u
#define BH_SEC_SECURITY 4u

/* Verdicts (x2 of BH_HC_IPC_MONITOR_VERDICT). */
#define BH_VERDICT_GRANT 1u
#define BH_VERDICT_DENY 2u

#ifndef __ASSEMBLER__
/* What the monitor needs to know of one partition. Its SID is its index in parts[]. */
struct bh_monitor_part {
	char name[32];		      /* task name (BH_NAME_MAX) */
	__UINT32_TYPE__ class_id;     /* in the policy, BH_MONITOR_NONE when it has none */
	__UINT32_TYPE__ schema_size;  /* 0: not a server */
	__UINT64_TYPE__ schema_ipa;   /* inside the window */
};

struct bh_monitor_info {
	__UINT32_TYPE__ magic;	      /* BH_MONITOR_INFO_MAGIC */
	__UINT32_TYPE__ version;      /* BH_MONITOR_INFO_VERSION */
	__UINT64_TYPE__ policy_ipa;
	__UINT32_TYPE__ policy_size;
	__UINT32_TYPE__ nparts;	      /* partitions: SIDs 0 .. nparts-1 */
	__UINT32_TYPE__ einit_sid;    /* Einit (which starts every partition): nparts */
	__UINT32_TYPE__ kernel_sid;   /* kl.core.Core: nparts + 1 */
	__UINT64_TYPE__ stage_ipa;    /* the first channel's staging buffer */
	__UINT32_TYPE__ nchannels;
	__UINT32_TYPE__ reserved;
	struct bh_monitor_part parts[BH_MONITOR_MAX_PARTS];
};
_Static_assert(sizeof(struct bh_monitor_info) <= 4096, "monitor info must fit its page");

/* One security event, written by the hypervisor into the monitor's buffer. */
struct bh_monitor_event {
	__UINT64_TYPE__ id;	       /* echo it in the verdict */
	__UINT32_TYPE__ kind;	       /* BH_SEC_* */
	__UINT32_TYPE__ src_sid, src_class;
	__UINT32_TYPE__ dst_sid, dst_class;
	__UINT32_TYPE__ riid, mid;     /* BH_MONITOR_NONE for execute */
	__UINT32_TYPE__ schema_sid;    /* whose schema describes the message (the server) */
	__UINT64_TYPE__ msg_ipa;       /* the staged constant part, 0 for execute */
	__UINT64_TYPE__ arena_ipa;     /* its arena, 0 when arena_size is 0 */
	__UINT32_TYPE__ msg_size;
	__UINT32_TYPE__ arena_size;
};
_Static_assert(sizeof(struct bh_monitor_event) == 64, "ABI: docs/abi.md");
#endif

#endif
