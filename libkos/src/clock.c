// SPDX-License-Identifier: GPL-2.0-only
/*
 * Timeouts measured on the architected counter, without a hypercall. The start is kept in
 * counter ticks and what is left is rounded up to whole milliseconds: a start truncated to
 * milliseconds let a wait that was woken early and then waited again end up to 1 ms short.
 */
#include <kos/thread.h>

#include "internal.h"

static uint64_t counter(void)
{
	uint64_t cnt;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	return cnt;
}

static uint64_t counter_freq(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq;
}

uint64_t __kos_timeout_start(void)
{
	return counter();
}

uint32_t __kos_remaining_ms(uint64_t start, uint32_t timeout)
{
	uint64_t freq = counter_freq(), spent = counter() - start, total, left;

	if (timeout == INFINITE_TIMEOUT)
		return INFINITE_TIMEOUT;
	/* timeout < 2^32 ms and freq < 2^32 Hz, so the product fits in 64 bits. */
	total = (uint64_t)timeout * freq / 1000u;
	if (spent >= total)
		return 0;
	left = total - spent;
	/* Split so that left * 1000 cannot overflow; round up. */
	return (uint32_t)(left / freq * 1000u + (left % freq * 1000u + freq - 1) / freq);
}
