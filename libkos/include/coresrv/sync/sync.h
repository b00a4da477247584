/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Futexes (KasperskyOS coresrv/sync/sync.h), the primitive every lock of libkos is built on:
 * a thread sleeps while a 32-bit word holds the value it expects, and is woken by a thread
 * that changed the word. The hypervisor keys a futex by (partition, address).
 */
#ifndef CORESRV_SYNC_SYNC_H
#define CORESRV_SYNC_SYNC_H

#include <rtl/retcode.h>
#include <rtl/types.h>

/*
 * Sleep while *ftx == val, up to mdelay ms (INFINITE_TIMEOUT: no limit; 0: only check).
 * rcOk when woken, rcFutexWouldBlock when *ftx != val, rcTimeout, rcInvalidArgument for a
 * pointer outside the partition's RAM or not 4-byte aligned. *outDelta (may be NULL): the ms
 * left of mdelay when it returns.
 */
Retcode KnFutexWait(int *ftx, int val, rtl_uint32_t mdelay, rtl_uint32_t *outDelta);
/* Wake up to nThreads threads sleeping on ftx, oldest first; *wokenCnt (may be NULL). */
Retcode KnFutexWake(int *ftx, int nThreads, int *wokenCnt);

#endif
