// SPDX-License-Identifier: GPL-2.0-only
/*
 * einit end to end: the real tool (path in $BH_SOLUTION_TOOL) runs on init.yaml and
 * .config files written here, and its manifest is read back with the hypervisor's own
 * manifest_parse(), so the two sides of the manifest format are tested against each other.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <libfdt.h>

#include <hyp/manifest.h>
#include <hyp/package.h>
#include <uapi/bulkhead/retcode.h>

static char dir[PATH_MAX];		/* per-test scratch directory */
static char tool_out[16384];		/* the tool's stdout + stderr */
static void *blob;			/* last manifest read back */
static size_t blob_size;
static struct manifest man;

static void path_in(char *buf, size_t size, const char *rel)
{
	int n = snprintf(buf, size, "%s/%s", dir, rel);

	cr_assert(n > 0 && (size_t)n < size, "path too long: %s/%s", dir, rel);
}

static void write_bytes(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	path_in(path, sizeof(path), rel);
	f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot create %s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static void write_file(const char *rel, const char *text)
{
	write_bytes(rel, text, strlen(text));
}

/* A 64-byte ELF header the tool accepts (AArch64, ELF64, LE, ET_EXEC) plus a tag. */
static void write_elf(const char *rel)
{
	unsigned char elf[96] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	elf[16] = 2;	/* ET_EXEC */
	elf[18] = 183;	/* EM_AARCH64 */
	elf[20] = 1;	/* EV_CURRENT */
	/* Distinct contents per file, so the package test can tell images apart. */
	snprintf((char *)elf + 64, 32, "%s", rel);
	write_bytes(rel, elf, sizeof(elf));
}

/* The header of an arm64 Linux Image: what the tool checks for a `role: linux` kernel. */
static void write_kernel(const char *rel)
{
	unsigned char img[128] = { 0 };

	memcpy(img + 56, "ARM\x64", 4);
	snprintf((char *)img + 64, 64, "%s", rel);
	write_bytes(rel, img, sizeof(img));
}

static void make_dir(const char *rel)
{
	char path[PATH_MAX];

	path_in(path, sizeof(path), rel);
	cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s: %s", path, strerror(errno));
}

static bool exists(const char *rel)
{
	char path[PATH_MAX];

	path_in(path, sizeof(path), rel);
	return access(path, F_OK) == 0;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/bh-solution-test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	make_dir("images");
	make_dir("out");
	blob = NULL;
	blob_size = 0;
	memset(&man, 0, sizeof(man));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	free(blob);
	blob = NULL;
	if (dir[0])
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *tool_path(void)
{
	const char *tool = getenv("BH_SOLUTION_TOOL");

	cr_assert(tool && *tool,
		  "BH_SOLUTION_TOOL is not set (it must name the einit binary)");
	return tool;
}

/* Runs argv (argv[0] is replaced by the tool), captures output, returns the exit status. */
static int run_argv(char **argv)
{
	char out_path[PATH_MAX];
	ssize_t n;
	pid_t pid;
	int status, fd;

	argv[0] = (char *)tool_path();
	path_in(out_path, sizeof(out_path), "tool-output.txt");
	fflush(NULL);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	fd = open(out_path, O_RDONLY);
	cr_assert(fd >= 0);
	n = read(fd, tool_out, sizeof(tool_out) - 1);
	close(fd);
	unlink(out_path);
	tool_out[n > 0 ? n : 0] = '\0';
	cr_assert(WIFEXITED(status), "tool died: status 0x%x; output: %s", status, tool_out);
	cr_assert_neq(WEXITSTATUS(status), 127, "cannot run %s: %s", argv[0], tool_out);
	return WEXITSTATUS(status);
}

/* The usual invocation over the files in dir. */
static int run_tool(void)
{
	char a[7][PATH_MAX];
	char *argv[] = { NULL, "--config", a[0], "--init", a[1], "--images", a[2],
			 "--solution", "hello", "--manifest", a[3], "--its", a[4], "--dts", a[5],
			 NULL };

	path_in(a[0], PATH_MAX, ".config");
	path_in(a[1], PATH_MAX, "init.yaml");
	path_in(a[2], PATH_MAX, "images");
	path_in(a[3], PATH_MAX, "out/m.dtb");
	path_in(a[4], PATH_MAX, "out/m.its");
	path_in(a[5], PATH_MAX, "out/m.dts");
	return run_argv(argv);
}

static void *read_all(const char *path, size_t *size)
{
	struct stat st;
	void *buf;
	FILE *f;

	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s: %s", path, strerror(errno));
	cr_assert_eq(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*size = (size_t)st.st_size;
	return buf;
}

/* Runs the tool, expects success and parses the manifest with the hypervisor's parser. */
static void build_ok(uint32_t ncpus)
{
	char path[PATH_MAX];
	const char *err = NULL;
	int rc;

	rc = run_tool();
	cr_assert_eq(rc, 0, "einit failed (%d): %s", rc, tool_out);
	cr_assert_str_empty(tool_out, "einit printed on success: %s", tool_out);
	path_in(path, sizeof(path), "out/m.dtb");
	free(blob);
	blob = read_all(path, &blob_size);
	rc = manifest_parse(blob, blob_size, ncpus, &man, &err);
	cr_assert_eq(rc, rcOk, "manifest_parse: %s", err ? err : "(no message)");
}

/* Runs the tool, expects exit 1 with `want` in the message and no output files. */
static void build_fails(const char *want)
{
	int rc = run_tool();

	cr_assert_eq(rc, 1, "exit %d, expected 1; output: %s", rc, tool_out);
	cr_assert_not_null(strstr(tool_out, want), "expected '%s' in: %s", want, tool_out);
	cr_assert_eq(strchr(tool_out, '\n'), tool_out + strlen(tool_out) - 1,
		     "expected exactly one line: %s", tool_out);
	cr_assert(!exists("out/m.dtb") && !exists("out/m.its") && !exists("out/m.dts"),
		  "output left behind after an error");
}

static const struct manifest_partition *part(const char *name)
{
	for (uint32_t i = 0; i < man.npartitions; i++)
		if (!strcmp(man.part[i].name, name))
			return &man.part[i];
	cr_assert_fail("no partition '%s' in the manifest", name);
	return NULL;
}

static void assert_list(const char *got, uint32_t got_size, const char *want, size_t want_size)
{
	cr_assert_eq(got_size, want_size, "string list is %u bytes, expected %zu", got_size,
		     want_size);
	cr_assert_eq(memcmp(got, want, want_size), 0, "string list differs");
}
#define ASSERT_LIST(got, got_size, lit) assert_list(got, got_size, lit, sizeof(lit))

static const char config_4cpu[] = "#\n# Automatically generated file; DO NOT EDIT.\n#\n"
				  "CONFIG_NR_CPUS=4\n"
				  "CONFIG_MAX_PARTITIONS=8\n"
				  "CONFIG_MAX_VCPUS_PER_PARTITION=8\n"
				  "CONFIG_PARTITION_DEFAULT_MEMORY_KB=1024\n"
				  "CONFIG_PARTITION_DEFAULT_PRIORITY=10\n"
				  "CONFIG_PARTITION_DEFAULT_MAX_THREADS=3\n"
				  "# CONFIG_HYP_DEBUG is not set\n"
				  "CONFIG_PLATFORM=\"qemu-virt\"\n";

TestSuite(solution_tool, .init = setup, .fini = teardown);
TestSuite(solution_errors, .init = setup, .fini = teardown);

Test(solution_tool, defaults_come_from_config)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n  - name: demo.Hello\n");
	write_elf("images/Hello");
	build_ok(4);

	cr_assert_str_eq(man.solution, "hello");
	cr_assert_eq(man.npartitions, 1);
	p = &man.part[0];
	cr_assert_str_eq(p->name, "demo.Hello");	/* task defaults to name */
	cr_assert_str_eq(p->class_name, "demo.Hello");
	cr_assert_str_eq(p->image, "demo.Hello");	/* FIT image = task name */
	cr_assert_eq(p->role, ROLE_COMPONENT);
	cr_assert_eq(p->on_fault, FAULT_STOP);
	cr_assert_eq(p->mem_size, 1024 * 1024);
	cr_assert_eq(p->cpu_mask, 0xf);
	cr_assert_eq(p->priority, 10);
	cr_assert_eq(p->max_threads, 3);
	cr_assert_null(p->args);
	cr_assert_eq(p->args_size, 0);
	cr_assert_null(p->env);
	cr_assert_eq(p->env_size, 0);
	cr_assert(exists("out/m.its") && exists("out/m.dts"));
}

Test(solution_tool, builtin_defaults_without_config_values)
{
	const struct manifest_partition *p;

	write_file(".config", "# nothing relevant\nCONFIG_OTHER=y\n");
	write_file("init.yaml", "entities:\n- name: Hello\n");
	write_elf("images/Hello");
	build_ok(1);

	p = &man.part[0];
	cr_assert_str_eq(p->name, "Hello");
	cr_assert_eq(p->mem_size, 2048 * 1024);
	cr_assert_eq(p->cpu_mask, 0x1);
	cr_assert_eq(p->priority, 15);
	cr_assert_eq(p->max_threads, 8);
}

Test(solution_tool, partition_extension_keys)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml",
		   "entities:\n"
		   "  - name: demo.Monitor\n"
		   "    partition:\n"
		   "      memory: 4M\n"
		   "      cpus: [1, 3]\n"
		   "      priority: 20\n"
		   "      max-threads: 2\n"
		   "      on-fault: restart\n"
		   "      role: monitor\n"
		   "  - name: demo.Guest\n"
		   "    partition:\n"
		   "      memory: 32M\n"
		   "      cpus:\n"
		   "        - 2\n"
		   "      role: linux\n"
		   "      on-fault: stop\n"
		   "      priority: 0\n"
		   "  - name: demo.Small\n"
		   "    partition: { memory: 131072, max-threads: 8, role: component }\n"
		   "  - name: demo.Big\n"
		   "    partition:\n"
		   "      memory: \"1G\"\n"
		   "      priority: 31\n"
		   "  - name: demo.Kilo\n"
		   "    partition:\n"
		   "      memory: 256K\n");
	write_elf("images/Monitor");
	write_kernel("images/Guest");
	write_elf("images/Small");
	write_elf("images/Big");
	write_elf("images/Kilo");
	build_ok(4);

	cr_assert_eq(man.npartitions, 5);
	p = part("demo.Monitor");
	cr_assert_eq(p->mem_size, 4 * 1024 * 1024);
	cr_assert_eq(p->cpu_mask, 0xa);
	cr_assert_eq(p->priority, 20);
	cr_assert_eq(p->max_threads, 2);
	cr_assert_eq(p->on_fault, FAULT_RESTART);
	cr_assert_eq(p->role, ROLE_MONITOR);

	p = part("demo.Guest");
	cr_assert_eq(p->mem_size, 32ull << 20);
	cr_assert_eq(p->cpu_mask, 0x4);
	cr_assert_eq(p->role, ROLE_LINUX);
	cr_assert_eq(p->on_fault, FAULT_STOP);
	cr_assert_eq(p->priority, 0);
	cr_assert_eq(p->max_threads, 3);	/* not given: from .config */

	p = part("demo.Small");
	cr_assert_eq(p->mem_size, 131072);
	cr_assert_eq(p->max_threads, 8);
	cr_assert_eq(p->role, ROLE_COMPONENT);
	cr_assert_eq(p->cpu_mask, 0xf);
	cr_assert_eq(p->priority, 10);

	p = part("demo.Big");
	cr_assert_eq(p->mem_size, 1ull << 30);
	cr_assert_eq(p->priority, 31);

	cr_assert_eq(part("demo.Kilo")->mem_size, 256 * 1024);
}

