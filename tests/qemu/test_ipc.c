// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPC through the hypervisor: the echo example, and the checks of the ipc test solution
 * (tests/qemu/solutions/ipc), which run inside its Client partition.
 */
#include <stdio.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

Test(qemu_ipc, echo_example)
{
	static const struct boot_opts opts = {.until = "echo done", .until_grace_s = 1};
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

Test(qemu_ipc, policy_validation_and_failures)
{
	static const char *const checks[] = {
	    "echo_granted",
	    "request_denied",
	    "denied_request_never_arrived",
	    "response_denied",
	    "denied_response_not_delivered",
	    "riid_of_endpoint",
	    "unknown_endpoint",
	    "unknown_connection",
	    "client_does_not_serve",
	    "forged_size",
	    "huge_size",
	    "unknown_method",
	    "unknown_endpoint_riid",
	    "request_outside_ram",
	    "unaligned_request",
	    "bad_handle",
	    "forged_arena_chunk",
	    "arena_outside_ram",
	    "arena_size_mismatch",
	    "recv_on_client_handle",
	    "malformed_never_arrived",
	    "put_4k",
	    "put_4k_sum",
	    "put_4k_size",
	    "rewrite_all_calls_accounted",
	    "rewrite_server_saw_no_bad_chunk",
	    "server_thread_died_holding_request",
	    "server_serves_again",
	    "server_died_holding_request",
	    "server_stopped",
	    "close_client_handle",
	    "closed_handle_refused",
	};
	static const struct boot_opts opts = {.until = "[Client] ipc: ", .until_grace_s = 1};
	struct boot b;
	char line[128];

	boot(&b, "test_ipc", &opts);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		snprintf(line, sizeof(line), "[Client] PASS %s\n", checks[i]);
		expect_line(&b, line);
	}
	snprintf(line, sizeof(line), "[Client] ipc: %zu checks, 0 failed",
		 sizeof(checks) / sizeof(checks[0]));
	expect_line(&b, line);
	/* The denials are logged with partition, endpoint and method names. */
	expect_line(&b,
		    "hyp: security: deny request Client -> Server calc.Forbidden (verdict table)");
	expect_line(&b, "hyp: security: deny response Server -> Client calc.Leak (verdict table)");
	expect_no_line(&b, "Forbidden arrived");
	/* A partition the policy does not let Einit execute never starts. */
	expect_line(&b, "partition 'Intruder' (class ipct.Intruder) not started");
	expect_no_line(&b, "Intruder is running");
	expect_no_line(&b, "FAIL");
	boot_free(&b);
}
