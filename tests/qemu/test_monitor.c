// SPDX-License-Identifier: GPL-2.0-only
/*
 * The security monitor partition: the ping example (a Flow policy the monitor decides, with
 * model state kept between events), and fail closed when the monitor is gone.
 */
#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_monitor, ping_example)
{
	static const struct boot_opts opts = {.until = "ping done", .until_grace_s = 1};
	static const char *const lines[] = {
	    "[Client] Pong(1) denied by the policy\n",
	    "[Client] Ping(1) = 2\n",
	    "[Client] Ping(2) denied by the policy\n",
	    "[Client] Pong(2) = 3\n",
	    "[Client] Ping(3) = 4\n",
	    "[Client] Pong(4) = 5\n",
	    "[Client] ping done\n",
	};
	struct boot b;

	boot(&b, "qemu_virt_ping", &opts);
	expect_line(&b, "[Server] serving ping_channel");
	for (size_t i = 0; i + 1 < sizeof(lines) / sizeof(lines[0]); i++)
		expect_order(&b, lines[i], lines[i + 1]);
	cr_expect_eq(count_lines(&b, "[Client] "), 7, "the client prints exactly 7 lines");
	/* the denied calls never reached the server, the granted ones did */
	expect_no_line(&b, "[Server] got Pong(1)");
	expect_no_line(&b, "[Server] got Ping(2)");
	expect_line(&b, "[Server] got Ping(1)");
	expect_line(&b, "[Server] got Pong(4)");
	cr_expect_eq(count_lines(&b, "[Server] got "), 4);
	expect_line(
	    &b, "hyp: security: deny request Client -> Server pingComp.pingImpl.Pong (monitor)");
	expect_line(
	    &b, "hyp: security: deny request Client -> Server pingComp.pingImpl.Ping (monitor)");
	expect_line(&b, "[Monitor] audit: deny request Client -> Server pingComp.pingImpl.Pong "
			"(turn.allow: denied by a rule)");
	cr_expect_eq(count_lines(&b, "security: deny"), 2);
	boot_free(&b);
}

Test(qemu_monitor, monitor_gone_fails_closed)
{
	static const struct boot_opts opts = {.until = "monitor gone: done", .until_grace_s = 1};
	struct boot b;

	boot(&b, "test_monitor_gone", &opts);
	expect_line(&b, "[Monitor] monitor: out of memory");
	expect_line(&b, "the monitor partition 'Monitor' is gone");
	/* the call that needs the monitor is denied, not left waiting; a static grant works */
	expect_line(&b, "[Client] Check(1): rc 0x80000014, result 0");
	expect_line(&b, "[Client] Plain(1): rc 0x0, result 2");
	expect_line(&b, "[Client] Check(1) again: rc 0x80000014, result 0");
	expect_line(&b, "[Client] monitor gone: done");
	expect_no_line(&b, "Check arrived");
	/* a start only the monitor could allow never happens */
	expect_line(&b, "partition 'Late' (class mg.Late) not started");
	expect_no_line(&b, "Late is running");
	boot_free(&b);
}
