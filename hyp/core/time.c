// SPDX-License-Identifier: GPL-2.0-only
/*
 * System (wall-clock) time: uptime plus an offset. The offset starts from the PL031 RTC when
 * the platform has one (read once at boot: seconds since the epoch) and changes when a
 * partition sets the time. Uptime itself never jumps.
 */
#include <hyp/arch.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/platform.h>
#include <hyp/sched.h>
#include <hyp/time.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

#define PL031_DR 0x000 /* data register: seconds */

extern uint64_t hyp_boot_time_ns;
static int64_t system_offset_ns; /* system time = uptime + offset; under sched_lock */

uint64_t time_uptime_ns(void)
{
	return arch_time_now_ns() - hyp_boot_time_ns;
}

void time_init(const struct platform *plat)
{
	uint32_t secs = 0;

	if (plat->rtc_base)
		secs = *(volatile uint32_t *)plat->rtc_base;
	system_offset_ns = (int64_t)secs * 1000000000ll - (int64_t)time_uptime_ns();
	if (!secs)
		log_warn("no RTC: system time starts at the epoch");
}

int time_hypercall(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	(void)v;
	switch (fn) {
	case BH_HC_TIME_UPTIME:
		r[0] = time_uptime_ns();
		return rcOk;
	case BH_HC_TIME_SYSTEM_GET:
		spin_lock(&sched_lock);
		r[0] = (uint64_t)((int64_t)time_uptime_ns() + system_offset_ns);
		spin_unlock(&sched_lock);
		return rcOk;
	case BH_HC_TIME_SYSTEM_SET:
		/* Up to the year 2262: what 63 bits of nanoseconds hold. */
		if (x[0] > (uint64_t)INT64_MAX)
			return rcInvalidArgument;
		spin_lock(&sched_lock);
		system_offset_ns = (int64_t)x[0] - (int64_t)time_uptime_ns();
		spin_unlock(&sched_lock);
		return rcOk;
	default:
		return rcUnimplemented;
	}
}
