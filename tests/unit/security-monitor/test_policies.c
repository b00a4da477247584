// SPDX-License-Identifier: GPL-2.0-only
/*
 * End to end: the echo and ping example policies and the file-server policy pass their own
 * assert suites, through the library and through the pslc command line; the command line's
 * -o, --dump, --audit and exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define DIR PSL_SRCTREE "/tests/unit/security-monitor"
#define EX PSL_SRCTREE "/partitions/examples"

static void suites_pass(const char *path, const char *dir, unsigned sequences)
{
	struct pt *t = pt_compile_file_with(path, dir);
	unsigned passed, failed;
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	cr_expect(pslc_run_tests(t->c, f, &passed, &failed));
	fclose(f);
	cr_expect_eq(passed, sequences, "%s", out);
	cr_expect_eq(failed, 0, "%s", out);
	free(out);
	pt_free(t);
}

Test(psl_policies, echo_passes_its_assert_suite)
{
	suites_pass(EX "/echo/security.psl", EX "/echo/specs", 3);
}

Test(psl_policies, ping_alternation_passes_its_assert_suite)
{
	suites_pass(EX "/ping/security.psl", EX "/ping/specs", 4);
}

Test(psl_policies, fileserver_passes_its_assert_suite)
{
	suites_pass(DIR "/policies/fileserver.psl", DIR "/specs", 4);
}

Test(psl_policies, ping_alternation_through_the_engine)
{
	struct pt *t = pt_compile_file_with(EX "/ping/security.psl", EX "/ping/specs");
	uint32_t client = psl_image_find_class(&t->img, "ping.Client");
	uint32_t server = psl_image_find_class(&t->img, "ping.Server");
	uint32_t einit = psl_image_find_class(&t->img, "Einit");

	cr_assert_neq(server, PSL_NONE);
	cr_assert_eq(pt_event(t, PSL_EV_EXECUTE, 0, einit, 5, server, NULL, NULL, NULL), PSL_OK);
	for (int round = 0; round < 3; round++) {
		cr_expect_eq(pt_event(t, PSL_EV_REQUEST, 4, client, 5, server, "pingComp.pingImpl",
				      "Pong", NULL),
			     PSL_E_DENIED);
		cr_expect_eq(pt_event(t, PSL_EV_REQUEST, 4, client, 5, server, "pingComp.pingImpl",
				      "Ping", NULL),
			     PSL_OK);
		cr_expect_eq(pt_event(t, PSL_EV_RESPONSE, 5, server, 4, client, "pingComp.pingImpl",
				      "Ping", NULL),
			     PSL_OK);
		cr_expect_eq(pt_event(t, PSL_EV_REQUEST, 4, client, 5, server, "pingComp.pingImpl",
				      "Ping", NULL),
			     PSL_E_DENIED);
		cr_expect_eq(pt_event(t, PSL_EV_REQUEST, 4, client, 5, server, "pingComp.pingImpl",
				      "Pong", NULL),
			     PSL_OK);
		cr_expect_eq(pt_event(t, PSL_EV_RESPONSE, 5, server, 4, client, "pingComp.pingImpl",
				      "Pong", NULL),
			     PSL_OK);
	}
	pt_free(t);
}

static int run(const char *cmd, char *out, size_t n)
{
	char full[2048];
	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	FILE *p = popen(full, "r");
	cr_assert(p);
	size_t len = fread(out, 1, n - 1, p);
	out[len] = 0;
	char sink[4096];
	while (fread(sink, 1, sizeof(sink), p) > 0)
		; /* the rest: a command killed by SIGPIPE would not report its exit status */
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(psl_policies, pslc_command_line)
{
	static char out[1 << 18];
	char cmd[1024], dir[] = "/tmp/pslc-cli-XXXXXX";

	cr_assert(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "%s -I " EX "/ping/specs --test -o %s/p.bin --audit %s/p.meta " EX
		 "/ping/security.psl",
		 PSLC_PATH, dir, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 0, "%s", out);
	cr_expect(strstr(out, "PASS ping / ping, pong, ping\n"), "%s", out);
	cr_expect(strstr(out, "4 passed, 0 failed\n"), "%s", out);

	snprintf(cmd, sizeof(cmd), "%s --dump %s/p.bin", PSLC_PATH, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 0, "%s", out);
	cr_expect(strstr(out, "[0] turn : Flow states ping_next(initial) pong_next"), "%s", out);
	cr_expect(strstr(out, "verdict table ("), "%s", out);
	cr_expect(strstr(out, "request  ping.Client -> ping.Server  pingComp.pingImpl.Ping  "
			      "DYNAMIC"),
		  "%s", out);
	cr_expect(strstr(out, "execute  Einit -> ping.Client  -.main  GRANT"), "%s", out);

	snprintf(cmd, sizeof(cmd), "cat %s/p.meta", dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 0);
	cr_expect(strstr(out, "state 0 1 pong_next\n"), "%s", out);
	cr_expect(strstr(out, "class 3 ping.Server\n"), "%s", out);

	/* a failing suite makes the exit status non-zero */
	snprintf(cmd, sizeof(cmd),
		 "sed 's/deny client ~> server : pingComp.pingImpl.Pong/grant client ~> server : "
		 "pingComp.pingImpl.Pong/' " EX "/ping/security.psl > %s/bad.psl && %s -I " EX
		 "/ping/specs --test %s/bad.psl",
		 dir, PSLC_PATH, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 1, "%s", out);
	cr_expect(strstr(out, "FAIL ping / pong first is refused"), "%s", out);
	cr_expect(strstr(out, "3 passed, 1 failed"), "%s", out);

	/* a compile error: exit 1 with the message on stderr */
	snprintf(cmd, sizeof(cmd), "printf 'request { grant ( }\\n' > %s/e.psl && %s %s/e.psl", dir,
		 PSLC_PATH, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 1, "%s", out);
	cr_expect(strstr(out, "e.psl:1:19: error: unexpected '}'"), "%s", out);
	cr_expect(strstr(out, "pslc: 1 error\n"), "%s", out);

	/* --dump of something that is not an image */
	snprintf(cmd, sizeof(cmd), "%s --dump %s/e.psl", PSLC_PATH, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 1, "%s", out);
	cr_expect(strstr(out, "not a valid policy image"), "%s", out);

	/* usage */
	snprintf(cmd, sizeof(cmd), "%s", PSLC_PATH);
	cr_expect_eq(run(cmd, out, sizeof(out)), 2, "%s", out);

	/* the default search path finds the standard library and the SDK specifications */
	snprintf(cmd, sizeof(cmd),
		 "printf 'use nonsecurity._\\nuse EDL Einit\\n' > %s/n.psl && %s "
		 "-o %s/n.bin %s/n.psl",
		 dir, PSLC_PATH, dir, dir);
	cr_expect_eq(run(cmd, out, sizeof(out)), 0, "%s", out);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(psl_policies, freestanding_engine_object_uses_only_string_functions)
{
	char cmd[512];
	static char out[8192];

	snprintf(cmd, sizeof(cmd), "aarch64-linux-gnu-nm -u %s", PSL_ENGINE_A64);
	cr_assert_eq(run(cmd, out, sizeof(out)), 0, "%s", out);
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		const char *sym = strrchr(l, ' ') ? strrchr(l, ' ') + 1 : l;
		cr_expect(!strcmp(sym, "memcpy") || !strcmp(sym, "memmove") ||
			      !strcmp(sym, "memset") || !strcmp(sym, "memcmp") ||
			      !strcmp(sym, "strlen") || !strcmp(sym, "strcmp"),
			  "the aarch64 engine needs %s", sym);
	}
}
