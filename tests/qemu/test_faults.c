// SPDX-License-Identifier: GPL-2.0-only
/*
 * Misbehaving partitions are stopped (or restarted) with one line naming them, the address
 * and the syndrome, while the others keep running (tests/qemu/solutions/faults).
 */
#include <criterion/criterion.h>

#include "qemu/harness.h"

static struct boot b;

static void boot_faults(void)
{
	boot(&b, "test_faults", NULL);
}

static void free_faults(void)
{
	boot_free(&b);
}

TestSuite(qemu_faults, .init = boot_faults, .fini = free_faults);

Test(qemu_faults, write_outside_ram_stops_only_that_partition)
{
	expect_line(&b, "hyp: error: partition 'WildWrite' stopped: stage-2 data abort writing "
			"IPA 0x40041000 (ESR 0x");
	expect_no_line(&b, "[WildWrite] FAIL");
	expect_order(&b, "partition 'WildWrite' stopped", "[Ticker] tick");
	expect_line(&b, "[Ticker] tick 20");
	expect_powered_off(&b);
}

Test(qemu_faults, undefined_instruction_stops_only_that_partition)
{
	expect_line(&b, "hyp: error: partition 'Undef' stopped: undefined instruction at EL1 "
			"(ESR_EL1 0x2000000");
	expect_no_line(&b, "[Undef] FAIL");
	expect_order(&b, "partition 'Undef' stopped", "[Ticker] tick");
	expect_line(&b, "hyp: partition 'Ticker' exited with code 0");
}

Test(qemu_faults, pointer_authentication_keys_are_not_a_partitions_to_read)
{
	expect_line(&b, "[KeyReader] reading APIAKeyLo_EL1");
	expect_line(&b, "hyp: error: partition 'KeyReader' stopped: system register access "
			"trapped to EL2");
	expect_no_line(&b, "[KeyReader] FAIL");
	expect_order(&b, "partition 'KeyReader' stopped", "[Ticker] tick");
}

Test(qemu_faults, debug_and_cache_id_registers_are_emulated_or_refused)
{
	expect_line(&b, "[DebugProbe] MDSCR_EL1 reads back 0xa000");
	expect_line(&b, "[DebugProbe] ok cache ID registers: CTR 0x");
	expect_line(&b, "[DebugProbe] reading DBGBCR0_EL1");
	expect_line(&b, "hyp: error: partition 'DebugProbe' stopped: system register access "
			"trapped to EL2");
	expect_no_line(&b, "[DebugProbe] FAIL");
	expect_order(&b, "partition 'DebugProbe' stopped", "[Ticker] tick");
}

Test(qemu_faults, restart_flagged_partition_comes_back)
{
	expect_line(&b, "[Restarter] run 0, initialised 7");
	expect_line(&b, "[Restarter] run 1, initialised 7");
	expect_line(&b, "[Restarter] run 2, initialised 7");
	cr_expect_eq(count_lines(&b, "partition 'Restarter' faulted: undefined instruction"), 2);
	expect_line(&b, "hyp: partition 'Restarter' restarted (restart 2)");
	expect_order(&b, "restarted (restart 2)", "[Restarter] came back after 2 restarts");
	expect_line(&b, "hyp: partition 'Restarter' exited with code 0");
}

Test(qemu_faults, bad_hypercalls_return_errors)
{
	expect_line(&b, "[BadCall] unknown function 0xc600ffff: rc 0x80000010 ok");
	expect_line(&b, "[BadCall] survived every bad call, 0 unexpected result(s)");
	expect_no_line(&b, "UNEXPECTED");
	expect_line(&b, "hyp: error: partition 'BadCall' stopped: SMC trapped to EL2");
	expect_no_line(&b, "[BadCall] FAIL");
}

Test(qemu_faults, no_partition_output_leaks_control_characters)
{
	for (size_t i = 0; i < b.len; i++)
		cr_assert(b.out[i] == '\n' || b.out[i] == '\t' || (unsigned char)b.out[i] >= 0x20,
			  "control character 0x%02x at offset %zu", b.out[i], i);
}
