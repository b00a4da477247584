/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time (KasperskyOS coresrv/time/time_api.h). Uptime comes from the architected counter;
 * system time is uptime plus an offset the hypervisor keeps (started from the PL031 RTC).
 */
#ifndef CORESRV_TIME_TIME_API_H
#define CORESRV_TIME_TIME_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

typedef rtl_int64_t rtl_time_t;
typedef rtl_int64_t rtl_nsecs_t;

typedef struct {
	rtl_time_t sec;
	rtl_nsecs_t nsec;
} RtlTimeSpec;

typedef struct {
	rtl_uint32_t msec;  /* 0..999 */
	rtl_uint32_t sec;   /* 0..59 */
	rtl_uint32_t min;   /* 0..59 */
	rtl_uint32_t hour;  /* 0..23 */
	rtl_uint32_t mday;  /* 1..31 */
	rtl_uint32_t month; /* 0..11 */
	rtl_int32_t year;   /* years since 1900 */
	rtl_uint32_t wday;  /* 0 = Sunday */
} RtlRtcTime;

Retcode KnGetSystemTime(RtlTimeSpec *time);
/* rcInvalidArgument for NULL, a negative time or nsec outside 0..999999999. */
Retcode KnSetSystemTime(RtlTimeSpec *time);
Retcode KnGetSystemTimeRes(RtlTimeSpec *res);
Retcode KnGetUpTime(RtlTimeSpec *time);
Retcode KnGetUpTimeRes(RtlTimeSpec *res);
rtl_size_t KnGetMSecSinceStart(void);
/* The system time as calendar time (UTC). */
Retcode KnGetRtcTime(RtlRtcTime *rt);

#endif
