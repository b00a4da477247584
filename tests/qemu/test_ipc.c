// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPC through the hypervisor: the echo example, and the checks of the ipc test solution
 * (tests/qemu/solutions/ipc), which run inside its Client partition.
 */
#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_ipc, echo_example)
{
	static const struct boot_opts opts = { .until = "echo done", .until_grace_s = 1 };
	struct boot b;

	boot(&b, "qemu_virt_echo", &opts);
	expect_line(&b, "hyp: IPC: 1 channel");
	expect_line(&b, "[Server] serving echo_channel");
	expect_order(&b, "[Client] Ping(5) = 6", "[Client] Ping(6) = 7");
	expect_order(&b, "[Client] Ping(8) = 9", "[Client] Ping(9) = 10");
	expect_line(&b, "[Client] echo done");
	expect_no_line(&b, "failed");
	expect_no_line(&b, "security: deny");
	boot_free(&b);
}
