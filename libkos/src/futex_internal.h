/* SPDX-License-Identifier: GPL-2.0-only */
/* The futex calls as libkos's locks use them: on 32-bit words, without the bookkeeping. */
#ifndef LIBKOS_FUTEX_INTERNAL_H
#define LIBKOS_FUTEX_INTERNAL_H

#include <limits.h>

#include <rtl/types.h>

#include <bulkhead/hvc.h>

static inline Retcode futex_wait(rtl_uint32_t *word, rtl_uint32_t val, rtl_uint32_t ms)
{
	return bh_hvc3(BH_HC_FUTEX_WAIT, (uint64_t)word, val, ms).rc;
}

static inline void futex_wake(rtl_uint32_t *word, int n)
{
	bh_hvc2(BH_HC_FUTEX_WAKE, (uint64_t)word, (uint64_t)n);
}

#define FUTEX_WAKE_ALL INT_MAX

#endif
