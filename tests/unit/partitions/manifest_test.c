// SPDX-License-Identifier: GPL-2.0-only
/*
 * manifest_parse() on manifests built here with libfdt's sequential-write API, most of them
 * deliberately wrong: each must be refused with a message naming the partition and the
 * property, and none may crash or read outside the blob (run under valgrind to see that).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libfdt.h>

#include <hyp/manifest.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/retcode.h>

#define MAX_PROPS 16

struct prop {
	const char *name;
	const void *val;
	int len;
};

struct part {
	const char *name;
	struct prop props[MAX_PROPS];
	int nprops;
	const char *subnode;	/* an unexpected child node, or NULL */
};

struct tree {
	const char *compatible;	/* NULL: leave out */
	int compatible_len;	/* 0: strlen + 1 */
	const char *solution;
	bool no_partitions_node;
	const char *extra_root_node;
	struct part parts[CONFIG_MAX_PARTITIONS + 2];
	int nparts;
};

/* Cells and strings the props point at; static so they outlive the helpers. */
static const uint8_t mem_2m[8] = { 0, 0, 0, 0, 0, 0x20, 0, 0 };
static const uint8_t mem_64m[8] = { 0, 0, 0, 0, 0x04, 0, 0, 0 };
static const uint8_t cell_0[4] = { 0, 0, 0, 0 };
static const uint8_t cell_15[4] = { 0, 0, 0, 15 };
static const uint8_t cell_8[4] = { 0, 0, 0, 8 };

#define STR(s) s, (int)sizeof(s)	/* value and length of a literal, NUL included */

static void set_prop(struct part *p, const char *name, const void *val, int len)
{
	for (int i = 0; i < p->nprops; i++) {
		if (!strcmp(p->props[i].name, name)) {
			p->props[i].val = val;
			p->props[i].len = len;
			return;
		}
	}
	cr_assert_lt(p->nprops, MAX_PROPS);
	p->props[p->nprops++] = (struct prop){ name, val, len };
}

static void add_prop(struct part *p, const char *name, const void *val, int len)
{
	cr_assert_lt(p->nprops, MAX_PROPS);
	p->props[p->nprops++] = (struct prop){ name, val, len };
}

static void del_prop(struct part *p, const char *name)
{
	for (int i = 0; i < p->nprops; i++) {
		if (!strcmp(p->props[i].name, name)) {
			memmove(&p->props[i], &p->props[i + 1],
				(size_t)(p->nprops - i - 1) * sizeof(p->props[0]));
			p->nprops--;
			return;
		}
	}
	cr_assert_fail("no property %s to delete", name);
}

/* A partition exactly as einit writes one; image name = partition name. */
static struct part *add_part(struct tree *t, const char *name)
{
	struct part *p = &t->parts[t->nparts++];

	memset(p, 0, sizeof(*p));
	p->name = name;
	set_prop(p, BH_MP_CLASS, STR("demo.Hello"));
	set_prop(p, BH_MP_IMAGE, name, (int)strlen(name) + 1);
	set_prop(p, BH_MP_ROLE, STR(BH_ROLE_COMPONENT));
	set_prop(p, BH_MP_MEMORY_SIZE, mem_2m, 8);
	set_prop(p, BH_MP_CPUS, cell_0, 4);
	set_prop(p, BH_MP_PRIORITY, cell_15, 4);
	set_prop(p, BH_MP_MAX_THREADS, cell_8, 4);
	set_prop(p, BH_MP_ON_FAULT, STR(BH_ON_FAULT_STOP));
	return p;
}

static void tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	t->compatible = BH_MANIFEST_COMPATIBLE;
	t->solution = "hello";
}

#define OK(x) cr_assert_geq((x), 0, "libfdt: %s", #x)

