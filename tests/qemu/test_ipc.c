// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPC through the hypervisor: the echo example, and the checks of the ipc test solution
 * (tests/qemu/solutions/ipc), which run inside its Client partition.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

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

/* The checks tests/qemu/solutions/ipc/client.c runs, in its order. */
static const char *const checks[] = {
    "echo_granted",
    "request_denied",
    "request_denied_proxy_rc",
    "denied_request_never_arrived",
    "response_denied",
    "response_denied_proxy_rc",
    "denied_response_not_delivered",
    "denied_reply_refused_to_server",
    "regex_allowed",
    "regex_allowed_rc",
    "regex_allowed_proxy_rc",
    "regex_denied",
    "regex_denied_rc",
    "regex_denied_proxy_rc",
    "regex_denied_upper_case",
    "regex_denied_never_arrived",
    "monitor_response_granted",
    "monitor_response_denied",
    "monitor_response_denied_rc",
    "monitor_denied_reply_refused_to_server",
    "monitor_then_static",
    "monitor_wait_refused",
    "monitor_verdict_refused",
    "monitor_verdict_with_wait_refused",
    "forged_verdict_changed_nothing",
    "spinners_started",
    "monitor_decides_while_others_spin",
    "monitor_decides_while_others_spin_len",
    "monitor_decides_while_others_spin_fast",
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

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

/* Boot the ipc test solution (config test_ipc, or test_ipc_monitor: verdict table off) and
 * check everything its client checks; `why` is how the hypervisor says who decided. */
static void ipc_scenarios(struct boot *b, const char *config, const char *why)
{
	static const struct boot_opts opts = {.until = "[Client] ipc: ", .until_grace_s = 1};
	char line[160];

	boot(b, config, &opts);
	for (size_t i = 0; i < NCHECKS; i++) {
		snprintf(line, sizeof(line), "[Client] PASS %s\n", checks[i]);
		expect_line(b, line);
	}
	snprintf(line, sizeof(line), "[Client] ipc: %zu checks, 0 failed", NCHECKS);
	expect_line(b, line);
	/* The denials are logged with partition, endpoint and method names, and who decided. */
	snprintf(line, sizeof(line),
		 "hyp: security: deny request Client -> Server calc.Forbidden (%s)", why);
	expect_line(b, line);
	snprintf(line, sizeof(line), "hyp: security: deny response Server -> Client calc.Leak (%s)",
		 why);
	expect_line(b, line);
	expect_no_line(b, "Forbidden arrived");
	/* The monitor's denials, and its audit records with names and the rule. */
	expect_line(b, "hyp: security: deny request Client -> Server calc.Name (monitor)");
	expect_line(b, "hyp: security: deny response Server -> Client calc.Double (monitor)");
	expect_line(b, "[Monitor] audit: deny request Client -> Server calc.Name (base.assert: "
		       "denied by a rule)");
	expect_line(b, "[Monitor] audit: deny response Server -> Client calc.Double (base.assert: "
		       "denied by a rule)");
	/* A partition the policy does not let Einit execute never starts: statically (Intruder)
	 * or by the monitor's decision on model state (Late). */
	expect_line(b, "partition 'Intruder' (class ipct.Intruder) not started");
	expect_line(b, "partition 'Late' (class ipct.Late) not started: the policy does not let "
		       "Einit execute it (monitor)");
	expect_line(b, "[Monitor] audit: deny execute Einit -> Late main (started.allow: denied "
		       "by a rule)");
	expect_no_line(b, "Intruder is running");
	expect_no_line(b, "Late is running");
	expect_no_line(b, "FAIL");
	expect_no_line(b, "did not decide");
}

Test(qemu_ipc, policy_validation_and_failures)
{
	struct boot b;

	ipc_scenarios(&b, "test_ipc", "verdict table");
	boot_free(&b);
}

/*
 * The lines of b that contain needle, each cut at the first `cut` after the needle (the
 * part that says who decided), in order, or sorted: one string.
 */
static char *lines_of(const struct boot *b, const char *needle, const char *cut, bool sorted)
{
	char *items[256], *out;
	size_t n = 0, len = 0;

	for (const char *l = find_line(b, NULL, needle); l && n < 256;
	     l = find_line(b, strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l), needle)) {
		const char *at = strstr(l, needle), *end = strchr(at, '\n');
		const char *c = cut ? strstr(at, cut) : NULL;

		if (!end)
			end = at + strlen(at);
		if (c && c < end)
			end = c;
		items[n] = strndup(at, (size_t)(end - at));
		len += strlen(items[n]) + 1;
		n++;
		if (!*end)
			break;
	}
	if (sorted)
		qsort(items, n, sizeof(items[0]), cmp_str);
	out = calloc(1, len + 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, items[i]);
		strcat(out, "\n");
		free(items[i]);
	}
	return out;
}

static void same_lines(const struct boot *a, const struct boot *b, const char *needle,
		       const char *cut, bool sorted)
{
	char *la = lines_of(a, needle, cut, sorted), *lb = lines_of(b, needle, cut, sorted);

	cr_expect(strlen(la) > 0, "no line with '%s'", needle);
	cr_expect_str_eq(la, lb, "'%s' lines differ:\n-- verdict table:\n%s-- monitor only:\n%s",
			 needle, la, lb);
	free(la);
	free(lb);
}

/* CONFIG_SECMON_VERDICT_TABLE off: the monitor decides every event, and decides each as the
 * verdict table did. */
Test(qemu_ipc, verdict_table_off_decides_the_same)
{
	struct boot table, monitor;

	ipc_scenarios(&monitor, "test_ipc_monitor", "monitor");
	expect_line(&monitor, "verdict table off: the monitor decides every event");
	boot(&table, "test_ipc",
	     &(struct boot_opts){.until = "[Client] ipc: ", .until_grace_s = 1});
	same_lines(&table, &monitor, "[Client] PASS ", NULL, false);
	same_lines(&table, &monitor, "security: deny ", " (", false);
	same_lines(&table, &monitor, "not started", ": the policy", true);
	boot_free(&table);
	boot_free(&monitor);
}
