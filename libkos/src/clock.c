// SPDX-License-Identifier: GPL-2.0-only
/* A monotonic millisecond clock for timeouts, read from the counter without a hypercall. */
#include <kos/thread.h>

#include "internal.h"

uint64_t __kos_clock_ms(void)
{
	uint64_t cnt, freq;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	/* Split so that cnt * 1000 cannot overflow (hundreds of years at 1 GHz). */
	return cnt / freq * 1000u + cnt % freq * 1000u / freq;
}

uint32_t __kos_remaining_ms(uint64_t start, uint32_t timeout)
{
	uint64_t spent;

	if (timeout == INFINITE_TIMEOUT)
		return INFINITE_TIMEOUT;
	spent = __kos_clock_ms() - start;
	return spent >= timeout ? 0 : (uint32_t)(timeout - spent);
}
