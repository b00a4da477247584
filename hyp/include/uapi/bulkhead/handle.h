/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handles, rights and notification events (KasperskyOS coresrv/handle). A handle is a
 * partition-local number naming an object the hypervisor keeps: a user object, a
 * notification receiver, an MMIO region, an interrupt, a DMA buffer, or a mapping or
 * attachment of one of those. docs/abi.md describes the calls; the bit values are Bulkhead's
 * (KasperskyOS does not publish them).
 */
#ifndef BULKHEAD_UAPI_HANDLE_H
#define BULKHEAD_UAPI_HANDLE_H

/* A handle is (generation << 16) | (slot + 1): never 0, and a stale one never names a reused
 * slot. */
#define BH_INVALID_HANDLE 0xffffffffu

/* Object types (BH_HC_HANDLE_INFO x1) */
#define BH_HANDLE_TYPE_NOTICE 1u
#define BH_HANDLE_TYPE_MMIO 2u		 /* a registered MMIO region */
#define BH_HANDLE_TYPE_MMIO_MAP 3u	 /* its mapping: closing it unmaps the region */
#define BH_HANDLE_TYPE_IRQ 4u		 /* a registered interrupt */
#define BH_HANDLE_TYPE_IRQ_ATTACH 5u	 /* an attachment: the thread waits on it */
#define BH_HANDLE_TYPE_DMA 6u		 /* a DMA buffer */
#define BH_HANDLE_TYPE_DMA_MAP 7u	 /* its mapping into the partition */
#define BH_HANDLE_TYPE_DMA_BEGIN 8u	 /* device access opened with KnIoDmaBegin */
#define BH_HANDLE_TYPE_IPC_CLIENT 9u	 /* the client end of a channel: Call */
#define BH_HANDLE_TYPE_IPC_LISTENER 10u	 /* a server's channels: Recv, Reply */
#define BH_HANDLE_TYPE_USER_FIRST 0x100u /* user objects: KnHandleCreateUserObject */
#define BH_HANDLE_TYPE_USER_LAST 0x1ffu

/* Rights: a general part (bits 0..15) and a part specific to the object type (16..31). */
#define BH_RIGHT_TRANSFER 0x1u	/* OCAP_HANDLE_TRANSFER: may be copied / passed on */
#define BH_RIGHT_SET_EVENT 0x2u /* OCAP_HANDLE_SET_EVENT: KnNoticeSetObjectEvent */
#define BH_RIGHT_GET_EVENT 0x4u /* OCAP_HANDLE_GET_EVENT: may be subscribed to */
#define BH_RIGHT_SPEC(n) (1u << (16 + (n)))
#define BH_RIGHTS_FULL 0xffffffffu

/* Events: a general part (bits 0..15, set only by the hypervisor) and a user part. */
#define BH_EVENT_OBJECT_DESTROYED 0x1u /* the last handle of the object was closed */
#define BH_EVENT_TASK_COMPLETED 0x2u   /* reserved: task handles come with process control */
#define BH_EVENT_BADGE_CLOSED 0x4u     /* reserved: badges come with IPC */
#define BH_EVENT_GENERAL_MASK 0xffffu
#define BH_EVENT_USER(n) (1u << (16 + (n))) /* n = 0..15 */
#define BH_EVENT_USER_MASK 0xffff0000u

/* One delivered event (KasperskyOS EventDesc), written by BH_HC_NOTICE_GET_EVENTS. */
#ifndef __ASSEMBLER__
struct bh_event_desc {
	__UINT64_TYPE__ event_id; /* what the subscription said */
	__UINT32_TYPE__ mask;	  /* the events that occurred, OR-ed since the last fetch */
	__UINT32_TYPE__ reserved;
};
#endif

#endif
