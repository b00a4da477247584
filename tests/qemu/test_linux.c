// SPDX-License-Identifier: GPL-2.0-only
/*
 * A Linux guest beside a secure partition (tests/qemu/solutions/linux): Debian's kernel boots
 * on two vCPUs (CPUs 1 and 2) and its /init runs rootfs/etc/bulkhead/test, while Beat keeps
 * time on CPU 0. One boot covers: the scripted command list, the isolation probes through
 * /dev/mem, the PL031 RTC passed through to Linux, a busy loop on both vCPUs, a reboot of
 * Linux alone, and its power-off, after which Beat goes on (it never stops by itself: the
 * harness ends QEMU a while after Linux is off).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu/harness.h"

static struct boot b;

static void boot_linux(void)
{
	/* Two Linux boots under TCG on a machine shared with other jobs: be patient. */
	struct boot_opts o = { .timeout_s = 900,
			       .until = "partition 'linux' exited with code 0",
			       .until_grace_s = 3 };

	boot_shared(&b, "test_linux", &o);
}

static void free_linux(void)
{
	boot_free(&b);
}

TestSuite(qemu_linux, .init = boot_linux, .fini = free_linux, .timeout = 1000);

/* The worst lateness Beat reports in the lines between `from` and `to`, and how many. */
static unsigned long worst_lateness(const char *from, const char *to, int *reports)
{
	const char *start = find_line(&b, NULL, from), *end = find_line(&b, start, to);
	unsigned long worst = 0;

	cr_assert(start && end, "no '%s' ... '%s' in the transcript", from, to);
	*reports = 0;
	for (const char *p = start; (p = strstr(p, "[Beat] beat ")) && p < end; p++) {
		const char *w = strstr(p, "worst lateness ");
		unsigned long us;

		cr_assert(w);
		us = strtoul(w + 15, NULL, 10);
		if (us > worst)
			worst = us;
		(*reports)++;
	}
	return worst;
}

Test(qemu_linux, boots_to_init_and_runs_the_command_list)
{
	expect_line(&b, "hyp: partition 'linux': Linux guest, 2 vCPUs");
	expect_line(&b, "[linux] Bulkhead Linux guest: init started (6.1.");
	expect_line(&b, "[linux] BHTEST uname Linux 6.1.");
	expect_line(&b, "[linux] BHTEST cpuinfo processors 2");
	/* 128 MiB granted; the kernel keeps its image and reserved memory out of MemTotal. */
	expect_line(&b, "[linux] BHTEST meminfo MemTotal: 9");
	expect_line(&b, "[linux] BHTEST online 0-1");
	expect_line(&b, "[linux] BHTEST taskset 0 ran on 0");
	expect_line(&b, "[linux] BHTEST taskset 1 ran on 1");
	expect_line(&b, "[linux] BHTEST parallel loops done in");
}

Test(qemu_linux, secure_partition_runs_while_linux_boots)
{
	/*
	 * From the moment the hypervisor makes Linux's vCPU ready (Beat starts then too), not
	 * from the kernel's first console line, which comes only once its console driver is up:
	 * on a quiet host Linux reaches init about 1.5 s after that line, and Beat reports once
	 * a second.
	 */
	const char *boot = find_line(&b, NULL, "hyp: partition 'linux': Linux guest, ");
	const char *init = find_line(&b, boot, "[linux] Bulkhead Linux guest: init started");
	int beats = 0;

	/* Beat reports from CPU 0 while Linux boots to its init. */
	cr_assert(boot && init, "Linux did not boot to its init");
	for (const char *p = boot; (p = strstr(p, "[Beat] beat ")) && p < init; p++)
		beats++;
	cr_expect_geq(beats, 2, "only %d Beat reports while Linux booted", beats);
}

Test(qemu_linux, dev_mem_outside_the_guest_aborts_only_the_probe)
{
	const char *line = find_line(&b, NULL, "hyp: partition 'Beat' (class Beat): 4096 KiB RAM at PA ");
	unsigned long pa;

	/* The address the script probes (bh.secure_pa) is really inside Beat's RAM. */
	cr_assert(line, "no placement line for Beat");
	pa = strtoul(strstr(line, " at PA ") + 7, NULL, 16);
	cr_assert(pa <= 0x40400000ul && 0x40400000ul < pa + (4ul << 20),
		  "Beat's RAM at 0x%lx no longer holds 0x40400000: fix bh.secure_pa", pa);
	expect_line(&b, "[linux] BHTEST devmem read secure 0x40400000 status 135");
	expect_line(&b, "[linux] BHTEST devmem write secure 0x40400000 status 135");
	expect_line(&b, "[linux] BHTEST devmem read hypervisor 0x40200000 status 135");
	expect_line(&b, "[linux] BHTEST devmem write hypervisor 0x40200000 status 135");
	expect_line(&b, "hyp: warning: partition 'linux': writing IPA 0x40400000 outside its RAM and "
			"devices");
	expect_line(&b, "hyp: warning: partition 'linux': reading IPA 0x40200000 outside its RAM and "
			"devices");
	/* Linux went on, and so did Beat. */
	expect_order(&b, "BHTEST devmem write hypervisor", "[linux] BHTEST busy start");
	expect_order(&b, "BHTEST devmem write hypervisor", "[Beat] beat");
	expect_no_line(&b, "partition 'Beat' stopped");
	expect_no_line(&b, "partition 'linux' stopped");
}

