// SPDX-License-Identifier: GPL-2.0-only
/* Time from the architected counter; deadlines on the EL2 physical timer (CNTHP). */
#include <hyp/arch.h>

#include <arch/sysreg.h>

#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u

static uint64_t counter_to_ns(uint64_t ticks, uint64_t freq)
{
	return (uint64_t)((__uint128_t)ticks * 1000000000u / freq);
}

uint64_t arch_time_now_ns(void)
{
	isb();
	return counter_to_ns(read_sysreg(cntpct_el0), read_sysreg(cntfrq_el0));
}

void arch_timer_set_deadline(uint64_t ns)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	if (!ns) {
		write_sysreg(cnthp_ctl_el2, CNT_CTL_IMASK);
		return;
	}
	/* Round up so that the timer never fires before the deadline. */
	write_sysreg(cnthp_cval_el2, (uint64_t)(((__uint128_t)ns * freq + 999999999u) / 1000000000u));
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}