static void *build(const struct tree *t, size_t *size)
{
	const int cap = 64 * 1024;
	void *fdt = malloc((size_t)cap);

	cr_assert_not_null(fdt);
	OK(fdt_create(fdt, cap));
	OK(fdt_finish_reservemap(fdt));
	OK(fdt_begin_node(fdt, ""));
	if (t->compatible)
		OK(fdt_property(fdt, "compatible", t->compatible,
				t->compatible_len ? t->compatible_len
						  : (int)strlen(t->compatible) + 1));
	if (t->solution)
		OK(fdt_property_string(fdt, "solution", t->solution));
	if (t->extra_root_node) {
		OK(fdt_begin_node(fdt, t->extra_root_node));
		OK(fdt_end_node(fdt));
	}
	if (!t->no_partitions_node) {
		OK(fdt_begin_node(fdt, BH_MANIFEST_PARTITIONS));
		for (int i = 0; i < t->nparts; i++) {
			const struct part *p = &t->parts[i];

			OK(fdt_begin_node(fdt, p->name));
			for (int j = 0; j < p->nprops; j++)
				OK(fdt_property(fdt, p->props[j].name, p->props[j].val,
						p->props[j].len));
			if (p->subnode) {
				OK(fdt_begin_node(fdt, p->subnode));
				OK(fdt_end_node(fdt));
			}
			OK(fdt_end_node(fdt));
		}
		OK(fdt_end_node(fdt));
	}
	OK(fdt_end_node(fdt));
	OK(fdt_finish(fdt));
	*size = fdt_totalsize(fdt);
	return fdt;
}

static struct manifest man;

/* Builds t, parses it, expects rcOk. The blob is returned so args/env stay valid. */
static void *parse_ok(const struct tree *t, uint32_t ncpus)
{
	const char *err = NULL;
	size_t size;
	void *fdt = build(t, &size);
	int rc = manifest_parse(fdt, size, ncpus, &man, &err);

	cr_assert_eq(rc, rcOk, "manifest_parse: %s", err ? err : "(no message)");
	cr_assert_null(err);
	return fdt;
}

/* Builds t, parses it, expects rcInvalidArgument and exactly `want` as the message. */
static void parse_fails(const struct tree *t, uint32_t ncpus, const char *want)
{
	const char *err = NULL;
	size_t size;
	void *fdt = build(t, &size);
	int rc = manifest_parse(fdt, size, ncpus, &man, &err);

	cr_assert_eq(rc, rcInvalidArgument, "expected failure '%s', got rc %d", want, rc);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, want);
	cr_assert_eq(man.npartitions, 0, "half-filled manifest after an error");
	free(fdt);
}

/* One valid partition "p0" with one property replaced; expects `want`. */
static void one_prop_fails(const char *prop, const void *val, int len, const char *want)
{
	struct tree t;

	tree_init(&t);
	set_prop(add_part(&t, "p0"), prop, val, len);
	parse_fails(&t, 4, want);
}

TestSuite(manifest_parse);
TestSuite(manifest_hostile);

Test(manifest_parse, minimal)
{
	struct tree t;
	void *fdt;

	tree_init(&t);
	add_part(&t, "hello");
	fdt = parse_ok(&t, 1);
	cr_assert_str_eq(man.solution, "hello");
	cr_assert_eq(man.npartitions, 1);
	cr_assert_str_eq(man.part[0].name, "hello");
	cr_assert_str_eq(man.part[0].class_name, "demo.Hello");
	cr_assert_str_eq(man.part[0].image, "hello");
	cr_assert_eq(man.part[0].role, ROLE_COMPONENT);
	cr_assert_eq(man.part[0].on_fault, FAULT_STOP);
	cr_assert_eq(man.part[0].mem_size, 0x200000);
	cr_assert_eq(man.part[0].cpu_mask, 1);
	cr_assert_eq(man.part[0].priority, 15);
	cr_assert_eq(man.part[0].max_threads, 8);
	cr_assert_null(man.part[0].args);
	cr_assert_null(man.part[0].env);
	free(fdt);
}

