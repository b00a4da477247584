// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver partition: QEMU virt's PL031 RTC is granted to it in init.yaml (its page and SPI 2,
 * INTID 34). It maps the registers, attaches to the interrupt, sets the alarm one or two
 * seconds ahead and waits for it.
 */
#include <stdio.h>

#include <coresrv/handle/handle_api.h>
#include <coresrv/io/io_api.h>
#include <coresrv/io/irq.h>
#include <coresrv/io/mmio.h>

#include "suite.h"

#define RTC_PA 0x09010000u
#define RTC_IRQ 34
#define RTCDR 0x000   /* seconds */
#define RTCMR 0x004   /* match: the alarm */
#define RTCIMSC 0x010 /* interrupt mask set/clear */
#define RTCRIS 0x014  /* raw interrupt status */
#define RTCICR 0x01c  /* interrupt clear */
#define RTC_CELL_ID 0xff0

static volatile uint8_t *rtc;
static Handle region, mapping, irq, attach;

static uint32_t reg(unsigned int off)
{
	return IoReadMmReg32((volatile void *)(rtc + off));
}

static void set_reg(unsigned int off, uint32_t v)
{
	IoWriteMmReg32((volatile void *)(rtc + off), v);
}

static void mmio(void)
{
	uint32_t id = 0;
	Handle h;
	void *va = NULL;

	CHECK(KnRegisterPhyMem(RTC_PA, 0x1000, &region) == rcOk, "register");
	CHECK(KnRegisterPhyMem(RTC_PA, 0x1000, &h) == rcAlreadyExists, "register twice");
	CHECK(KnRegisterPhyMem(0x09000000, 0x1000, &h) == rcNoCapability, "the console UART");
	CHECK(KnRegisterPhyMem(RTC_PA, 0x2000, &h) == rcNoCapability, "beyond the grant");
	CHECK(KnIoMapMem(region, VMM_FLAG_READ | VMM_FLAG_EXECUTE, 0, &va, &h) == rcInvalidArgument,
	      "executable MMIO");
	CHECK(KnIoMapMem(region, VMM_FLAG_READ | VMM_FLAG_WRITE, VMM_FLAG_CACHE_DISABLE, &va,
			 &mapping) == rcOk,
	      "map");
	CHECK(va == (void *)(uintptr_t)RTC_PA, "mapped at %p", va);
	rtc = va;
	for (int i = 3; i >= 0; i--)
		id = id << 8 | (reg(RTC_CELL_ID + 4u * (unsigned int)i) & 0xff);
	CHECK(id == 0xb105f00d, "PrimeCell id 0x%x", id);
	CHECK(IoReadMmReg8((volatile void *)(rtc + RTC_CELL_ID + 12)) == 0xb1, "8-bit read");
	CHECK((IoReadMmReg64((volatile void *)(rtc + RTC_CELL_ID)) & 0xff) == 0x0d, "64-bit read");
	{
		uint32_t vals[2] = {7, 123456}, back[3];

		/* Buffer calls hit one register repeatedly: the last write stays. */
		IoWriteMmBuffer32((volatile uint32_t *)(rtc + RTCMR), vals, 2);
		IoReadMmBuffer32((volatile uint32_t *)(rtc + RTCMR), back, 3);
		CHECK(back[0] == 123456 && back[2] == 123456, "match register 0x%x", back[0]);
	}
	CHECK(KnIoMapMem(region, VMM_FLAG_READ, 0, &va, &h) == rcAlreadyExists, "mapped twice");
}

static void irq_errors(void)
{
	Handle h;

	CHECK(KnRegisterIrq(RTC_IRQ, &irq) == rcOk, "register");
	CHECK(KnRegisterIrq(RTC_IRQ, &h) == rcAlreadyExists, "register twice");
	CHECK(KnRegisterIrq(RTC_IRQ + 1, &h) == rcNoCapability, "not granted");
	CHECK(KnIoAttachIrq(irq, IRQ_EDGE_FALL, &h) == rcInvalidArgument, "falling edge");
	CHECK(KnIoAttachIrq(irq, IRQ_LEVEL_HIGH, &attach) == rcOk, "attach");
	CHECK(KnIoAttachIrq(irq, IRQ_LEVEL_HIGH, &h) == rcBusy, "attach twice");
	CHECK(KnIoWaitIrq(irq, 10) == rcInvalidArgument, "wait on the IRQ, not the attachment");
	CHECK(KnIoEnableIrq(attach) == rcInvalidArgument, "enable through the attachment");
	CHECK(KnIoDisableIrq(INVALID_HANDLE) == rcInvalidArgument, "disable nothing");
}

static void alarm(void)
{
	uint64_t start;
	uint32_t now;
	Retcode rc;

	set_reg(RTCICR, 1);
	set_reg(RTCIMSC, 1);
	start = now_ms();
	rc = KnIoWaitIrq(attach, 50);
	CHECK(rc == rcTimeout && IN_TOLERANCE(now_ms() - start, 50), "no alarm yet: rc 0x%x", rc);
	CHECK(KnIoDisableIrq(irq) == rcOk && KnIoEnableIrq(irq) == rcOk, "disable/enable");

	now = reg(RTCDR);
	set_reg(RTCMR, now + 2); /* fires in one to two seconds */
	start = now_ms();
	rc = KnIoWaitIrq(attach, 10000);
	CHECK(rc == rcOk, "no interrupt within 10 s: rc 0x%x", rc);
	CHECK(reg(RTCRIS) & 1, "woken but the RTC shows no alarm");
	CHECK(reg(RTCDR) >= now + 2, "woken before the alarm time");
	printf("alarm after %llu ms\n", (unsigned long long)(now_ms() - start));
	set_reg(RTCICR, 1); /* quieten the device before the next wait */
	rc = KnIoWaitIrq(attach, 50);
	CHECK(rc == rcTimeout, "interrupt again after clearing it: rc 0x%x", rc);
}

static void detach_close(void)
{
	CHECK(KnIoDetachIrq(irq) == rcOk, "detach");
	CHECK(KnIoDetachIrq(irq) == rcInvalidThreadState, "detach twice");
	CHECK(KnIoWaitIrq(attach, 10) == rcResourceNotFound, "wait after detach");
	CHECK(KnHandleClose(attach) == rcOk && KnIoClose(irq) == rcOk, "close the IRQ");
	CHECK(KnIoClose(mapping) == rcOk && KnIoClose(region) == rcOk, "close the region");
	CHECK(KnIoClose(region) == rcInvalidArgument, "close twice");
}

int main(void)
{
	suite_run("driver_mmio_register_map", mmio);
	suite_run("driver_irq_register_attach", irq_errors);
	suite_run("driver_rtc_alarm_interrupt", alarm);
	suite_run("driver_detach_and_close", detach_close);
	return suite_summary();
}
