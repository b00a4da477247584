// SPDX-License-Identifier: GPL-2.0-only
/*
 * Security events (docs/ipc.md §7): a partition asks the policy about its own security
 * interface (tests/qemu/solutions/security). The verdict table grants Allowed and denies
 * Forbidden; the monitor decides Create by a Regex on the name and Limit by a comparison;
 * malformed messages get rcInvalidArgument; a class without a security interface gets
 * rcResourceNotFound. With the verdict table off the monitor decides all of it the same.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

/* Everything Asker prints, in order (twice the value calls: after the malformed messages
 * the path still works). */
static const char *const asker_lines[] = {
    "[Asker] Allowed(1): granted (rc 0x0)\n",
    "[Asker] Forbidden(1): denied (rc 0x80000014)\n",
    "[Asker] Limit(9): granted (rc 0x0)\n",
    "[Asker] Limit(10): denied (rc 0x80000014)\n",
    "[Asker] Create(ok_abc): granted (rc 0x0)\n",
    "[Asker] Create(bad_abc): denied (rc 0x80000014)\n",
    "[Asker] Create(ok_ABC): denied (rc 0x80000014)\n",
    "[Asker] forged size: rc 0x80000002\n",
    "[Asker] endpoint riid: rc 0x80000002\n",
    "[Asker] bad method: rc 0x80000002\n",
    "[Asker] forged chunk: rc 0x80000002\n",
    "[Asker] outside RAM: rc 0x80000002\n",
    "[Asker] Allowed(1): granted (rc 0x0)\n",
    "[Asker] Forbidden(1): denied (rc 0x80000014)\n",
    "[Asker] Limit(9): granted (rc 0x0)\n",
    "[Asker] Limit(10): denied (rc 0x80000014)\n",
    "[Asker] security: done\n",
};

static void security_scenario(struct boot *b, const char *config)
{
	static const struct boot_opts opts = {.until = "[Asker] security: done",
					      .until_grace_s = 1};
	const size_t n = sizeof(asker_lines) / sizeof(asker_lines[0]);
	const char *at = NULL;

	boot(b, config, &opts);
	for (size_t i = 0; i < n; i++) {
		at = find_line(b, at, asker_lines[i]);
		cr_expect(at != NULL, "%s: missing (or out of order): %s", config, asker_lines[i]);
		if (!at)
			return;
		at += strlen(asker_lines[i]);
	}
	cr_expect_eq(count_lines(b, "[Asker] "), (int)n, "%s: Asker prints exactly %zu lines",
		     config, n);
	/* the partition without a security interface */
	expect_line(b, "[Plain] plain: rc 0x80000012");
	expect_line(b, "hyp: security: 'Plain' (class secq.Plain) called its security interface, "
		       "but its class has none");
	/* every malformed message is named, and none reaches the policy */
	expect_line(b, "hyp: IPC: security message from 'Asker' refused: constant part has the "
		       "wrong size for its method");
	expect_line(b, "hyp: IPC: security message from 'Asker' refused: riid 0 is not the "
		       "security interface's");
	expect_line(b, "hyp: IPC: security message from 'Asker' refused: arena size wrong or a "
		       "chunk outside the arena, field name");
	/* the denials, with who decided: Forbidden twice, Limit(10) twice, two Creates */
	cr_expect_eq(count_lines(b, "hyp: security: deny security Asker secq.Sec.Forbidden ("), 2);
	cr_expect_eq(count_lines(b, "hyp: security: deny security Asker secq.Sec.Limit (monitor)"),
		     2);
	cr_expect_eq(count_lines(b, "hyp: security: deny security Asker secq.Sec.Create (monitor)"),
		     2);
	cr_expect_eq(count_lines(b, "hyp: security: deny "), 6);
	expect_line(b, "[Monitor] audit: deny security Asker secq.Sec.Create (base.assert: denied "
		       "by a rule)");
}

Test(qemu_security, security_interface_decided_by_table_and_monitor)
{
	struct boot b;

	security_scenario(&b, "test_security");
	cr_expect_eq(count_lines(&b, "hyp: security: deny security Asker secq.Sec.Forbidden "
				     "(verdict table)"),
		     2);
	boot_free(&b);
}

Test(qemu_security, verdict_table_off_decides_the_same)
{
	struct boot b;

	security_scenario(&b, "test_security_monitor");
	expect_line(&b, "verdict table off: the monitor decides every event");
	cr_expect_eq(count_lines(&b, "hyp: security: deny security Asker secq.Sec.Forbidden "
				     "(monitor)"),
		     2);
	boot_free(&b);
}