Test(manifest_parse, every_field)
{
	static const uint8_t mem[8] = { 0, 0, 0, 1, 0, 0, 0x10, 0 };	/* 4 GiB + 4 KiB */
	static const uint8_t cpus[12] = { 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 31 };
	static const uint8_t prio[4] = { 0, 0, 0, 31 }, threads[4] = { 0, 0, 0, 1 };
	static const char args[] = "prog\0-v\0\0last";	/* an empty argument is allowed */
	static const char env[] = "A=1\0B=\0C=x=y";
	struct tree t;
	struct part *p;
	void *fdt;

	tree_init(&t);
	t.compatible = "vendor,other\0" BH_MANIFEST_COMPATIBLE;
	t.compatible_len = (int)sizeof("vendor,other\0" BH_MANIFEST_COMPATIBLE);
	p = add_part(&t, "mon");
	set_prop(p, BH_MP_CLASS, STR("kl.core.Monitor_2"));
	set_prop(p, BH_MP_IMAGE, STR("mon-image"));
	set_prop(p, BH_MP_ROLE, STR(BH_ROLE_MONITOR));
	set_prop(p, BH_MP_ON_FAULT, STR(BH_ON_FAULT_RESTART));
	set_prop(p, BH_MP_MEMORY_SIZE, mem, 8);
	set_prop(p, BH_MP_CPUS, cpus, 12);
	set_prop(p, BH_MP_PRIORITY, prio, 4);
	set_prop(p, BH_MP_MAX_THREADS, threads, 4);
	set_prop(p, BH_MP_ARGS, args, sizeof(args));
	set_prop(p, BH_MP_ENV, env, sizeof(env));
	p = add_part(&t, "linux");
	set_prop(p, BH_MP_ROLE, STR(BH_ROLE_LINUX));
	set_prop(p, BH_MP_MEMORY_SIZE, mem_64m, 8);
	set_prop(p, BH_MP_INITRD, STR("linux-initrd"));
	set_prop(p, BH_MP_BOOTARGS, STR("console=ttyAMA0 quiet"));

	fdt = parse_ok(&t, 32);
	cr_assert_eq(man.npartitions, 2);
	cr_assert_str_eq(man.part[0].class_name, "kl.core.Monitor_2");
	cr_assert_str_eq(man.part[0].image, "mon-image");
	cr_assert_eq(man.part[0].role, ROLE_MONITOR);
	cr_assert_eq(man.part[0].on_fault, FAULT_RESTART);
	cr_assert_eq(man.part[0].mem_size, 0x100001000ull);
	cr_assert_eq(man.part[0].cpu_mask, 0x80000082u);
	cr_assert_eq(man.part[0].priority, 31);
	cr_assert_eq(man.part[0].max_threads, 1);
	cr_assert_eq(man.part[0].args_size, sizeof(args));
	cr_assert_eq(memcmp(man.part[0].args, args, sizeof(args)), 0);
	cr_assert_eq(man.part[0].env_size, sizeof(env));
	cr_assert_eq(memcmp(man.part[0].env, env, sizeof(env)), 0);
	cr_assert_eq(man.part[1].role, ROLE_LINUX);
	cr_assert_str_eq(man.part[1].name, "linux");
	cr_assert_str_eq(man.part[1].initrd, "linux-initrd");
	cr_assert_str_eq(man.part[1].bootargs, "console=ttyAMA0 quiet");
	cr_assert_eq(man.part[0].bootargs, NULL);
	free(fdt);
}

Test(manifest_parse, most_partitions_allowed)
{
	static char names[CONFIG_MAX_PARTITIONS][8];
	struct tree t;
	void *fdt;

	tree_init(&t);
	for (int i = 0; i < CONFIG_MAX_PARTITIONS; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d", i);
		add_part(&t, names[i]);
	}
	fdt = parse_ok(&t, 1);
	cr_assert_eq(man.npartitions, CONFIG_MAX_PARTITIONS);
	free(fdt);
}

Test(manifest_hostile, missing_property)
{
	static const char *const required[] = {
		BH_MP_CLASS,	BH_MP_IMAGE,	BH_MP_ROLE,	   BH_MP_MEMORY_SIZE,
		BH_MP_CPUS,	BH_MP_PRIORITY, BH_MP_MAX_THREADS, BH_MP_ON_FAULT,
	};
	char want[128];

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		struct tree t;

		tree_init(&t);
		del_prop(add_part(&t, "p0"), required[i]);
		snprintf(want, sizeof(want), "partition 'p0': property '%s' is missing",
			 required[i]);
		parse_fails(&t, 4, want);
	}
}

