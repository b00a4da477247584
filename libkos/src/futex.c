// SPDX-License-Identifier: GPL-2.0-only
/* KnFutexWait / KnFutexWake over the futex hypercalls. */
#include <bulkhead/hvc.h>
#include <coresrv/sync/sync.h>
#include <kos/thread.h>

#include "internal.h"

Retcode KnFutexWait(int *ftx, int val, rtl_uint32_t mdelay, rtl_uint32_t *outDelta)
{
	uint64_t start = __kos_timeout_start();
	Retcode rc = bh_hvc3(BH_HC_FUTEX_WAIT, (uint64_t)ftx, (uint32_t)val, mdelay).rc;

	if (outDelta)
		*outDelta = __kos_remaining_ms(start, mdelay);
	return rc;
}

Retcode KnFutexWake(int *ftx, int nThreads, int *wokenCnt)
{
	struct bh_hvc_result r;

	if (nThreads < 0)
		return rcInvalidArgument;
	r = bh_hvc2(BH_HC_FUTEX_WAKE, (uint64_t)ftx, (uint64_t)nThreads);
	if (wokenCnt)
		*wokenCnt = r.rc == rcOk ? (int)r.r1 : 0;
	return r.rc;
}
