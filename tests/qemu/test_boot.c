// SPDX-License-Identifier: GPL-2.0-only
/* Solutions boot, run on the CPUs they were given, and power the machine off. */
#include <stdio.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_boot, hello_greets_and_powers_off)
{
	struct boot b;

	boot(&b, "qemu_virt_hello", NULL);
	expect_line(&b, "hyp: Bulkhead hypervisor (qemu-virt-arm64), 1 CPU");
	expect_line(&b, "[Hello] Hello world!");
	expect_line(&b, "[Hello] I am Hello, running in my own partition.");
	expect_order(&b, "[Hello] Hello world!", "hyp: partition 'Hello' exited with code 0");
	expect_order(&b, "exited with code 0", "hyp: no partition is running: powering off");
	expect_no_line(&b, "error");
	expect_powered_off(&b);
	boot_free(&b);
}

Test(qemu_boot, two_partitions_run_on_two_cpus)
{
	struct boot b;

	/* Hog spins at priority 31 on CPU 0 and never yields; Beat, at priority 0, runs only
	 * because it has CPU 1 to itself. */
	boot(&b, "test_concurrency", NULL);
	expect_line(&b, "hyp: solution 'concurrency': 2 partitions on 2 CPUs");
	expect_line(&b, "[Hog] hogging CPU 0");
	for (int i = 1; i <= 5; i++) {
		char beat[32];

		snprintf(beat, sizeof(beat), "[Beat] beat %d", i);
		expect_line(&b, beat);
	}
	expect_line(&b, "hyp: partition 'Beat' powered the system off");
	expect_powered_off(&b);
	boot_free(&b);
}

Test(qemu_boot, duo_example_survives_its_faulting_logger)
{
	struct boot b;

	boot(&b, "qemu_virt_duo", NULL);
	expect_line(&b, "[duo.Logger] report 5");
	expect_line(&b, "hyp: error: partition 'duo.Logger' stopped: stage-2 data abort writing IPA");
	expect_no_line(&b, "isolation is broken");
	expect_line(&b, "[duo.Sensor] sampler took 8 samples, filter summed 140");
	expect_line(&b, "hyp: partition 'duo.Sensor' exited with code 0");
	expect_powered_off(&b);
	boot_free(&b);
}
