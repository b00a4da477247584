// SPDX-License-Identifier: GPL-2.0-only
/*
 * einit --check: init.yaml validated against the EDLs it names (search path -I, then the
 * SDK) and printed as the solution model; good files in the shapes real solutions use, bad
 * ones rejected with their position. Also the build path: an EDL that is present is checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

static char dir[PATH_MAX];
static char out[32768];

static void setup(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	snprintf(dir, sizeof(dir), "%s/einit-check.XXXXXX", tmp);
	cr_assert_not_null(mkdtemp(dir));
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void teardown(void)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(einit_check, .init = setup, .fini = teardown);

static void put(const char *rel, const char *text)
{
	char path[2 * PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* Runs einit with the arguments (a format, paths relative to the scratch dir via %1$s). */
static int einit(const char *fmt, ...)
{
	const char *tool = getenv("BH_SOLUTION_TOOL");
	char args[4096], cmd[16384];
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	cr_assert_not_null(tool, "BH_SOLUTION_TOOL is not set");
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>&1", dir, tool, args);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define HAS(s) cr_expect(strstr(out, (s)) != NULL, "want '%s' in:\n%s", (s), out)

static void echo_specs(void)
{
	put("specs/echo/Ping.idl",
	    "package echo.Ping\ninterface { Ping(in UInt32 v, out UInt32 r); }\n");
	put("specs/echo/Ops.cdl",
	    "component echo.Ops\nendpoints { ping : echo.Ping\n pong : echo.Ping }\n");
	put("specs/echo/Server.edl", "entity echo.Server\ncomponents { OpsComp : echo.Ops }\n");
	put("specs/echo/Client.edl", "entity echo.Client\n");
	put("specs/Env.edl", "task class Env\nendpoints { env : echo.Ping }\n");
}

Test(einit_check, solution_model_with_tasks_var_ids_args_and_env)
{
	echo_specs();
	put("init.yaml",
	    "# A solution in the shape real ones have: comments, tasks, {var:, include:} ids.\n"
	    "entities:\n"
	    "    - name: echo.Server\n"
	    "      task: server1\n"
	    "    - name: echo.Server\n"
	    "      task: server2\n"
	    "      path: EchoServer\n"
	    "    - name: Env\n"
	    "    - name: echo.Client\n"
	    "      args:\n"
	    "        - nodev /tmp ramfs 0\n"
	    "      env:\n"
	    "        VFS_FILESYSTEM_BACKEND: client:server1\n"
	    "      connections:\n"
	    "        - target: server1\n"
	    "          id: first_channel   # plain id\n"
	    "        - target: server2\n"
	    "          id: {var: ECHO_CHANNEL, include: echo/defs.h}\n"
	    "        - target: Env\n"
	    "          id: {var: ENV_SERVICE_NAME, include: env/env.h}");
	put("specs/echo/defs.h",
	    "#pragma once\n#define OTHER 1\n#  define ECHO_CHANNEL \"echo_two\"\n");
	cr_assert_eq(einit("--check -I specs init.yaml"), 0, "%s", out);
	HAS("solution init.yaml: 4 entities\n");
	HAS("task server1\n  class echo.Server\n  path Server\n  edl specs/echo/Server.edl\n"
	    "  endpoint 0 OpsComp.ping echo.Ping\n  endpoint 1 OpsComp.pong echo.Ping\n");
	HAS("task server2\n  class echo.Server\n  path EchoServer\n");
	HAS("task Env\n  class Env\n");
	HAS("  endpoint 0 env echo.Ping\n");
	HAS("  connection first_channel -> server1 (class echo.Server)\n");
	HAS("  connection {var: ECHO_CHANNEL, include: echo/defs.h} = echo_two -> server2 "
	    "(class echo.Server)\n");
	HAS("  connection {var: ENV_SERVICE_NAME, include: env/env.h} (header not found) -> Env");
	HAS("  arg nodev /tmp ramfs 0\n");
	HAS("  env VFS_FILESYSTEM_BACKEND=client:server1\n");
}

Test(einit_check, generated_kasperskyos_init_file_loads_unchanged)
{
	/* The shape the SDK's build writes: unindented list items, dotted task names used as
	 * targets and ids, quoted env values, args with spaces, the DCM flag, blank lines. */
	put("s/svc/Iface.idl", "package svc.Iface\ninterface { Get(out UInt32 v); }\n");
	put("s/app/Fuzzer.edl", "entity app.Fuzzer\n");
	put("s/kl/VfsRamFs.edl", "entity kl.VfsRamFs\nendpoints { vfs : svc.Iface }\n");
	put("s/kl/core/DCM.edl", "entity kl.core.DCM\nendpoints { dcm : svc.Iface }\n");
	put("s/kl/EntropyEntity.edl", "entity kl.EntropyEntity\nendpoints { e : svc.Iface }\n");
	put("init.yaml",
	    "# generated: do not edit\n\n"
	    "entities:\n\n"
	    "- name: app.Fuzzer\n  task: app.Fuzzer\n  path: Fuzzer\n  connections:\n"
	    "  - target: kl.VfsRamFs\n    id: kl.VfsRamFs\n"
	    "  - target: kl.core.DCM\n    id: kl.core.DCM\n"
	    "  env:\n    VFS_FILESYSTEM_BACKEND: client:kl.VfsRamFs\n    DISABLE_COVERAGE: "
	    "'YES'\n\n"
	    "- name: kl.VfsRamFs\n  task: kl.VfsRamFs\n  path: VfsRamFs\n  connections:\n"
	    "  - target: kl.EntropyEntity\n    id: kl.EntropyEntity\n"
	    "  args:\n  - -l\n  - nodev /tmp ramfs 0\n  autostart: true\n\n"
	    "- name: kl.core.DCM\n  task: kl.core.DCM\n  path: dcm\n"
	    "  dynamic_connection_manager: true\n\n"
	    "- name: kl.EntropyEntity\n  task: kl.EntropyEntity\n  path: Entropy\n");
	cr_assert_eq(einit("--check -I s init.yaml"), 0, "%s", out);
	HAS("task kl.core.DCM\n  class kl.core.DCM\n  path dcm\n  dynamic_connection_manager\n");
	HAS("  connection kl.VfsRamFs -> kl.VfsRamFs (class kl.VfsRamFs)\n");
	HAS("  env DISABLE_COVERAGE=YES\n");
	HAS("  arg nodev /tmp ramfs 0\n");

	put("bad.yaml", "entities:\n- name: app.Fuzzer\n  autostart: false\n");
	cr_assert_eq(einit("--check -I s bad.yaml"), 1);
	HAS("bad.yaml:3:14: 'autostart: false' is not supported");
	put("bad2.yaml", "entities:\n- name: app.Fuzzer\n  dynamic_connection_manager: maybe\n");
	cr_assert_eq(einit("--check -I s bad2.yaml"), 1);
	HAS("bad2.yaml:3:31: 'dynamic_connection_manager' 'maybe' is not true or false");
}

Test(einit_check, sdk_classes_are_on_the_default_search_path)
{
	put("init.yaml",
	    "entities:\n  - name: Einit\n  - name: kl.core.Core\n"
	    "  - name: kl.VfsRamFs\n  - name: kl.VfsNet\n  - name: kl.VfsSdCardFs\n"
	    "  - name: env.Env\n  - name: kl.core.NameServer\n  - name: kl.core.DCM\n"
	    "  - name: kl.EntropyEntity\n"
	    "  - name: Einit\n    task: client\n    connections:\n"
	    "      - {target: kl.VfsRamFs, id: {var: _VFS_CONNECTION_ID, include: vfs/defs.h}}\n"
	    "      - {target: env.Env, id: {var: ENV_SERVICE_NAME, include: env/env.h}}\n"
	    "      - {target: kl.core.DCM, id: kl.core.DCM}\n"
	    "      - {target: kl.EntropyEntity, id: kl.EntropyEntity}\n"
	    "      - {target: kl.core.NameServer, id: ns}\n");
	cr_assert_eq(einit("--check init.yaml"), 0, "%s", out);
	HAS("endpoint 5 sync.Sync kl.core.Sync\n");
	HAS("task kl.VfsRamFs\n  class kl.VfsRamFs\n  path VfsRamFs\n");
	HAS("  endpoint 0 vfs.vfs kl.Vfs\n");
	HAS("  endpoint 0 env env.Env\n");
	HAS("  endpoint 0 dcm kl.core.DCM\n");
}

Test(einit_check, missing_edl)
{
	echo_specs();
	put("init.yaml", "entities:\n  - name: echo.Server\n  - name: echo.Nobody\n");
	cr_assert_eq(einit("--check -I specs init.yaml"), 1);
	HAS("init.yaml:3:11: no EDL for class 'echo.Nobody' of task 'echo.Nobody': "
	    "echo/Nobody.edl is not in the search path");
}

Test(einit_check, broken_edl_is_reported_where_it_is_broken)
{
	echo_specs();
	put("specs/echo/Broken.edl", "entity echo.Broken\nendpoints { x : echo.Missing }\n");
	put("init.yaml", "entities:\n  - name: echo.Broken\n");
	cr_assert_eq(einit("--check -I specs init.yaml"), 1);
	HAS("init.yaml:2:11: class 'echo.Broken' of task 'echo.Broken': "
	    "specs/echo/Broken.edl:2:17: "
	    "package (IDL) 'echo.Missing' not found");
	HAS("^");
}

Test(einit_check, target_that_is_no_server)
{
	echo_specs();
	put("init.yaml",
	    "entities:\n  - name: echo.Client\n    task: a\n"
	    "  - name: echo.Client\n    connections:\n      - target: a\n        id: c\n");
	cr_assert_eq(einit("--check -I specs init.yaml"), 1);
	HAS("init.yaml:6:17: connection target 'a' (class echo.Client) provides no endpoints");
}

Test(einit_check, unknown_target_and_duplicate_channel)
{
	echo_specs();
	put("a.yaml", "entities:\n  - name: echo.Client\n    connections:\n"
		      "      - target: echo.Srv\n        id: c\n");
	cr_assert_eq(einit("--check -I specs a.yaml"), 1);
	HAS("a.yaml:4:17: connection target 'echo.Srv' is not a task of this solution");
	put("b.yaml",
	    "entities:\n  - name: echo.Server\n  - name: echo.Client\n    connections:\n"
	    "      - {target: echo.Server, id: c}\n      - {target: echo.Server, id: c}\n");
	cr_assert_eq(einit("--check -I specs b.yaml"), 1);
	HAS("b.yaml:6:35: connection id 'c' is used twice by task 'echo.Client'");
	put("c.yaml", "entities:\n  - name: echo.Server\n  - name: echo.Server\n");
	cr_assert_eq(einit("--check -I specs c.yaml"), 1);
	HAS("c.yaml:3:11: duplicate task name 'echo.Server'");
}

Test(einit_check, var_ids_from_headers)
{
	echo_specs();
	put("specs/ch.h", "#define SAME \"c\"\n#define BAD\n");
	put("a.yaml", "entities:\n  - name: echo.Server\n  - name: echo.Client\n    connections:\n"
		      "      - {target: echo.Server, id: c}\n"
		      "      - {target: echo.Server, id: {var: SAME, include: ch.h}}\n");
	cr_assert_eq(einit("--check -I specs a.yaml"), 1);
	HAS("a.yaml:6:35: connection id 'c' is used twice by task 'echo.Client'");
	put("b.yaml", "entities:\n  - name: echo.Server\n  - name: echo.Client\n    connections:\n"
		      "      - {target: echo.Server, id: {var: NOPE, include: ch.h}}\n");
	cr_assert_eq(einit("--check -I specs b.yaml"), 1);
	HAS("b.yaml:5:35: specs/ch.h does not define 'NOPE'");
	put("c.yaml", "entities:\n  - name: echo.Server\n  - name: echo.Client\n    connections:\n"
		      "      - {target: echo.Server, id: {var: BAD, include: ch.h}}\n");
	cr_assert_eq(einit("--check -I specs c.yaml"), 1);
	HAS("c.yaml:5:35: specs/ch.h: the definition of 'BAD' is not a string or a single token");
}

Test(einit_check, command_line_errors)
{
	cr_expect_eq(einit("--check"), 1);
	HAS("--check needs an init.yaml");
	cr_expect_eq(einit("--check nothing.yaml"), 1);
	HAS("cannot open 'nothing.yaml'");
	put("e.yaml", "entities: [\n");
	cr_expect_eq(einit("--check e.yaml"), 1);
	HAS("e.yaml:2:1: YAML syntax error");
}

Test(einit_check, build_checks_an_edl_that_is_present)
{
	char elf[96] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
	FILE *f;
	char path[2 * PATH_MAX];

	elf[16] = 2;
	elf[18] = (char)183;
	mkdir(strcat(strcpy(path, dir), "/img"), 0755);
	snprintf(path, sizeof(path), "%s/img/Hello", dir);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite(elf, 1, sizeof(elf), f);
	fclose(f);
	put("cfg", "CONFIG_NR_CPUS=1\n");
	put("init.yaml", "entities:\n  - name: Hello\n");
	/* No EDL for Hello: allowed when building. */
	cr_assert_eq(
	    einit("--config cfg --init init.yaml --images img --solution s --manifest m.dtb "
		  "--its p.its -I specs"),
	    0, "%s", out);
	put("specs/Hello.edl", "entity Hello\ncomponents { x : Nope }\n");
	cr_assert_eq(
	    einit("--config cfg --init init.yaml --images img --solution s --manifest m.dtb "
		  "--its p.its -I specs"),
	    1);
	HAS("class 'Hello' of task 'Hello': specs/Hello.edl:2:18: component (CDL) 'Nope' not "
	    "found");
}