Test(manifest_hostile, wrong_cell_length)
{
	static const uint8_t eight[8], two[2];

	one_prop_fails(BH_MP_PRIORITY, eight, 8,
		       "partition 'p0': property 'priority' must be one u32 cell (4 bytes), not "
		       "8 bytes");
	one_prop_fails(BH_MP_MAX_THREADS, "", 0,
		       "partition 'p0': property 'max-threads' must be one u32 cell (4 bytes), "
		       "not 0 bytes");
	one_prop_fails(BH_MP_MEMORY_SIZE, cell_8, 4,
		       "partition 'p0': property 'memory-size' must be two u32 cells (8 bytes), "
		       "not 4 bytes");
	one_prop_fails(BH_MP_CPUS, eight, 6,
		       "partition 'p0': property 'cpus' must be a non-empty list of u32 cells, "
		       "not 6 bytes");
	one_prop_fails(BH_MP_CPUS, two, 0,
		       "partition 'p0': property 'cpus' must be a non-empty list of u32 cells, "
		       "not 0 bytes");
}

Test(manifest_hostile, bad_strings)
{
	one_prop_fails(BH_MP_CLASS, "demo.Hello", 10,	/* no NUL inside the property */
		       "partition 'p0': property 'class' is not a single NUL-terminated string");
	one_prop_fails(BH_MP_CLASS, STR("demo\0Hello"),
		       "partition 'p0': property 'class' is not a single NUL-terminated string");
	one_prop_fails(BH_MP_CLASS, STR(""), "partition 'p0': property 'class' is empty");
	one_prop_fails(BH_MP_CLASS, "", 0,
		       "partition 'p0': property 'class' is not a single NUL-terminated string");
	one_prop_fails(BH_MP_CLASS, STR("demo Hello"),
		       "partition 'p0': class 'demo Hello' is not an EDL class name");
	one_prop_fails(BH_MP_CLASS,
		       STR("a234567890.234567890.234567890.234567890.234567890.234567890.234"),
		       "partition 'p0': property 'class' is longer than 63 characters");
	one_prop_fails(BH_MP_IMAGE, STR("a23456789012345678901234567890123"),
		       "partition 'p0': property 'image' is longer than 31 characters");
	one_prop_fails(BH_MP_IMAGE, STR("bad/name"),
		       "partition 'p0': image 'bad/name' is not a valid image name");
	one_prop_fails(BH_MP_IMAGE, STR(BH_PACKAGE_MANIFEST_IMAGE),
		       "partition 'p0': image 'manifest' is the manifest itself");
	one_prop_fails(BH_MP_ROLE, "component", 9,
		       "partition 'p0': property 'role' is not a single NUL-terminated string");
	one_prop_fails(BH_MP_ON_FAULT, STR("stop\0"),
		       "partition 'p0': property 'on-fault' is not a single NUL-terminated string");
	one_prop_fails(BH_MP_ARGS, "abc", 3,
		       "partition 'p0': property 'args' is not a list of NUL-terminated strings");
	one_prop_fails(BH_MP_ENV, "", 0,
		       "partition 'p0': property 'env' is not a list of NUL-terminated strings");
	one_prop_fails(BH_MP_ENV, STR("A=1\0NOEQUALS"),
		       "partition 'p0': env entry 1 is not NAME=value");
	one_prop_fails(BH_MP_ENV, STR("=value"), "partition 'p0': env entry 0 is not NAME=value");
}

Test(manifest_hostile, args_env_too_large)
{
	static char args[1025], env[2049];

	/* One string each, NUL-terminated, a byte more than struct bh_boot_info holds. */
	memset(args, 'a', sizeof(args) - 1);
	memset(env, 'a', sizeof(env) - 1);
	env[2] = '=';
	one_prop_fails(BH_MP_ARGS, args, sizeof(args),
		       "partition 'p0': property 'args' is 1025 bytes, more than the 1024 that "
		       "fit");
	one_prop_fails(BH_MP_ENV, env, sizeof(env),
		       "partition 'p0': property 'env' is 2049 bytes, more than the 2048 that "
		       "fit");
}

