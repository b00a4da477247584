// SPDX-License-Identifier: GPL-2.0-only
/* coresrv/time/time_api.h over the time hypercalls. */
#include <bulkhead/hvc.h>
#include <coresrv/time/time_api.h>

#define NS_PER_SEC 1000000000ull

static void to_timespec(uint64_t ns, RtlTimeSpec *t)
{
	t->sec = (rtl_time_t)(ns / NS_PER_SEC);
	t->nsec = (rtl_nsecs_t)(ns % NS_PER_SEC);
}

Retcode KnGetSystemTime(RtlTimeSpec *time)
{
	struct bh_hvc_result r;

	if (!time)
		return rcInvalidArgument;
	r = bh_hvc0(BH_HC_TIME_SYSTEM_GET);
	if (r.rc == rcOk)
		to_timespec(r.r1, time);
	return r.rc;
}

Retcode KnSetSystemTime(RtlTimeSpec *time)
{
	if (!time || time->sec < 0 || time->nsec < 0 || time->nsec >= (rtl_nsecs_t)NS_PER_SEC ||
	    (uint64_t)time->sec > (uint64_t)INT64_MAX / NS_PER_SEC - 1)
		return rcInvalidArgument;
	return bh_hvc1(BH_HC_TIME_SYSTEM_SET,
		       (uint64_t)time->sec * NS_PER_SEC + (uint64_t)time->nsec)
	    .rc;
}

/* One tick of the architected counter, which both clocks come from. */
static Retcode resolution(RtlTimeSpec *res)
{
	uint64_t freq;

	if (!res)
		return rcInvalidArgument;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	res->sec = 0;
	res->nsec = (rtl_nsecs_t)((NS_PER_SEC + freq - 1) / freq);
	return rcOk;
}

Retcode KnGetSystemTimeRes(RtlTimeSpec *res)
{
	return resolution(res);
}

Retcode KnGetUpTime(RtlTimeSpec *time)
{
	if (!time)
		return rcInvalidArgument;
	to_timespec(bh_hvc0(BH_HC_TIME_UPTIME).r1, time);
	return rcOk;
}

Retcode KnGetUpTimeRes(RtlTimeSpec *res)
{
	return resolution(res);
}

rtl_size_t KnGetMSecSinceStart(void)
{
	return bh_hvc0(BH_HC_TIME_UPTIME).r1 / 1000000u;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's published algorithm). */
static void civil_from_days(int64_t z, int32_t *y, uint32_t *m, uint32_t *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (uint32_t)(doy - (153 * mp + 2) / 5 + 1);
	*m = (uint32_t)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int32_t)(yoe + era * 400 + (*m <= 2));
}

Retcode KnGetRtcTime(RtlRtcTime *rt)
{
	RtlTimeSpec now;
	int64_t days, secs;
	uint32_t month, mday;
	int32_t year;
	Retcode rc;

	if (!rt)
		return rcInvalidArgument;
	rc = KnGetSystemTime(&now);
	if (rc != rcOk)
		return rcFail;
	days = now.sec / 86400;
	secs = now.sec % 86400;
	civil_from_days(days, &year, &month, &mday);
	rt->msec = (rtl_uint32_t)(now.nsec / 1000000);
	rt->sec = (rtl_uint32_t)(secs % 60);
	rt->min = (rtl_uint32_t)(secs / 60 % 60);
	rt->hour = (rtl_uint32_t)(secs / 3600);
	rt->mday = mday;
	rt->month = month - 1;
	rt->year = year - 1900;
	rt->wday = (rtl_uint32_t)((days + 4) % 7); /* 1970-01-01 was a Thursday */
	return rcOk;
}
