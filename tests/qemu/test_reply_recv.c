// SPDX-License-Identifier: GPL-2.0-only
/*
 * ReplyRecv (BH_HC_IPC_REPLY_RECV through libkos's nk_transport_reply_recv) in a server loop:
 * the checks of tests/qemu/solutions/reply_recv/client.c, and what the server saw of each
 * half: a normal round trip, a reply whose client stopped waiting (rcNotConnected, and the
 * next request still received), a malformed response (rcInvalidArgument, likewise), replies
 * the monitor decides (granted; denied: rcSecurityDisallow, likewise), and a receive that timed
 * out after its reply went through.
 */
#include <stdio.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

static const char *const checks[] = {
    "round_trip",
    "slow_call_timed_out",
    "received_after_failed_reply",
    "malformed_response_not_delivered",
    "received_after_malformed_reply",
    "monitor_granted_reply",
    "monitor_denied_reply",
    "received_after_denied_reply",
    "quiet_answered",
    "received_after_receive_timeout",
};

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

Test(qemu_ipc, reply_recv_results)
{
	static const struct boot_opts opts = {.until = "[Client] reply_recv: ", .until_grace_s = 1};
	char line[96];
	struct boot b;

	boot(&b, "test_reply_recv", &opts);
	for (size_t i = 0; i < NCHECKS; i++) {
		snprintf(line, sizeof(line), "[Client] PASS %s\n", checks[i]);
		expect_line(&b, line);
	}
	snprintf(line, sizeof(line), "[Client] reply_recv: %zu checks, 0 failed", NCHECKS);
	expect_line(&b, line);

	/* The server's side, in order: each reply's result, then the request it received. */
	expect_order(&b, "[Server] serving svc", "[Server] got Echo(1)");
	expect_order(&b, "[Server] got Echo(1)",
		     "[Server] after Echo(1): reply rcOk, receive rcOk");
	expect_order(&b, "[Server] after Echo(1): reply rcOk, receive rcOk",
		     "[Server] got Slow(2)");
	expect_order(&b, "[Server] got Slow(2)",
		     "[Server] after Slow(2): reply rcNotConnected, receive rcOk");
	expect_order(&b, "[Server] after Slow(2): reply rcNotConnected, receive rcOk",
		     "[Server] got Echo(3)");
	expect_order(&b, "[Server] got Bad(5)",
		     "[Server] after Bad(5): reply rcInvalidArgument, receive rcOk");
	expect_order(&b, "[Server] after Bad(5): reply rcInvalidArgument, receive rcOk",
		     "[Server] got Echo(6)");
	expect_order(&b, "[Server] got Checked(10)",
		     "[Server] after Checked(10): reply rcOk, receive rcOk");
	expect_order(&b, "[Server] got Checked(200)",
		     "[Server] after Checked(200): reply rcSecurityDisallow, receive rcOk");
	expect_order(&b, "[Server] after Checked(200): reply rcSecurityDisallow, receive rcOk",
		     "[Server] got Echo(20)");
	expect_line(&b, "hyp: security: deny response Server -> Client svc.Checked (monitor)");
	expect_order(&b, "[Server] got Quiet(200)",
		     "[Server] after Quiet(200): reply rcOk, receive rcTimeout");
	expect_order(&b, "[Server] after Quiet(200): reply rcOk, receive rcTimeout",
		     "[Server] got Echo(8)");
	cr_expect_eq(count_lines(&b, "[Server] got "), 10, "every request arrived once");
	expect_no_line(&b, "FAIL");
	cr_expect_eq(count_lines(&b, "security: deny"), 1,
		     "only Checked(200)'s response is denied");
	boot_free(&b);
}
