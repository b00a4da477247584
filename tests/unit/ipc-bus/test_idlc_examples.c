// SPDX-License-Identifier: GPL-2.0-only
/*
 * idlc as a program: the echo and ping examples' specifications compile into headers that
 * build warning-free for AArch64 (freestanding, as partitions build) and for the host, with
 * their proxies and dispatchers used; bad input gives a located error and a non-zero exit.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <criterion/criterion.h>

#include "spec_files.h"

static char out[16384];

/* Runs a shell command, keeps its output in `out`, returns its exit status. */
static int run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *use_echo =
    "#include <echo/Server.edl.h>\n#include <echo/Client.edl.h>\n"
    "static nk_err_t ping(struct echo_Ping *self, struct echo_Ping_Ping_req *req,\n"
    "		const struct nk_arena *ra, struct echo_Ping_Ping_res *res,\n"
    "		struct nk_arena *sa)\n"
    "{ (void)self; (void)ra; (void)sa; res->result = req->value + 1; return NK_EOK; }\n"
    "static const struct echo_Ping_ops ops = { .Ping = ping };\n"
    "nk_err_t serve(SMsgHdr *req, SMsgHdr *res);\n"
    "nk_err_t serve(SMsgHdr *req, SMsgHdr *res)\n{\n"
    "	struct echo_Ping impl = { &ops };\n	struct echo_Ops_component comp;\n"
    "	struct echo_Server_entity ent;\n"
    "	echo_Ops_component_init(&comp, &impl);\n	echo_Server_entity_init(&ent, &comp);\n"
    "	return echo_Server_entity_dispatch(&ent, req, NULL, res, NULL);\n}\n"
    "nk_err_t call(struct nk_transport *t, nk_uint32_t v, nk_uint32_t *r);\n"
    "nk_err_t call(struct nk_transport *t, nk_uint32_t v, nk_uint32_t *r)\n{\n"
    "	struct echo_Ping_proxy px;\n	struct echo_Ping_Ping_req req = { .value = v };\n"
    "	struct echo_Ping_Ping_res res;\n	nk_err_t rc;\n\n"
    "	echo_Ping_proxy_init(&px, t, echo_Server_OpsComp_ping_riid);\n"
    "	rc = echo_Ping_Ping(&px.base, &req, NULL, &res, NULL);\n	*r = res.result;\n"
    "	return rc;\n}\n"
    "_Static_assert(echo_Server_OpsComp_ping_riid == 0, \"riid\");\n";

static const char *use_ping =
    "#include <ping/Server.edl.h>\n#include <ping/Client.edl.h>\n"
    "_Static_assert(ping_Server_pingComp_pingImpl_riid == 0, \"riid\");\n"
    "_Static_assert(ping_Ping_Ping_mid == 0 && ping_Ping_Pong_mid == 1, \"mids\");\n"
    "nk_err_t serve(struct ping_Server_entity *e, SMsgHdr *req, SMsgHdr *res);\n"
    "nk_err_t serve(struct ping_Server_entity *e, SMsgHdr *req, SMsgHdr *res)\n"
    "{ return ping_Server_entity_dispatch(e, req, NULL, res, NULL); }\n"
    "union ping_Server_entity_req receive_buffer;\n";

static void build_example(const char *name, const char *use)
{
	const char *dir = spec_dir_new();
	static const char *const compilers[] = {"aarch64-linux-gnu-gcc -ffreestanding", "gcc"};

	cr_assert_eq(run("%s -I %s/partitions/examples/%s/specs -o %s/gen "
			 "%s/partitions/examples/%s/specs/%s/Server.edl "
			 "%s/partitions/examples/%s/specs/%s/Client.edl",
			 BH_IDLC, BH_SRCTREE, name, dir, BH_SRCTREE, name, name, BH_SRCTREE, name,
			 name),
		     0, "idlc failed:\n%s", out);
	spec_write("use.c", use);
	for (size_t i = 0; i < 2; i++)
		cr_expect_eq(run("%s -std=gnu11 -O2 -Wall -Wextra -Werror -I %s/gen "
				 "-I %s/libkos/include -I %s/hyp/include -c %s/use.c -o %s/use.o",
				 compilers[i], dir, BH_SRCTREE, BH_SRCTREE, dir, dir),
			     0, "%s: %s", compilers[i], out);
	spec_dir_remove();
}

Test(idlc_examples, echo_headers_build_for_aarch64_and_host)
{
	build_example("echo", use_echo);
}