Test(solution_tool, args_and_env)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml",
		   "entities:\n"
		   "  - name: demo.Hello\n"
		   "    args:\n"
		   "      - hello\n"
		   "      - \"-v\"\n"
		   "      - nodev /tmp ramfs 0\n"
		   "      - 8080\n"
		   "      - ''\n"
		   "    env:\n"
		   "      VFS_FILESYSTEM_BACKEND: client:kl.VfsSdCardFs\n"
		   "      PORT: 8080\n"
		   "      EMPTY:\n"
		   "      QUOTED: \"a b=c\"\n"
		   "  - name: demo.Empty\n"
		   "    args: []\n"
		   "    env: {}\n");
	write_elf("images/Hello");
	write_elf("images/Empty");
	build_ok(4);

	p = part("demo.Hello");
	ASSERT_LIST(p->args, p->args_size, "hello\0-v\0nodev /tmp ramfs 0\0" "8080\0");
	ASSERT_LIST(p->env, p->env_size,
		    "VFS_FILESYSTEM_BACKEND=client:kl.VfsSdCardFs\0PORT=8080\0EMPTY=\0"
		    "QUOTED=a b=c");
	/* The pointers lead into the blob, which is what the hypervisor relies on. */
	cr_assert((const char *)p->args > (const char *)blob &&
		  (const char *)p->args < (const char *)blob + blob_size);

	/* Empty lists leave the properties out altogether. */
	p = part("demo.Empty");
	cr_assert_null(p->args);
	cr_assert_null(p->env);
}

