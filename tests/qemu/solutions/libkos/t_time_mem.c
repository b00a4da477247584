// SPDX-License-Identifier: GPL-2.0-only
/* Time (coresrv/time), the heap (kos/alloc.h) and virtual memory (coresrv/vmm). */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <coresrv/time/time_api.h>
#include <coresrv/vmm/vmm_api.h>
#include <kos/alloc.h>
#include <kos/thread.h>

#include "suite.h"

static void uptime(void)
{
	RtlTimeSpec a, b, res;
	rtl_size_t ms;

	CHECK(KnGetUpTime(&a) == rcOk, "uptime");
	KosThreadSleep(20);
	CHECK(KnGetUpTime(&b) == rcOk, "uptime");
	CHECK(b.sec * 1000000000ll + b.nsec >= a.sec * 1000000000ll + a.nsec + 20000000ll,
	      "uptime moved less than the 20 ms slept");
	ms = KnGetMSecSinceStart();
	CHECK(ms >= (rtl_size_t)(b.sec * 1000 + b.nsec / 1000000), "ms since start %zu", ms);
	CHECK(KnGetUpTimeRes(&res) == rcOk && res.sec == 0 && res.nsec > 0 && res.nsec <= 1000,
	      "resolution %lld ns", (long long)res.nsec);
	CHECK(KnGetUpTime(NULL) == rcInvalidArgument && KnGetUpTimeRes(NULL) == rcInvalidArgument,
	      "NULL");
}

static void system_time(void)
{
	/* 2024-02-29 12:34:56.789 UTC, a Thursday */
	RtlTimeSpec set = {1709210096, 789000000}, now, res, saved;
	RtlRtcTime rt;

	CHECK(KnGetSystemTime(&saved) == rcOk, "get");
	CHECK(saved.sec > 1577836800, "system time %lld is before 2020: RTC not read",
	      (long long)saved.sec);
	CHECK(KnSetSystemTime(&set) == rcOk, "set");
	CHECK(KnGetSystemTime(&now) == rcOk && now.sec >= set.sec && now.sec <= set.sec + 3,
	      "read back %lld", (long long)now.sec);
	CHECK(KnGetRtcTime(&rt) == rcOk, "rtc");
	CHECK(rt.year == 124 && rt.month == 1 && rt.mday == 29 && rt.hour == 12 && rt.min == 34 &&
		  rt.wday == 4 && rt.sec >= 56,
	      "calendar %d-%u-%u %u:%u:%u wday %u", rt.year, rt.month, rt.mday, rt.hour, rt.min,
	      rt.sec, rt.wday);
	CHECK(KnGetSystemTimeRes(&res) == rcOk && res.nsec > 0, "resolution");
	set.nsec = 1000000000;
	CHECK(KnSetSystemTime(&set) == rcInvalidArgument, "nsec out of range");
	set.sec = -1;
	set.nsec = 0;
	CHECK(KnSetSystemTime(&set) == rcInvalidArgument, "negative time");
	CHECK(KnGetSystemTime(NULL) == rcInvalidArgument && KnGetRtcTime(NULL) == rcInvalidArgument,
	      "NULL");
	KnSetSystemTime(&saved);
}

static void heap(void)
{
	unsigned char *p, *q;

	p = KosMemAlloc(100);
	CHECK(p && KosMemGetSize(p) >= 100, "alloc 100: size %zu", KosMemGetSize(p));
	memset(p, 0xab, 100);
	KosMemFree(p);
	q = KosMemZalloc(300);
	CHECK(q, "zalloc");
	for (int i = 0; i < 300; i++)
		CHECK(q[i] == 0, "zalloc byte %d is %u", i, q[i]);
	free(q); /* malloc and KosMem share one heap */
	p = KosMemAllocEx(64, 4096, 1);
	CHECK(p && ((uintptr_t)p & 4095) == 0 && p[0] == 0 && p[63] == 0, "aligned %p", p);
	KosMemFree(p);
	q = malloc(50);
	CHECK(KosMemGetSize(q) >= 50, "size of a malloc block");
	KosMemFree(q);
	CHECK(KosMemAllocEx(64, 3, 0) == NULL, "alignment 3 accepted");
	CHECK(KosMemAlloc((rtl_size_t)64 << 20) == NULL, "64 MiB from a 4 MiB partition");
	CHECK(KosMemGetSize(NULL) == 0, "size of NULL");
	KosMemFree(NULL);
}

static void vm(void)
{
	unsigned char *p;

	CHECK(KnVmAllocate(NULL, 8192, VMM_FLAG_COMMIT) == NULL, "without VMM_FLAG_RESERVE");
	CHECK(KnVmAllocate(NULL, 100, VMM_FLAG_RESERVE) == NULL, "size not whole pages");
	p = KnVmAllocate(NULL, 3 * VMM_PAGE_SIZE,
			 VMM_FLAG_RESERVE | VMM_FLAG_COMMIT | VMM_FLAG_READ | VMM_FLAG_WRITE);
	CHECK(p && ((uintptr_t)p % VMM_PAGE_SIZE) == 0 && p[0] == 0, "allocate %p", p);
	p[VMM_PAGE_SIZE] = 7;
	CHECK(KnVmCommit(p, 3 * VMM_PAGE_SIZE, VMM_FLAG_LOCKED) == rcOk, "commit");
	CHECK(KnVmDecommit(p + VMM_PAGE_SIZE, VMM_PAGE_SIZE) == rcOk && p[VMM_PAGE_SIZE] == 0,
	      "decommit keeps data");
	CHECK(KnVmCommit(p + 1, VMM_PAGE_SIZE, 0) == rcInvalidArgument, "unaligned commit");
	CHECK(KnVmCommit(p, 4 * VMM_PAGE_SIZE, 0) == rcInvalidArgument, "commit past the region");
	CHECK(KnVmProtect(p, VMM_PAGE_SIZE, VMM_FLAG_READ) == rcUnimplemented, "protect");
	CHECK(KnVmUnmap(p, VMM_PAGE_SIZE) == rcInvalidArgument, "unmap part of a region");
	CHECK(KnVmUnmap(p, 3 * VMM_PAGE_SIZE) == rcOk, "unmap");
	CHECK(KnVmUnmap(p, 3 * VMM_PAGE_SIZE) == rcInvalidArgument, "unmap twice");
}

void time_mem_cases(void)
{
	suite_run("time_uptime", uptime);
	suite_run("time_system_and_rtc", system_time);
	suite_run("mem_heap_shared_with_malloc", heap);
	suite_run("mem_vm_regions", vm);
}
