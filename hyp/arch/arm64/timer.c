// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time from the architected counter; deadlines on the EL2 physical timer (CNTHP).
 *
 * Conversions are a multiply and a shift with factors computed once (as Linux's clocksource
 * does): a 128-bit division per conversion cost more than the rest of a hypercall. The
 * deadline the timer holds is remembered per CPU and neither written again nor replaced by a
 * later one (arch_timer_set_deadline): the scheduler asks for the same or a later one on most
 * switches, and QEMU re-arms a host timer on every write.
 */
#include <hyp/arch.h>
#include <hyp/cpu.h>

#include <arch/sysreg.h>

#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define SHIFT 32

static uint64_t ns_per_tick_mult;  /* (1e9 << SHIFT) / freq */
static uint64_t ticks_per_ns_mult; /* (freq << SHIFT) / 1e9, rounded up */

void arch_timer_init(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	ns_per_tick_mult = (uint64_t)(((__uint128_t)1000000000u << SHIFT) / freq);
	ticks_per_ns_mult = (uint64_t)((((__uint128_t)freq << SHIFT) + 999999999u) / 1000000000u);
}

uint64_t arch_time_now_ns(void)
{
	isb();
	return (uint64_t)(((__uint128_t)read_sysreg(cntpct_el0) * ns_per_tick_mult) >> SHIFT);
}

void arch_timer_set_deadline(uint64_t ns)
{
	struct pcpu *c = this_cpu();

	/*
	 * An armed deadline that comes sooner than the one asked for stays: it fires early, and
	 * the scheduler, which compares every deadline with the time, finds nothing due and asks
	 * again (the interrupt masks the timer first, so that request is written). Under QEMU each
	 * write re-arms a host timer and wakes QEMU's main loop, a host thread switch on every IPC
	 * round trip, whose time slice deadline moves a little later each time.
	 */
	if (c->timer_ns == ns || (c->timer_ns && c->timer_ns != ~0ull && (!ns || ns > c->timer_ns)))
		return;
	c->timer_ns = ns;
	if (!ns) {
		write_sysreg(cnthp_ctl_el2, CNT_CTL_IMASK);
		return;
	}
	/* Rounded up, so that the timer never fires before the deadline. */
	write_sysreg(cnthp_cval_el2,
		     (uint64_t)((((__uint128_t)ns * ticks_per_ns_mult) >> SHIFT) + 1));
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

uint64_t arch_ticks_to_ns(uint64_t ticks)
{
	return (uint64_t)(((__uint128_t)ticks * ns_per_tick_mult) >> SHIFT);
}

uint64_t arch_ns_to_ticks(uint64_t ns)
{
	return (uint64_t)(((__uint128_t)ns * ticks_per_ns_mult) >> SHIFT);
}

void arch_timer_mask(void)
{
	write_sysreg(cnthp_ctl_el2, CNT_CTL_IMASK);
	this_cpu()->timer_ns = 0;
}