Test(solution_tool, task_and_path)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml",
		   "entities:\n"
		   "  - name: echo.Server\n"
		   "    task: server1\n"
		   "    path: bin/echo-server\n"
		   "  - name: echo.Server\n"
		   "    task: server2\n"
		   "    path: bin/echo-server\n"
		   "  - name: Standalone\n");
	make_dir("images/bin");
	write_elf("images/bin/echo-server");
	write_elf("images/Standalone");
	build_ok(4);

	cr_assert_eq(man.npartitions, 3);
	/* Order of init.yaml is kept. */
	cr_assert_str_eq(man.part[0].name, "server1");
	cr_assert_str_eq(man.part[1].name, "server2");
	cr_assert_str_eq(man.part[2].name, "Standalone");
	p = part("server2");
	cr_assert_str_eq(p->class_name, "echo.Server");
	cr_assert_str_eq(p->image, "server2");
	cr_assert_str_eq(part("Standalone")->image, "Standalone");
}

/* Shaped like public KasperskyOS solutions: must load unchanged. */
static const char third_party_init[] =
	"# Expanded from init.yaml.in -- the comment has non-ASCII text: \xc3\xa9t\xc3\xa9\n"
	"entities:\n"
	"\n"
	"- name: echo.Server\n"
	"  env:\n"
	"    VFS_FILESYSTEM_BACKEND: client:kl.VfsRamFs\n"
	"  connections:\n"
	"  - target: kl.VfsRamFs\n"
	"    id: {var: _VFS_CONNECTION_ID, include: vfs/defs.h}\n"
	"\n"
	"- name: echo.Client\n"
	"  task: client1\n"
	"  path: Client\n"
	"  args:\n"
	"    - \"-n\"\n"
	"    - \"3\"\n"
	"  connections:\n"
	"    - target: echo.Server\n"
	"      id: server_connection\n"
	"    - target: kl.VfsRamFs\n"
	"      id:\n"
	"          var: _VFS_CONNECTION_ID\n"
	"          include: vfs/defs.h\n"
	"    - target: env.Env\n"
	"      id: {var: ENV_SERVICE_NAME, include: env/env.h}\n"
	"\n"
	"- name: env.Env\n"
	"  connections:\n"
	"\n"
	"- name: kl.VfsRamFs\n"
	"  path: VfsRamFs\n"
	"  args:\n"
	"    - -l\n"
	"    - nodev /tmp ramfs 0\n"
	"  env:\n"
	"    ROOTFS: ramdisk0,0 / ext4 0";	/* no final newline */

/*
 * Its connections reach the manifest, so the build needs their ids (from -I headers), the
 * servers' schemas (--schemas) and the policy (--policy): without them it stops with a clear
 * message. (einit --check, einit_check_test.c, checks the model of such files.)
 */
Test(solution_tool, third_party_init_yaml_needs_connection_ids)
{
	write_file(".config", config_4cpu);
	write_file("init.yaml", third_party_init);
	write_elf("images/Server");
	write_elf("images/Client");
	write_elf("images/Env");
	write_elf("images/VfsRamFs");
	build_fails("task 'echo.Server': connection to 'kl.VfsRamFs': its id _VFS_CONNECTION_ID "
		    "is not defined in any -I header");
}

/* The .its must be something mkimage builds, with the right bytes in each image. */
Test(solution_tool, its_builds_with_mkimage)
{
	char its[PATH_MAX], itb[PATH_MAX], cmd[3 * PATH_MAX], elf_path[PATH_MAX];
	const void *data;
	void *fit, *elf;
	size_t fit_size, elf_size;
	int off, len;

	if (access("/usr/bin/mkimage", X_OK))
		cr_skip_test("/usr/bin/mkimage is not installed");
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Hello\n"
				"    task: hello\n"
				"  - name: demo.Other\n");
	write_elf("images/Hello");
	write_elf("images/Other");
	build_ok(4);

	path_in(its, sizeof(its), "out/m.its");
	path_in(itb, sizeof(itb), "out/m.itb");
	snprintf(cmd, sizeof(cmd), "/usr/bin/mkimage -f '%s' '%s' >/dev/null 2>&1", its, itb);
	cr_assert_eq(system(cmd), 0, "mkimage failed: %s", cmd);

	fit = read_all(itb, &fit_size);
	cr_assert_eq(fdt_check_full(fit, fit_size), 0);
	off = fdt_path_offset(fit, "/images/manifest");
	cr_assert_geq(off, 0, "no /images/manifest");
	data = fdt_getprop(fit, off, "data", &len);
	cr_assert_not_null(data);
	cr_assert_eq((size_t)len, blob_size);
	cr_assert_eq(memcmp(data, blob, blob_size), 0, "manifest image differs from m.dtb");
	cr_assert_not_null(fdt_getprop(fit, fdt_subnode_offset(fit, off, "hash-1"), "value",
				       &len));

	off = fdt_path_offset(fit, "/images/hello");
	cr_assert_geq(off, 0, "no /images/hello");
	cr_assert_str_eq(fdt_getprop(fit, off, "type", NULL), "standalone");
	cr_assert_str_eq(fdt_getprop(fit, off, "arch", NULL), "arm64");
	cr_assert_str_eq(fdt_getprop(fit, off, "compression", NULL), "none");
	data = fdt_getprop(fit, off, "data", &len);
	path_in(elf_path, sizeof(elf_path), "images/Hello");
	elf = read_all(elf_path, &elf_size);
	cr_assert_eq((size_t)len, elf_size);
	cr_assert_eq(memcmp(data, elf, elf_size), 0, "image hello differs from images/Hello");
	cr_assert_geq(fdt_path_offset(fit, "/images/demo.Other"), 0);
	cr_assert_geq(fdt_path_offset(fit, "/configurations/conf-1"), 0);
	free(elf);
	free(fit);
}

