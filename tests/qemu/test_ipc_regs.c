// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the IPC hypercalls do to a partition's registers (docs/abi.md §1): a call of the IPC
 * group preserves x14..x30 and SP, and whatever it changes, a partition finds there only its
 * own values, never another partition's or the hypervisor's, although the trap of those calls
 * does not save x6..x13. tests/qemu/solutions/ipc_regs: Client's Calls by the fast path, the
 * slow path (a timeout), after the server's Reply + Recv, and through the monitor; the
 * server's ReplyRecv (with and without a timeout), Reply and Recv. Every register is set to a
 * pattern of the caller's before each call, after a call outside the group that saves them
 * all with another pattern.
 */
#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_ipc_regs, ipc_calls_keep_the_registers_abi)
{
	static const struct boot_opts opts = {.until = "[Client] regs: ", .until_grace_s = 1};
	struct boot b;

	boot(&b, "test_ipc_regs", &opts);
	expect_line(&b, "[Server] serving svc (rcOk)");
	expect_line(&b, "[Client] PASS call_fast\n");
	expect_line(&b, "[Client] PASS call_timed\n");
	expect_line(&b, "[Client] PASS call_after_split\n");
	expect_line(&b, "[Client] PASS call_monitor\n");
	/* 4 rounds of 4 kinds; after the split ones the server made two calls, and the report
	 * comes before its answer's own check. */
	expect_line(&b, "[Server] regs: 20 checks, 0 failed\n");
	expect_line(&b, "[Client] regs: 4 checks, 0 failed\n");
	expect_no_line(&b, "FAIL");
	expect_no_line(&b, "round ");
	boot_free(&b);
}