Test(manifest_hostile, values_out_of_range)
{
	static const uint8_t p40[4] = { 0, 0, 0, 40 }, zero[4], nine[4] = { 0, 0, 0, 9 };
	static const uint8_t big_prio[4] = { 0x80, 0, 0, 0 };
	static const uint8_t cpu4[4] = { 0, 0, 0, 4 }, cpu_huge[4] = { 0xff, 0xff, 0xff, 0xff };
	static const uint8_t cpus_dup[8] = { 0, 0, 0, 1, 0, 0, 0, 1 };
	static const uint8_t mem_odd[8] = { 0, 0, 0, 0, 0, 0x20, 0, 1 };
	static const uint8_t mem_small[8] = { 0, 0, 0, 0, 0, 0, 0xf0, 0 };
	static const uint8_t mem_zero[8];

	one_prop_fails(BH_MP_PRIORITY, p40, 4, "partition 'p0': priority 40 is above 31");
	one_prop_fails(BH_MP_PRIORITY, big_prio, 4,
		       "partition 'p0': priority 2147483648 is above 31");
	one_prop_fails(BH_MP_MAX_THREADS, zero, 4,
		       "partition 'p0': max-threads 0 is outside 1..8");
	one_prop_fails(BH_MP_MAX_THREADS, nine, 4,
		       "partition 'p0': max-threads 9 is outside 1..8");
	one_prop_fails(BH_MP_CPUS, cpu4, 4, "partition 'p0': cpu 4 does not exist (4 CPUs)");
	one_prop_fails(BH_MP_CPUS, cpu_huge, 4,
		       "partition 'p0': cpu 4294967295 does not exist (4 CPUs)");
	one_prop_fails(BH_MP_CPUS, cpus_dup, 8, "partition 'p0': cpu 1 is listed twice");
	one_prop_fails(BH_MP_MEMORY_SIZE, mem_odd, 8,
		       "partition 'p0': memory-size 0x200001 is not a multiple of 4 KiB");
	one_prop_fails(BH_MP_MEMORY_SIZE, mem_small, 8,
		       "partition 'p0': memory-size 0xf000 is below the 64 KiB minimum");
	one_prop_fails(BH_MP_MEMORY_SIZE, mem_zero, 8,
		       "partition 'p0': memory-size 0x0 is below the 64 KiB minimum");
	one_prop_fails(BH_MP_ROLE, STR("hypervisor"), "partition 'p0': unknown role 'hypervisor'");
	one_prop_fails(BH_MP_ROLE, STR("a-very-long-role-name-nobody-knows"),
		       "partition 'p0': unknown role 'a-very-long-role-name-nobody-knows'");
	one_prop_fails(BH_MP_ROLE, STR("\x1b[2J"), "partition 'p0': unknown role '?[2J'");
	one_prop_fails(BH_MP_ON_FAULT, STR("reboot"), "partition 'p0': unknown on-fault 'reboot'");
}

Test(manifest_hostile, cpu_limit_follows_ncpus)
{
	static const uint8_t cpu4[4] = { 0, 0, 0, 4 }, cpu32[4] = { 0, 0, 0, 32 };
	struct tree t;
	void *fdt;

	tree_init(&t);
	set_prop(add_part(&t, "p0"), BH_MP_CPUS, cpu4, 4);
	fdt = parse_ok(&t, 8);
	cr_assert_eq(man.part[0].cpu_mask, 0x10);
	free(fdt);
	/* More CPUs than cpu_mask can name: CPU 32 still cannot be used. */
	tree_init(&t);
	set_prop(add_part(&t, "p0"), BH_MP_CPUS, cpu32, 4);
	parse_fails(&t, 64, "partition 'p0': cpu 32 does not exist (32 CPUs)");
}

Test(manifest_hostile, duplicate_names)
{
	struct tree t;

	tree_init(&t);
	add_part(&t, "a");
	add_part(&t, "b");
	add_part(&t, "a");
	parse_fails(&t, 4, "partition name 'a' appears twice");
}

Test(manifest_hostile, duplicate_property)
{
	struct tree t;

	tree_init(&t);
	add_prop(add_part(&t, "p0"), BH_MP_PRIORITY, cell_0, 4);
	parse_fails(&t, 4, "partition 'p0': property 'priority' appears twice");
}

Test(manifest_hostile, unknown_property_and_node)
{
	struct tree t;

	tree_init(&t);
	add_prop(add_part(&t, "p0"), "colour", STR("blue"));
	parse_fails(&t, 4, "partition 'p0': unknown property 'colour'");
	tree_init(&t);
	add_part(&t, "p0")->subnode = "child";
	parse_fails(&t, 4, "partition 'p0': unexpected node 'child'");
	tree_init(&t);
	add_part(&t, "p0");
	t.extra_root_node = "chosen";
	parse_fails(&t, 4, "manifest root: unexpected node 'chosen'");
}

