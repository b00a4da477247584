// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPC in the manifest: the policy image name, each server's schema, each client's
 * connections. manifest_parse() resolves every connection to its server and refuses, naming
 * partition and connection, what the hypervisor could not set up as a channel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include <hyp/manifest.h>
#include <uapi/bulkhead/retcode.h>

static struct manifest man;

#define PART(name, extra)                                                                          \
	"\t\t" name " { class = \"demo." name "\"; image = \"" name "\"; role = \"component\";\n"  \
	"\t\t\tmemory-size = <0x0 0x100000>; cpus = <0>; priority = <15>; max-threads = <4>;\n"    \
	"\t\t\ton-fault = \"stop\"; " extra " };\n"

static void *compile(const char *body, size_t *size)
{
	char dts[] = "/tmp/bh-conn-XXXXXX", dtb[64], cmd[256];
	FILE *f;
	void *buf;
	int fd = mkstemp(dts);

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f,
		"/dts-v1/;\n/ {\n\tcompatible = \"bulkhead,manifest-v1\";\n"
		"\tsolution = \"conn\";\n%s};\n",
		body);
	fclose(f);
	snprintf(dtb, sizeof(dtb), "%s.dtb", dts);
	snprintf(cmd, sizeof(cmd), "/usr/bin/dtc -q -I dts -O dtb -o '%s' '%s'", dtb, dts);
	cr_assert_eq(system(cmd), 0, "dtc failed on:\n%s", body);
	f = fopen(dtb, "rb");
	cr_assert_not_null(f);
	buf = malloc(65536);
	*size = fread(buf, 1, 65536, f);
	fclose(f);
	unlink(dts);
	unlink(dtb);
	return buf;
}

static const char *parse(const char *body, int want_rc)
{
	const char *err = NULL;
	size_t size;
	void *dtb = compile(body, &size);
	int rc = manifest_parse(dtb, size, 2, &man, &err);

	cr_assert_eq(rc, want_rc, "rc %d, error: %s", rc, err ? err : "(none)");
	free(dtb);
	return err;
}

Test(manifest_connections, channels_resolve_to_their_server)
{
	parse("\tpolicy = \"policy\";\n\tpartitions {\n" PART("Server", "schema = \"schema-0\";")
		  PART("Client", "connections { c0 { id = \"calc\"; server = \"Server\"; };"
				 " c1 { id = \"more\"; server = \"Server\"; }; };") "\t};\n",
	      rcOk);
	cr_assert_str_eq(man.policy, "policy");
	cr_assert_str_eq(man.part[0].schema, "schema-0");
	cr_assert_eq(man.part[0].nconns, 0);
	cr_assert_eq(man.part[1].nconns, 2);
	cr_assert_str_eq(man.part[1].conn[0].id, "calc");
	cr_assert_eq(man.part[1].conn[0].server_index, 0);
	cr_assert_str_eq(man.part[1].conn[1].id, "more");
}

Test(manifest_connections, refused_with_names)
{
	static const struct {
		const char *client_extra, *want;
	} cases[] = {
	    {"connections { c0 { id = \"x\"; server = \"Nobody\"; }; };",
	     "partition 'Client': connection 'x': no partition 'Nobody'"},
	    {"connections { c0 { id = \"x\"; server = \"Client\"; }; };",
	     "partition 'Client': connection 'x' is to itself"},
	    {"connections { c0 { id = \"x\"; server = \"Plain\"; }; };",
	     "partition 'Client': connection 'x': server 'Plain' has no schema"},
	    {"connections { c0 { id = \"x\"; server = \"Server\"; }; "
	     "c1 { id = \"x\"; server = \"Server\"; }; };",
	     "partition 'Client': connection id 'x' appears twice"},
	    {"connections { c0 { id = \"x\"; }; };",
	     "partition 'Client': connection 0: property 'server' is missing"},
	    {"connections { c0 { id = \"x\"; server = \"Server\"; port = <1>; }; };",
	     "partition 'Client': connection 0: unknown property 'port'"},
	};
	char body[2048];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *err;

		snprintf(
		    body, sizeof(body),
		    "\tpartitions {\n%s%s\t\tClient { class = \"demo.Client\";"
		    " image = \"Client\"; role = \"component\"; memory-size = <0x0 0x100000>;"
		    " cpus = <0>; priority = <15>; max-threads = <4>; on-fault = \"stop\"; %s };\n"
		    "\t};\n",
		    PART("Server", "schema = \"schema-0\";"), PART("Plain", ""),
		    cases[i].client_extra);
		err = parse(body, rcInvalidArgument);
		cr_expect_not_null(strstr(err, cases[i].want), "case %zu: got '%s', want '%s'", i,
				   err, cases[i].want);
		cr_expect_eq(man.npartitions, 0);
	}
}

Test(manifest_connections, more_than_eight_refused)
{
	char conns[1024] = "connections {", body[2048];

	for (int i = 0; i < 9; i++) {
		char one[64];

		snprintf(one, sizeof(one), " c%d { id = \"id%d\"; server = \"Server\"; };", i, i);
		strcat(conns, one);
	}
	strcat(conns, " };");
	snprintf(body, sizeof(body),
		 "\tpartitions {\n%s\t\tClient { class = \"demo.Client\";"
		 " image = \"Client\"; role = \"component\"; memory-size = <0x0 0x100000>;"
		 " cpus = <0>; priority = <15>; max-threads = <4>; on-fault = \"stop\"; %s };\n"
		 "\t};\n",
		 PART("Server", "schema = \"schema-0\";"), conns);
	cr_expect_not_null(
	    strstr(parse(body, rcInvalidArgument), "partition 'Client': more than 8 connections"));
}