/* The readable .dts compiles back to a manifest with the same content. */
Test(solution_tool, dts_matches_dtb)
{
	char dts[PATH_MAX], dtb2[PATH_MAX], cmd[3 * PATH_MAX];
	struct manifest from_dts;
	const char *err = NULL;
	void *blob2;
	size_t size2;

	if (access("/usr/bin/dtc", X_OK))
		cr_skip_test("/usr/bin/dtc is not installed");
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Hello\n"
				"    args: [\"say \\\"hi\\\"\", 'back\\slash', \"tab\\t\"]\n"
				"    env: { A: \"1\", B: \"x;y\" }\n"
				"    partition: { cpus: [0, 2], memory: 32M, role: linux,\n"
				"                 initrd: Hello.cpio, bootargs: \"console=ttyAMA0 q=\\\"x\\\"\" }\n"
				"  - name: demo.Other\n");
	write_kernel("images/Hello");
	write_file("images/Hello.cpio", "070701");
	write_elf("images/Other");
	build_ok(4);

	path_in(dts, sizeof(dts), "out/m.dts");
	path_in(dtb2, sizeof(dtb2), "out/m2.dtb");
	snprintf(cmd, sizeof(cmd), "/usr/bin/dtc -q -I dts -O dtb -o '%s' '%s'", dtb2, dts);
	cr_assert_eq(system(cmd), 0, "dtc failed: %s", cmd);
	blob2 = read_all(dtb2, &size2);
	cr_assert_eq(manifest_parse(blob2, size2, 4, &from_dts, &err), rcOk, "%s", err);
	cr_assert_eq(from_dts.npartitions, man.npartitions);
	cr_assert_str_eq(from_dts.solution, man.solution);
	for (uint32_t i = 0; i < man.npartitions; i++) {
		const struct manifest_partition *a = &man.part[i], *b = &from_dts.part[i];

		cr_assert_str_eq(a->name, b->name);
		cr_assert_str_eq(a->class_name, b->class_name);
		cr_assert_str_eq(a->image, b->image);
		cr_assert_eq(a->role, b->role);
		cr_assert_eq(a->on_fault, b->on_fault);
		cr_assert_eq(a->mem_size, b->mem_size);
		cr_assert_eq(a->cpu_mask, b->cpu_mask);
		cr_assert_eq(a->priority, b->priority);
		cr_assert_eq(a->max_threads, b->max_threads);
		cr_assert_eq(a->args_size, b->args_size);
		cr_assert(!a->args || !memcmp(a->args, b->args, a->args_size));
		cr_assert_eq(a->env_size, b->env_size);
		cr_assert(!a->env || !memcmp(a->env, b->env, a->env_size));
		cr_assert_str_eq(a->initrd, b->initrd);
		cr_assert_str_eq(a->bootargs ? a->bootargs : "", b->bootargs ? b->bootargs : "");
	}
	cr_assert_str_eq(man.part[0].initrd, "demo.Hello-initrd");
	cr_assert_str_eq(man.part[0].bootargs, "console=ttyAMA0 q=\"x\"");
	ASSERT_LIST(man.part[0].args, man.part[0].args_size,
		    "say \"hi\"\0back\\slash\0tab\t");
	free(blob2);
}

Test(solution_tool, help_and_missing_option)
{
	char *help[] = { NULL, "--help", NULL };
	char *missing[] = { NULL, "--config", "x", "--init", "y", NULL };
	char *twice[] = { NULL, "--config", "x", "--config=y", NULL };
	char *unknown[] = { NULL, "--frobnicate", NULL };

	cr_assert_eq(run_argv(help), 0);
	cr_assert_not_null(strstr(tool_out, "usage: einit --config"));
	cr_assert_eq(run_argv(missing), 1);
	cr_assert_not_null(strstr(tool_out, "einit: missing --images"), "%s", tool_out);
	cr_assert_eq(run_argv(twice), 1);
	cr_assert_not_null(strstr(tool_out, "option '--config' given twice"), "%s", tool_out);
	cr_assert_eq(run_argv(unknown), 1);
	cr_assert_not_null(strstr(tool_out, "unknown option '--frobnicate'"), "%s", tool_out);
}

Test(solution_tool, replaces_outputs_whole)
{
	char path[PATH_MAX];
	struct dirent *de;
	void *first;
	size_t first_size;
	DIR *d;

	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n  - name: demo.Hello\n");
	write_elf("images/Hello");
	build_ok(4);
	first = blob;
	first_size = blob_size;
	blob = NULL;
	/* A second run over existing outputs gives the same bytes and leaves no temporaries. */
	build_ok(4);
	cr_assert_eq(blob_size, first_size);
	cr_assert_eq(memcmp(blob, first, first_size), 0);
	free(first);
	path_in(path, sizeof(path), "out");
	d = opendir(path);
	cr_assert_not_null(d);
	while ((de = readdir(d))) {
		cr_assert(!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
				  !strcmp(de->d_name, "m.dtb") || !strcmp(de->d_name, "m.its") ||
				  !strcmp(de->d_name, "m.dts"),
			  "unexpected file out/%s", de->d_name);
	}
	closedir(d);
}

/* ---- errors: exit 1, one line, position and offending value named ---- */

static void errs_setup(const char *init)
{
	write_file(".config", config_4cpu);
	write_file("init.yaml", init);
	write_elf("images/Hello");
	write_elf("images/Server");
	write_elf("images/Client");
}

Test(solution_errors, unknown_key_with_position)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    colour: blue\n");
	build_fails("init.yaml:3:5: unknown key 'colour' in entity");
}

Test(solution_errors, unknown_partition_key)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition:\n"
		   "      memroy: 4M\n");
	build_fails("init.yaml:4:7: unknown key 'memroy' in 'partition'");
}