Test(idlc_examples, ping_headers_build_for_aarch64_and_host)
{
	build_example("ping", use_ping);
}

Test(idlc_examples, sdk_and_every_type_headers_build_for_aarch64_and_host)
{
	const char *dir = spec_dir_new();
	static const char *const compilers[] = {"aarch64-linux-gnu-gcc -ffreestanding", "gcc"};

	cr_assert_eq(
	    run("%s -I %s/tests/unit/ipc-bus/idl -o %s/gen %s/kl/core/Core.edl "
		"%s/kl/core/Execute.idl %s/Einit.edl %s/tests/unit/ipc-bus/idl/rt/Server.edl "
		"%s/kl/VfsNet.edl %s/kl/VfsRamFs.edl %s/env/Env.edl %s/kl/core/DCM.edl "
		"%s/kl/core/NameServer.edl %s/kl/EntropyEntity.edl",
		BH_IDLC, BH_SRCTREE, dir, BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR,
		BH_SRCTREE, BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR,
		BH_SPECS_SDK_DIR, BH_SPECS_SDK_DIR),
	    0, "idlc failed:\n%s", out);
	spec_write("all.c", "#include <kl/core/Core.edl.h>\n#include <kl/core/Execute.idl.h>\n"
			    "#include <Einit.edl.h>\n#include <rt/Server.edl.h>\n"
			    "#include <kl/VfsNet.edl.h>\n"
			    "#include <kl/VfsRamFs.edl.h>\n#include <env/Env.edl.h>\n"
			    "#include <kl/core/DCM.edl.h>\n#include <kl/core/NameServer.edl.h>\n"
			    "#include <kl/EntropyEntity.edl.h>\n"
			    "union kl_core_Core_entity_req core_buffer;\n"
			    "union rt_Server_entity_res rt_buffer;\n");
	for (size_t i = 0; i < 2; i++)
		cr_expect_eq(run("%s -std=gnu11 -O2 -Wall -Wextra -Werror -I %s/gen "
				 "-I %s/libkos/include -I %s/hyp/include -c %s/all.c -o %s/all.o",
				 compilers[i], dir, BH_SRCTREE, BH_SRCTREE, dir, dir),
			     0, "%s: %s", compilers[i], out);
	spec_dir_remove();
}

Test(idlc_examples, bad_input_exits_non_zero_with_a_located_error)
{
	const char *dir = spec_dir_new();

	spec_write("bad/I.idl", "package bad.I\ninterface { Do(in Nope x); }\n");
	cr_expect_eq(run("%s -o %s/gen %s/bad/I.idl", BH_IDLC, dir, dir), 1);
	cr_expect(strstr(out, "bad/I.idl:2:19: unknown name 'Nope'") != NULL, "%s", out);
	cr_expect(strstr(out, "^") != NULL, "%s", out);
	cr_expect_neq(run("test -e %s/gen", dir), 0, "output written on error");
	spec_write("bad/K.idl", "package bad.K\ninterface {\n  int(in UInt8 x);\n}\n");
	cr_expect_eq(run("%s -o %s/gen %s/bad/K.idl", BH_IDLC, dir, dir), 1);
	cr_expect(strstr(out, "bad/K.idl:3:3: method name 'int' is a C keyword") != NULL, "%s",
		  out);
	/* A generation error in one file writes none, not even the files before it. */
	cr_expect_eq(run("%s -o %s/gen2 %s/kl/core/Sync.idl %s/bad/K.idl", BH_IDLC, dir,
			 BH_SPECS_SDK_DIR, dir),
		     1);
	cr_expect_neq(run("test -e %s/gen2", dir), 0, "output written on error");
	cr_expect_eq(run("%s %s/nothing.idl", BH_IDLC, dir), 1);
	cr_expect(strstr(out, "cannot open") != NULL, "%s", out);
	cr_expect_eq(run("%s", BH_IDLC), 1);
	cr_expect(strstr(out, "no input files") != NULL, "%s", out);
	cr_expect_eq(
	    run("%s --schema -o %s/g2 %s/kl/core/Sync.idl", BH_IDLC, dir, BH_SPECS_SDK_DIR), 0,
	    "%s", out);
	cr_expect_eq(
	    run("test -s %s/g2/kl/core/Sync.idl.schema -a -s %s/g2/kl/core/Types.idl.h", dir, dir),
	    0);
	spec_dir_remove();
}