Test(manifest_hostile, bad_partition_names)
{
	struct tree t;

	tree_init(&t);
	add_part(&t, "cpu@0");
	parse_fails(&t, 4,
		    "partition name 'cpu@0' is not 1..31 of [A-Za-z0-9,._+-] starting with a "
		    "letter");
	tree_init(&t);
	add_part(&t, "0abc");
	parse_fails(&t, 4,
		    "partition name '0abc' is not 1..31 of [A-Za-z0-9,._+-] starting with a "
		    "letter");
	tree_init(&t);
	add_part(&t, "a23456789012345678901234567890123");
	parse_fails(&t, 4,
		    "partition name 'a23456789012345678901234567890123' is not 1..31 of "
		    "[A-Za-z0-9,._+-] starting with a letter");
}

Test(manifest_hostile, too_many_partitions)
{
	static char names[CONFIG_MAX_PARTITIONS + 1][8];
	char want[64];
	struct tree t;

	tree_init(&t);
	for (int i = 0; i <= CONFIG_MAX_PARTITIONS; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d", i);
		add_part(&t, names[i]);
	}
	snprintf(want, sizeof(want), "manifest has more than %d partitions",
		 CONFIG_MAX_PARTITIONS);
	parse_fails(&t, 4, want);
}

Test(manifest_hostile, root_problems)
{
	struct tree t;

	tree_init(&t);
	parse_fails(&t, 4, "manifest has no partitions");

	tree_init(&t);
	add_part(&t, "p0");
	t.no_partitions_node = true;
	parse_fails(&t, 4, "manifest has no 'partitions' node");

	tree_init(&t);
	add_part(&t, "p0");
	t.compatible = NULL;
	parse_fails(&t, 4, "manifest root: property 'compatible' is missing");

	tree_init(&t);
	add_part(&t, "p0");
	t.compatible = "bulkhead,manifest-v2";
	parse_fails(&t, 4,
		    "manifest root: not compatible with 'bulkhead,manifest-v1' "
		    "('bulkhead,manifest-v2')");

	tree_init(&t);
	add_part(&t, "p0");
	t.compatible = BH_MANIFEST_COMPATIBLE;
	t.compatible_len = (int)strlen(BH_MANIFEST_COMPATIBLE);	/* unterminated */
	parse_fails(&t, 4, "manifest root: 'compatible' is not a string list");

	tree_init(&t);
	add_part(&t, "p0");
	t.solution = NULL;
	parse_fails(&t, 4, "manifest root: property 'solution' is missing");

	tree_init(&t);
	add_part(&t, "p0");
	t.solution = "bad solution";
	parse_fails(&t, 4, "manifest root: solution name 'bad solution' is not valid");
}

Test(manifest_hostile, bad_arguments)
{
	const char *err = NULL;
	struct tree t;
	size_t size;
	void *fdt;

	tree_init(&t);
	add_part(&t, "p0");
	fdt = build(&t, &size);
	cr_assert_eq(manifest_parse(NULL, size, 4, &man, &err), rcInvalidArgument);
	cr_assert_str_eq(err, "no manifest");
	cr_assert_eq(manifest_parse(fdt, size, 4, NULL, &err), rcInvalidArgument);
	cr_assert_eq(manifest_parse(fdt, size, 0, &man, &err), rcInvalidArgument);
	cr_assert_eq(manifest_parse(fdt, size, 4, &man, NULL), rcOk);	/* err is optional */

	/* Misaligned: libfdt would do unaligned loads, which fault at EL2 with the MMU off. */
	{
		char *copy = malloc(size + 4);

		cr_assert_not_null(copy);
		memcpy(copy + 1, fdt, size);
		cr_assert_eq(manifest_parse(copy + 1, size, 4, &man, &err), rcInvalidArgument);
		cr_assert_not_null(strstr(err, "is not 4-byte aligned"), "%s", err);
		free(copy);
	}
	free(fdt);
}