Test(solution_errors, linux_guest_limits)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { role: linux, memory: 8M }\n");
	write_kernel("images/Hello");
	build_fails("init.yaml:2:5: Linux guest 'demo.Hello': memory must be a multiple of 2 MiB "
		    "and at least 32 MiB");
}

Test(solution_tool, linux_guest_device_grants_reach_the_manifest)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Guest\n"
				"    partition: { role: linux, memory: 32M, devices: [{ name: rtc, "
				"reg: [0x9010000, 0x1000], interrupts: [34] }] }\n");
	write_kernel("images/Guest");
	build_ok(4);
	p = part("demo.Guest");
	cr_assert_eq(p->ndevices, 1);
	cr_assert_str_eq(p->dev[0].name, "rtc");
	cr_assert_eq(p->dev[0].pa, 0x9010000);
	cr_assert_eq(p->dev[0].size, 0x1000);
	cr_assert_eq(p->dev[0].nirqs, 1);
	cr_assert_eq(p->dev[0].irqs[0], 34);
}

Test(solution_errors, linux_guest_interrupts_beyond_its_gic)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { role: linux, memory: 32M, devices: [{ name: far, "
		   "interrupts: [96] }] }\n");
	write_kernel("images/Hello");
	build_fails("Linux guest 'demo.Hello': device 'far': interrupt 96 is beyond the SPIs of "
		    "the guest's GIC (32..95)");
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { role: linux, memory: 32M, devices: [{ name: uart, "
		   "interrupts: [33] }] }\n");
	write_kernel("images/Hello");
	build_fails("Linux guest 'demo.Hello': device 'uart': interrupt 33 is the guest's "
		    "emulated UART's");
}

Test(solution_errors, linux_guest_grant_overlapping_another_partition)
{
	errs_setup("entities:\n"
		   "  - name: demo.Driver\n"
		   "    partition: { devices: [{ name: rtc, reg: [0x9010000, 0x1000] }] }\n"
		   "  - name: demo.Guest\n"
		   "    partition: { role: linux, memory: 32M, devices: [{ name: clock, "
		   "reg: [0x9010000, 0x2000] }] }\n");
	write_elf("images/Driver");
	write_kernel("images/Guest");
	build_fails("device 'clock' overlaps device 'rtc' of 'demo.Driver'");
}

Test(solution_errors, linux_keys_need_the_linux_role)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { bootargs: quiet }\n");
	build_fails("init.yaml:3:16: partition 'initrd' and 'bootargs' are for role 'linux' only");
}

Test(solution_errors, linux_kernel_must_be_an_image)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { role: linux, memory: 32M }\n");
	build_fails("is not an arm64 Linux Image");
}

Test(solution_errors, linux_initrd_must_exist)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition: { role: linux, memory: 32M, initrd: none.cpio }\n");
	write_kernel("images/Hello");
	build_fails("initramfs");
}

Test(solution_errors, unknown_top_level_key)
{
	errs_setup("entitles:\n  - name: demo.Hello\n");
	build_fails("init.yaml:1:1: unknown key 'entitles' in the top level");
}

Test(solution_errors, duplicate_key)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    task: a\n"
		   "    task: b\n");
	build_fails("init.yaml:4:5: duplicate key 'task' in entity (first at line 3)");
}

Test(solution_errors, duplicate_task)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Hello\n");
	build_fails("init.yaml:4:11: duplicate task name 'demo.Hello' (also at line 2); give one "
		    "of them a 'task:' key");
}

Test(solution_errors, duplicate_explicit_task)
{
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "    task: srv\n"
		   "  - name: demo.Client\n"
		   "    task: srv\n");
	build_fails("init.yaml:5:11: duplicate task name 'srv' (also at line 3)");
}

Test(solution_errors, cpu_out_of_range)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    partition:\n"
		   "      cpus: [0, 4]\n");
	build_fails("init.yaml:4:17: CPU 4 does not exist: CONFIG_NR_CPUS is 4");
}

Test(solution_errors, cpu_listed_twice)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition: {cpus: [1, 1]}\n");
	build_fails("init.yaml:3:27: CPU 1 is listed twice");
}

Test(solution_errors, cpus_empty)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition: {cpus: []}\n");
	build_fails("partition 'cpus' is empty");
}

Test(solution_errors, memory_not_page_multiple)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      memory: 100000\n");
	build_fails("init.yaml:4:15: partition 'memory' 100000 bytes is not a multiple of 4 KiB");
}

Test(solution_errors, memory_too_small)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      memory: 60K\n");
	build_fails("init.yaml:4:15: partition 'memory' 61440 bytes is below the 64 KiB minimum");
}

Test(solution_errors, memory_bad_suffix)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      memory: 4X\n");
	build_fails("init.yaml:4:15: partition 'memory' '4X' is not a non-negative integer");
}

Test(solution_errors, memory_overflow)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n"
		   "      memory: 99999999999999G\n");
	build_fails("partition 'memory' '99999999999999G' is too large");
}

Test(solution_errors, priority_above_31)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      priority: 40\n");
	build_fails("init.yaml:4:17: partition 'priority' 40 is above 31");
}

Test(solution_errors, priority_negative)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      priority: -1\n");
	build_fails("partition 'priority' '-1' is not a non-negative integer");
}

Test(solution_errors, max_threads_range)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      max-threads: 9\n");
	build_fails("init.yaml:4:20: partition 'max-threads' 9 is outside 1..8");
}

Test(solution_errors, max_threads_zero)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition:\n      max-threads: 0\n");
	build_fails("partition 'max-threads' 0 is outside 1..8");
}

Test(solution_errors, unknown_role_and_on_fault)
{
	errs_setup("entities:\n  - name: demo.Hello\n    partition: {role: hypervisor}\n");
	build_fails("init.yaml:3:23: partition 'role' 'hypervisor' is not 'component', "
		    "'monitor' or 'linux'");
	errs_setup("entities:\n  - name: demo.Hello\n    partition: {on-fault: reboot}\n");
	build_fails("partition 'on-fault' 'reboot' is not 'stop' or 'restart'");
}

Test(solution_errors, missing_executable)
{
	char want[PATH_MAX + 160];

	errs_setup("entities:\n  - name: demo.Hello\n  - name: demo.Nope\n");
	snprintf(want, sizeof(want),
		 "init.yaml:3:11: executable '%s/images/Nope' of task 'demo.Nope' (path taken "
		 "from 'name'): No such file or directory",
		 dir);
	build_fails(want);
}