Test(qemu_linux, granted_rtc_is_passed_through)
{
	static const char *const boots[] = { "boot", "reboot" };
	char line[96];

	expect_line(&b, "hyp: partition 'linux': device 'rtc' passed through: MMIO "
			"0x9010000+0x1000, 1 interrupt");
	/* Linux's driver binds to the node copied from the machine's device tree, on both
	 * boots (the restart gives the device back in its reset state). */
	cr_expect_eq(count_lines(&b, "rtc-pl031 9010000.pl031: registered as rtc0"), 2);
	for (int i = 0; i < 2; i++) {
		snprintf(line, sizeof(line), "[linux] BHTEST rtc %s name rtc-pl031", boots[i]);
		expect_line(&b, line);
		snprintf(line, sizeof(line), "[linux] BHTEST rtc %s hwclock status 0", boots[i]);
		expect_line(&b, line);
		/* Each alarm raises SPI 34 once: the second comes only if the guest's EOI of
		 * the first deactivated the physical interrupt; and no storm follows. */
		snprintf(line, sizeof(line), "[linux] BHTEST rtc %s alarm 1 interrupts 0 -> 1",
			 boots[i]);
		expect_line(&b, line);
		snprintf(line, sizeof(line), "[linux] BHTEST rtc %s alarm 2 interrupts 1 -> 2",
			 boots[i]);
		expect_line(&b, line);
		/* Routed to vCPU 1 (IROUTER), the physical SPI follows it to CPU 2. */
		snprintf(line, sizeof(line),
			 "[linux] BHTEST rtc %s alarm on vCPU 1 interrupts 0 -> 1", boots[i]);
		expect_line(&b, line);
		snprintf(line, sizeof(line), "[linux] BHTEST rtc %s settled at 3 interrupts",
			 boots[i]);
		expect_line(&b, line);
	}
	expect_no_line(&b, "BHTEST rtc boot no rtc0");
}

Test(qemu_linux, nothing_ungranted_is_visible)
{
	/* The GPIO next to the RTC is not the guest's: no node, and its page is unmapped. */
	expect_line(&b, "[linux] BHTEST dt pl031@9010000 present");
	expect_line(&b, "[linux] BHTEST dt pl061@9030000 absent");
	expect_line(&b, "[linux] BHTEST devmem read gpio 0x09030000 status 135");
	expect_line(&b, "hyp: warning: partition 'linux': reading IPA 0x9030000 outside its RAM and "
			"devices");
}

Test(qemu_linux, busy_linux_does_not_delay_secure_timers)
{
	int reports;
	unsigned long worst = worst_lateness("[linux] BHTEST busy start", "[linux] BHTEST busy end",
					     &reports);

	/* 3 s of both vCPUs spinning: Beat's 50 ms sleeps still end on time. The bound is
	 * loose because QEMU's CPU threads share a busy host: the emulator, not the
	 * hypervisor, is what can be late by tens of milliseconds here. */
	cr_expect_geq(reports, 1, "no Beat report during the busy loop");
	cr_expect_lt(worst, 500000, "Beat was %lu us late during Linux's busy loop", worst);
}

Test(qemu_linux, reboot_restarts_only_linux)
{
	expect_line(&b, "[linux] BHTEST rebooting");
	expect_line(&b, "hyp: partition 'linux' asked for a reset (PSCI SYSTEM_RESET)");
	expect_line(&b, "hyp: partition 'linux' restarted (restart 1)");
	expect_order(&b, "partition 'linux' restarted", "[linux] BHTEST boot 1: up again");
	expect_order(&b, "partition 'linux' restarted", "[Beat] beat");
	expect_no_line(&b, "partition 'Beat' restarted");
}

Test(qemu_linux, poweroff_stops_only_linux)
{
	expect_line(&b, "hyp: partition 'linux' powered itself off (PSCI SYSTEM_OFF)");
	expect_line(&b, "hyp: partition 'linux' exited with code 0");
	/* Beat keeps going after Linux is gone, and the machine stays on for it. */
	expect_order(&b, "partition 'linux' exited with code 0", "[Beat] beat");
	expect_no_line(&b, "no partition is running");
	cr_expect(b.stopped, "Linux never powered off (the harness timed out)");
}