/* Every truncation fails cleanly; each prefix sits in an exact-size copy for valgrind. */
Test(manifest_hostile, every_prefix_fails)
{
	static const char args[] = "a\0b";
	const char *err;
	struct tree t;
	size_t size;
	void *fdt;

	tree_init(&t);
	add_part(&t, "p0");
	set_prop(add_part(&t, "p1"), BH_MP_ARGS, args, sizeof(args));
	fdt = build(&t, &size);
	for (size_t len = 0; len < size; len++) {
		void *copy = malloc(len ? len : 1);

		cr_assert_not_null(copy);
		memcpy(copy, fdt, len);
		err = NULL;
		cr_assert_eq(manifest_parse(copy, len, 4, &man, &err), rcInvalidArgument,
			     "prefix of %zu bytes accepted", len);
		cr_assert_not_null(err);
		cr_assert_eq(man.npartitions, 0);
		free(copy);
	}
	cr_assert_eq(manifest_parse(fdt, size, 4, &man, &err), rcOk);
	free(fdt);
}

/*
 * The header's totalsize shrunk (instead of the buffer): libfdt must not read past what the
 * header claims either, and the blob is refused.
 */
Test(manifest_hostile, lying_totalsize)
{
	const char *err;
	struct tree t;
	size_t size;
	void *fdt;

	tree_init(&t);
	add_part(&t, "p0");
	fdt = build(&t, &size);
	for (uint32_t total = 0; total < size; total++) {
		((struct fdt_header *)fdt)->totalsize = cpu_to_fdt32(total);
		err = NULL;
		cr_assert_eq(manifest_parse(fdt, size, 4, &man, &err), rcInvalidArgument,
			     "totalsize %u accepted", total);
	}
	((struct fdt_header *)fdt)->totalsize = cpu_to_fdt32((uint32_t)size + 1);
	cr_assert_eq(manifest_parse(fdt, size, 4, &man, &err), rcInvalidArgument);
	cr_assert_not_null(strstr(err, "manifest truncated: header says"), "%s", err);
	free(fdt);
}

/* Corrupt each byte in turn: any result is fine except a crash or a read out of bounds. */
Test(manifest_hostile, byte_corruption_never_crashes)
{
	static const uint8_t patterns[] = { 0x00, 0xff, 0x80, 0x01 };
	const char *err;
	struct tree t;
	size_t size;
	uint8_t *fdt, *copy;
	int accepted = 0;

	tree_init(&t);
	set_prop(add_part(&t, "p0"), BH_MP_ENV, STR("A=1"));
	fdt = build(&t, &size);
	copy = malloc(size);
	cr_assert_not_null(copy);
	for (size_t i = 0; i < size; i++) {
		for (size_t k = 0; k < sizeof(patterns); k++) {
			memcpy(copy, fdt, size);
			copy[i] ^= patterns[k] ? patterns[k] : copy[i];	/* 0x00: clear the byte */
			err = NULL;
			if (manifest_parse(copy, size, 4, &man, &err) == rcOk)
				accepted++;
			else
				cr_assert_not_null(err);
		}
	}
	/* Some flips (inside padding or string values) are harmless; most are caught. */
	cr_assert_lt(accepted, (int)(size * sizeof(patterns)));
	free(copy);
	free(fdt);
}

Test(manifest_hostile, linux_properties_on_a_component)
{
	one_prop_fails(BH_MP_BOOTARGS, STR("quiet"),
		       "partition 'p0': 'initrd' and 'bootargs' are for role 'linux' only");
	one_prop_fails(BH_MP_INITRD, STR("x"),
		       "partition 'p0': 'initrd' and 'bootargs' are for role 'linux' only");
}

Test(manifest_hostile, linux_guest_limits)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };
	struct tree t;
	struct part *p;

	tree_init(&t);
	p = add_part(&t, "lx");
	set_prop(p, BH_MP_ROLE, STR(BH_ROLE_LINUX));
	parse_fails(&t, 4, "partition 'lx': a Linux guest needs a multiple of 2 MiB, at least "
			   "32 MiB, of memory-size (not 0x200000)");
	set_prop(p, BH_MP_MEMORY_SIZE, mem_64m, 8);
	set_prop(p, BH_MP_BOOTARGS, unterminated, 3);
	parse_fails(&t, 4, "partition 'lx': bootargs must be one string of at most 399 bytes");
	set_prop(p, BH_MP_BOOTARGS, STR("console=ttyAMA0"));
	set_prop(p, BH_MP_INITRD, STR(BH_PACKAGE_MANIFEST_IMAGE));
	parse_fails(&t, 4, "partition 'lx': initrd 'manifest' is not a valid image name");
}