Test(solution_errors, missing_explicit_path)
{
	errs_setup("entities:\n  - name: demo.Hello\n    path: bin/hello\n");
	build_fails("init.yaml:3:11: executable '");
	cr_assert_not_null(strstr(tool_out, "/images/bin/hello' of task 'demo.Hello': No such"),
			   "%s", tool_out);
}

Test(solution_errors, executable_not_elf)
{
	errs_setup("entities:\n  - name: demo.Hello\n");
	write_file("images/Hello", "#!/bin/sh\necho hello\n");
	build_fails("/images/Hello' is not an ELF file");
}

Test(solution_errors, executable_wrong_machine)
{
	unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	elf[16] = 2;
	elf[18] = 62;	/* EM_X86_64: a host binary packaged by mistake */
	errs_setup("entities:\n  - name: demo.Hello\n");
	write_bytes("images/Hello", elf, sizeof(elf));
	build_fails("is not an AArch64 ELF64 little-endian executable (class 2, data 1, type 2, "
		    "machine 62)");
}

Test(solution_errors, path_escaping_images)
{
	errs_setup("entities:\n  - name: demo.Hello\n    path: ../Hello\n");
	build_fails("init.yaml:3:11: 'path' '../Hello' must be relative to the images directory");
}

Test(solution_errors, unknown_connection_target)
{
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Client\n"
		   "    connections:\n"
		   "      - target: demo.Sever\n"
		   "        id: server\n");
	build_fails("init.yaml:5:17: connection target 'demo.Sever' is not a task of this "
		    "solution");
}

Test(solution_errors, connection_structure)
{
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Client\n"
		   "    connections:\n"
		   "      - target: demo.Server\n"
		   "        id: {var: 1BAD, include: x.h}\n");
	build_fails("init.yaml:6:19: connection 'id' 'var' '1BAD' is not a C identifier");
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Client\n"
		   "    connections:\n"
		   "      - target: demo.Server\n");
	build_fails("init.yaml:5:9: connection has no 'id'");
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Client\n"
		   "    connections:\n"
		   "      - target: demo.Server\n"
		   "        id: {include: x.h}\n");
	build_fails("connection 'id' mapping has no 'var'");
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "  - name: demo.Client\n"
		   "    connections:\n"
		   "      - {target: demo.Server, id: a}\n"
		   "      - {target: demo.Server, id: a}\n");
	build_fails("init.yaml:6:35: connection id 'a' is used twice by task 'demo.Client'");
}

Test(solution_errors, yaml_syntax_error)
{
	errs_setup("entities:\n"
		   "  - name: demo.Hello\n"
		   "    args: [a, b\n");
	build_fails("init.yaml:4:1: YAML syntax error: did not find expected ',' or ']'");
	errs_setup("entities:\n  - name: demo.Hello\n   bad: indent\n");
	build_fails("YAML syntax error");
	cr_assert_not_null(strstr(tool_out, "init.yaml:3:"), "%s", tool_out);
}

Test(solution_errors, empty_inputs)
{
	errs_setup("");
	build_fails("init.yaml: the file is empty");
	errs_setup("entities:\n");
	build_fails("init.yaml:1:1: 'entities' is empty");
	errs_setup("entities: []\n");
	build_fails("'entities' is empty");
	errs_setup("- name: demo.Hello\n");
	build_fails("init.yaml:1:1: the top level must be a mapping, not a list");
	errs_setup("entities:\n  - name: demo.Hello\n---\nentities: []\n");
	build_fails("init.yaml:3:1: a second YAML document");
}

Test(solution_errors, too_many_entities)
{
	errs_setup("entities:\n  - name: a.A\n  - name: a.B\n  - name: a.C\n");
	write_file(".config", "CONFIG_MAX_PARTITIONS=2\n");
	build_fails("init.yaml:4:5: 3 entities, more than CONFIG_MAX_PARTITIONS (2)");
}

Test(solution_errors, names_too_long_or_invalid)
{
	errs_setup("entities:\n  - name: demo.Hello\n"
		   "    task: abcdefghijabcdefghijabcdefghij12\n");
	build_fails("init.yaml:3:11: task name 'abcdefghijabcdefghijabcdefghij12' is longer than "
		    "31 characters");
	errs_setup("entities:\n  - name: abcdefghij.abcdefghij.abcdefghij.abcdefghij"
		   ".abcdefghij.abcdefghi\n    task: t\n");
	build_fails("init.yaml:2:11: 'name' 'abcdefghij.abcdefghij.abcdefghij.abcdefghij"
		    ".abcdefghij.abcdefghi' is longer than 63 characters");
	errs_setup("entities:\n  - name: demo.Hello\n    task: my task\n");
	build_fails("init.yaml:3:11: task name 'my task' is not a valid device-tree node name");
	errs_setup("entities:\n  - name: demo.Hello\n    task: cpu@0\n");
	build_fails("task name 'cpu@0' is not a valid device-tree node name");
	errs_setup("entities:\n  - name: demo..Hello\n");
	build_fails("init.yaml:2:11: 'name' 'demo..Hello' is not an EDL class name");
	errs_setup("entities:\n  - name: demo.Hello\n    task: manifest\n");
	build_fails("task name 'manifest' is reserved");
	errs_setup("entities:\n  - task: hello\n");
	build_fails("init.yaml:2:5: entity has no 'name'");
}

Test(solution_errors, wrong_value_types)
{
	errs_setup("entities:\n  - name: demo.Hello\n    args: {a: b}\n");
	build_fails("init.yaml:3:11: 'args' must be a list, not a mapping");
	errs_setup("entities:\n  - name: demo.Hello\n    args: [[a]]\n");
	build_fails("init.yaml:3:12: an 'args' item must be a string, not a list");
	errs_setup("entities:\n  - name: demo.Hello\n    env: [A=1]\n");
	build_fails("init.yaml:3:10: 'env' must be a mapping, not a list");
	errs_setup("entities:\n  - name: demo.Hello\n    env: {\"A=B\": 1}\n");
	build_fails("'env' name 'A=B' must not contain '='");
	errs_setup("entities:\n  - name: [demo.Hello]\n");
	build_fails("init.yaml:2:11: 'name' must be a string, not a list");
	errs_setup("entities:\n  - name: demo.Hello\n    task:\n");
	build_fails("'task' has no value");
	errs_setup("entities:\n  - name: demo.Hello\n    args: [\"a\\0b\"]\n");
	build_fails("an 'args' item contains a NUL character");
}

Test(solution_errors, args_too_large)
{
	char init[4096];
	int n = snprintf(init, sizeof(init), "entities:\n  - name: demo.Hello\n    args:\n");

	/* 11 strings of 99 characters + NUL = 1100 bytes, over the 1024 of the boot info. */
	for (int i = 0; i < 11; i++)
		n += snprintf(init + n, sizeof(init) - (size_t)n, "      - %099d\n", i);
	errs_setup(init);
	build_fails("init.yaml:14:9: 'args' take more than 1024 bytes");
}

Test(solution_errors, malformed_config)
{
	errs_setup("entities:\n  - name: demo.Hello\n");
	write_file(".config", "# header\nCONFIG_NR_CPUS=four\n");
	build_fails(".config:2: CONFIG_NR_CPUS: value 'four' is not a non-negative integer");
	cr_assert_eq(strncmp(tool_out, "einit: ", 7), 0, "%s", tool_out);

	write_file(".config", "CONFIG_NR_CPUS=64\n");
	build_fails(".config:1: CONFIG_NR_CPUS: value 64 is out of range 1..32");
	write_file(".config", "CONFIG_PARTITION_DEFAULT_PRIORITY=\"3\"\n");
	build_fails(".config:1: CONFIG_PARTITION_DEFAULT_PRIORITY: value '\"3\"' is not a "
		    "non-negative integer");
	write_file(".config", "CONFIG_PARTITION_DEFAULT_MEMORY_KB=1026\n");
	build_fails(".config:1: CONFIG_PARTITION_DEFAULT_MEMORY_KB: 1026 KiB is not a multiple "
		    "of 4");
	write_file(".config", "CONFIG_MAX_VCPUS_PER_PARTITION=2\n"
			      "CONFIG_PARTITION_DEFAULT_MAX_THREADS=4\n");
	build_fails(".config:2: CONFIG_PARTITION_DEFAULT_MAX_THREADS: 4 is above "
		    "CONFIG_MAX_VCPUS_PER_PARTITION (2)");
	write_file(".config", "NR_CPUS=2\n");
	build_fails(".config:1: malformed line 'NR_CPUS=2'");
}

Test(solution_errors, bad_solution_name_and_paths)
{
	char a[4][PATH_MAX];
	char *argv[] = { NULL, "--config", a[0], "--init", a[1], "--images", a[2],
			 "--solution", "bad name", "--manifest", a[3], "--its", a[3], NULL };

	errs_setup("entities:\n  - name: demo.Hello\n");
	path_in(a[0], PATH_MAX, ".config");
	path_in(a[1], PATH_MAX, "init.yaml");
	path_in(a[2], PATH_MAX, "images");
	path_in(a[3], PATH_MAX, "out/m.dtb");
	cr_assert_eq(run_argv(argv), 1);
	cr_assert_not_null(strstr(tool_out, "--solution 'bad name' must be"), "%s", tool_out);
	argv[8] = "hello";
	cr_assert_eq(run_argv(argv), 1);
	cr_assert_not_null(strstr(tool_out, "are the same output file"), "%s", tool_out);
	path_in(a[2], PATH_MAX, "no-such-dir");
	cr_assert_eq(run_argv(argv), 1);
	cr_assert_not_null(strstr(tool_out, "/no-such-dir': No such file"), "%s", tool_out);
	cr_assert(!exists("out/m.dtb"));
}

Test(solution_tool, device_grants_reach_the_manifest)
{
	const struct manifest_partition *p;

	write_file(".config", config_4cpu);
	write_file("init.yaml",
		   "entities:\n"
		   "  - name: demo.Server\n"
		   "    partition:\n"
		   "      devices:\n"
		   "        - name: rtc\n"
		   "          reg: [0x09010000, 0x1000]\n"
		   "          interrupts: [34]\n"
		   "        - name: gpio\n"
		   "          interrupts: [39, 40]\n"
		   "  - name: demo.Client\n"
		   "    partition:\n"
		   "      devices:\n"
		   "        - { name: flash, reg: [0x4000000, 0x2000000] }\n");
	write_elf("images/Server");
	write_elf("images/Client");
	build_ok(4);

	p = part("demo.Server");
	cr_assert_eq(p->ndevices, 2);
	cr_assert_str_eq(p->dev[0].name, "rtc");
	cr_assert_eq(p->dev[0].pa, 0x09010000);
	cr_assert_eq(p->dev[0].size, 0x1000);
	cr_assert_eq(p->dev[0].nirqs, 1);
	cr_assert_eq(p->dev[0].irqs[0], 34);
	cr_assert_str_eq(p->dev[1].name, "gpio");
	cr_assert_eq(p->dev[1].size, 0);
	cr_assert_eq(p->dev[1].nirqs, 2);
	cr_assert_eq(p->dev[1].irqs[1], 40);
	p = part("demo.Client");
	cr_assert_eq(p->ndevices, 1);
	cr_assert_eq(p->dev[0].pa, 0x4000000);
	cr_assert_eq(p->dev[0].size, 0x2000000);
	cr_assert_eq(p->dev[0].nirqs, 0);
}

Test(solution_errors, device_grant_mistakes)
{
	static const struct {
		const char *devices, *want;
	} cases[] = {
		{ "        - { name: rtc, reg: [0x09010000, 0x100] }\n",
		  "init.yaml:5:29: device 'reg' [0x9010000, 0x100] is not a non-empty run of whole "
		  "4 KiB pages" },
		{ "        - { name: rtc, reg: [0x09010000] }\n",
		  "init.yaml:5:29: device 'reg' must be [address, size]" },
		{ "        - { name: rtc, interrupts: [27] }\n",
		  "init.yaml:5:37: interrupt 27 is not a GIC shared peripheral interrupt (32..1019)" },
		{ "        - { name: rtc, interrupts: [34, 34] }\n",
		  "init.yaml:5:41: interrupt 34 is listed twice" },
		{ "        - { name: rtc }\n",
		  "init.yaml:5:11: device 'rtc' grants neither 'reg' nor 'interrupts'" },
		{ "        - { reg: [0x09010000, 0x1000] }\n", "init.yaml:5:11: device has no 'name'" },
		{ "        - { name: rtc, irq: 3 }\n",
		  "init.yaml:5:24: unknown key 'irq' in device (expected one of: name, reg, "
		  "interrupts)" },
		{ "        - { name: a, interrupts: [34] }\n        - { name: a, interrupts: [35] }\n",
		  "init.yaml:6:19: device 'a' appears twice in this partition" },
		{ "        - { name: a, reg: [0x09010000, 0x2000] }\n"
		  "        - { name: b, reg: [0x09011000, 0x1000] }\n",
		  "init.yaml:6:11: device 'b' overlaps device 'a' of 'demo.Hello'" },
		{ "        - { name: a, interrupts: [34] }\n        - { name: b, interrupts: [34] }\n",
		  "init.yaml:6:11: interrupt 34 of device 'b' is also granted to device 'a' of "
		  "'demo.Hello'" },
	};
	char init[1024];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(init, sizeof(init),
			 "entities:\n  - name: demo.Hello\n    partition:\n      devices:\n%s",
			 cases[i].devices);
		errs_setup(init);
		build_fails(cases[i].want);
	}
}

Test(solution_errors, device_shared_between_partitions)
{
	errs_setup("entities:\n"
		   "  - name: demo.Server\n"
		   "    partition:\n"
		   "      devices: [{ name: rtc, reg: [0x09010000, 0x1000] }]\n"
		   "  - name: demo.Client\n"
		   "    partition:\n"
		   "      devices: [{ name: clock, reg: [0x09010000, 0x1000] }]\n");
	build_fails("init.yaml:7:17: device 'clock' overlaps device 'rtc' of 'demo.Server'");
}

/*
 * --chunks: the table the tool writes (with nettle) and mkimage packs is what the hypervisor's
 * package reader (with its own sha256) accepts, chunk by chunk; a flipped bit is then refused.
 */
Test(solution_tool, chunk_table_opens_with_the_hypervisors_reader)
{
	char a[8][PATH_MAX], cmd[3 * PATH_MAX];
	char *argv[] = { NULL, "--config", a[0], "--init", a[1], "--images", a[2],
			 "--solution", "hello", "--manifest", a[3], "--its", a[4], "--chunks", a[5],
			 NULL };
	static unsigned char initrd[5 * 512 * 1024]; /* 2.5 MiB: three chunks */
	struct package pkg;
	const char *err = NULL;
	size_t fit_size;
	uint8_t *fit, *data;
	int rc, node, len;

	if (access("/usr/bin/mkimage", X_OK))
		cr_skip_test("/usr/bin/mkimage is not installed");
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Hello\n"
				"    partition: { cpus: [1], memory: 32M, role: linux, initrd: Hello.cpio }\n"
				"  - name: demo.Other\n");
	write_kernel("images/Hello");
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (unsigned char)(i * 31 + (i >> 12));
	write_bytes("images/Hello.cpio", initrd, sizeof(initrd));
	write_elf("images/Other");
	path_in(a[0], PATH_MAX, ".config");
	path_in(a[1], PATH_MAX, "init.yaml");
	path_in(a[2], PATH_MAX, "images");
	path_in(a[3], PATH_MAX, "out/m.dtb");
	path_in(a[4], PATH_MAX, "out/m.its");
	path_in(a[5], PATH_MAX, "out/chunks.bin");
	path_in(a[6], PATH_MAX, "out/m.itb");
	rc = run_argv(argv);
	cr_assert_eq(rc, 0, "einit failed (%d): %s", rc, tool_out);
	snprintf(cmd, sizeof(cmd), "/usr/bin/mkimage -f '%s' '%s' >/dev/null 2>&1", a[4], a[6]);
	cr_assert_eq(system(cmd), 0, "mkimage failed: %s", cmd);

	fit = read_all(a[6], &fit_size);
	rc = package_open(&pkg, fit, fit_size, &err);
	cr_assert_eq(rc, rcOk, "package_open: %s", err ? err : "(no message)");
	/* manifest, the kernel, its initramfs in three chunks, Other. */
	cr_assert_eq(pkg.nimages, 4);
	cr_assert_eq(pkg.njobs, 6);

	node = fdt_path_offset(fit, "/images/demo.Hello-initrd");
	cr_assert_geq(node, 0, "no /images/demo.Hello-initrd");
	data = fdt_getprop_w(fit, node, "data", &len);
	cr_assert(data && (size_t)len == sizeof(initrd));
	data[2 * 1024 * 1024 + 5] ^= 0x20;
	rc = package_open(&pkg, fit, fit_size, &err);
	cr_assert_eq(rc, rcInvalidArgument);
	cr_assert(strstr(err, "image 'demo.Hello-initrd': sha256 mismatch in chunk 2"), "%s", err);
	free(fit);
}

Test(solution_tool, monitor_priority_defaults_to_the_highest)
{
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Monitor\n"
				"    partition: { role: monitor }\n"
				"  - name: demo.Small\n");
	write_elf("images/Monitor");
	write_elf("images/Small");
	build_ok(4);
	cr_assert_eq(part("demo.Monitor")->priority, 31);
	cr_assert_eq(part("demo.Monitor")->role, ROLE_MONITOR);
	cr_assert_eq(part("demo.Small")->priority, 10);
}

Test(solution_tool, two_monitors_refused)
{
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Monitor\n"
				"    partition: { role: monitor }\n"
				"  - name: demo.Other\n"
				"    partition: { role: monitor }\n");
	write_elf("images/Monitor");
	write_elf("images/Other");
	build_fails("tasks 'demo.Monitor' and 'demo.Other' both have role monitor");
}

Test(solution_tool, monitor_with_connections_refused)
{
	write_file(".config", config_4cpu);
	write_file("init.yaml", "entities:\n"
				"  - name: demo.Monitor\n"
				"    partition: { role: monitor }\n"
				"    connections:\n"
				"      - { target: demo.Small, id: c }\n"
				"  - name: demo.Small\n");
	write_elf("images/Monitor");
	write_elf("images/Small");
	build_fails("task 'demo.Monitor' is the monitor: it makes no IPC calls and may not have "
		    "connections");
}
