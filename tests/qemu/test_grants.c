// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device grants at boot: the hypervisor refuses a manifest that grants RAM, the GIC or the
 * console UART; a granted device is not mapped until the partition asks for it; a restart
 * gives back every device, interrupt and DMA buffer the partition held. A Linux guest's
 * grants are checked the same way. Each case packs a manifest of its own (einit + mkimage)
 * around the test_libkos images (the test_linux ones for a Linux guest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

static char dir[64];

/* init.yaml -> package of config's images in a scratch directory; returns its path (static). */
static const char *pack_images(const char *cfg, const char *init_yaml)
{
	static char pkg[128];
	char cmd[2048], path[128], config[512], images[512];
	const char *tool = getenv("BH_SOLUTION_TOOL");
	FILE *f;

	cr_assert(tool, "BH_SOLUTION_TOOL is not set");
	snprintf(dir, sizeof(dir), "/tmp/bulkhead-grants-XXXXXX");
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/init.yaml", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs(init_yaml, f);
	fclose(f);
	/* test_path() returns a static buffer: copy each result. */
	snprintf(config, sizeof(config), "%s", test_path(cfg, ".config"));
	snprintf(images, sizeof(images), "%s", test_path(cfg, "solution/images"));
	snprintf(cmd, sizeof(cmd),
		 "%s --config %s --init %s --images %s --solution grants --manifest %s/m.dtb "
		 "--its %s/p.its >%s/tool.log 2>&1 && "
		 "SOURCE_DATE_EPOCH=0 mkimage -f %s/p.its %s/p.itb >%s/mkimage.log 2>&1",
		 tool, config, path, images, dir, dir, dir, dir, dir, dir);
	cr_assert_eq(system(cmd), 0, "packing failed: %s", cmd);
	snprintf(pkg, sizeof(pkg), "%s/p.itb", dir);
	return pkg;
}

static const char *pack(const char *init_yaml)
{
	return pack_images("test_libkos", init_yaml);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

static void boot_refused(const char *device_yaml, const char *why)
{
	char yaml[512];
	struct boot_opts opts = {.timeout_s = 60};
	struct boot b;

	snprintf(yaml, sizeof(yaml),
		 "entities:\n  - name: Driver\n    partition:\n      cpus: [0]\n      devices:\n"
		 "        - %s\n",
		 device_yaml);
	opts.initrd = pack(yaml);
	boot(&b, "test_libkos", &opts);
	expect_line(&b, "hyp: PANIC: manifest refused: partition 'Driver': ");
	expect_line(&b, why);
	expect_no_line(&b, "[Driver]");
	expect_powered_off(&b);
	boot_free(&b);
	cleanup();
}

Test(qemu_grants, console_uart_refused)
{
	boot_refused("{ name: uart, reg: [0x09000000, 0x1000] }",
		     "device 'uart' (0x9000000+0x1000) overlaps the console UART");
}

Test(qemu_grants, ram_refused)
{
	boot_refused("{ name: mem, reg: [0x44000000, 0x1000] }",
		     "device 'mem' (0x44000000+0x1000) overlaps RAM");
}

Test(qemu_grants, gic_refused)
{
	boot_refused("{ name: gic, reg: [0x08000000, 0x10000] }",
		     "device 'gic' (0x8000000+0x10000) overlaps the GIC distributor");
}

Test(qemu_grants, dma_window_refused)
{
	boot_refused("{ name: far, reg: [0x2000000000, 0x1000] }",
		     "lies above 0x2000000000, where partitions see DMA buffers");
}

Test(qemu_grants, console_uart_interrupt_refused)
{
	boot_refused("{ name: uart, interrupts: [33] }",
		     "device 'uart': interrupt 33 is the console UART's");
}

/* A Linux guest's grants: one device, one owner, whoever the guest is. */
static void linux_boot_refused(const char *device_yaml, const char *why)
{
	char yaml[512];
	struct boot_opts opts = {.timeout_s = 120};
	struct boot b;

	snprintf(yaml, sizeof(yaml),
		 "entities:\n  - name: Linux\n    task: linux\n    path: linux\n"
		 "    partition:\n      role: linux\n      memory: 64M\n      cpus: [1]\n"
		 "      max-threads: 1\n      initrd: linux.cpio\n      devices:\n        - %s\n",
		 device_yaml);
	opts.initrd = pack_images("test_linux", yaml);
	boot(&b, "test_linux", &opts);
	expect_line(&b, "hyp: PANIC: manifest refused: partition 'linux': ");
	expect_line(&b, why);
	expect_no_line(&b, "[linux]");
	expect_powered_off(&b);
	boot_free(&b);
	cleanup();
}

Test(qemu_grants, linux_guest_console_uart_refused)
{
	linux_boot_refused("{ name: uart, reg: [0x09000000, 0x1000] }",
			   "device 'uart' (0x9000000+0x1000) overlaps the console UART");
}

Test(qemu_grants, linux_guest_gic_refused)
{
	linux_boot_refused("{ name: gicr, reg: [0x080a0000, 0x20000] }",
			   "device 'gicr' (0x80a0000+0x20000) overlaps the GIC redistributors");
}

Test(qemu_grants, granted_device_unmapped_until_asked)
{
	struct boot_opts opts = {.timeout_s = 60};
	struct boot b;

	opts.initrd = pack("entities:\n"
			   "  - name: Peek\n"
			   "    partition:\n"
			   "      devices: [{ name: gpio, reg: [0x09030000, 0x1000] }]\n");
	boot(&b, "test_libkos", &opts);
	expect_line(&b, "[Peek] reading the GPIO without mapping it");
	expect_line(&b, "partition 'Peek' stopped: stage-2 data abort reading IPA 0x9030000");
	expect_no_line(&b, "the device was mapped without asking");
	expect_powered_off(&b);
	boot_free(&b);
	cleanup();
}

Test(qemu_grants, restart_releases_devices)
{
	struct boot_opts opts = {.timeout_s = 60};
	struct boot b;

	opts.initrd =
	    pack("entities:\n"
		 "  - name: Peek\n"
		 "    args: [Peek, restart]\n"
		 "    partition:\n"
		 "      on-fault: restart\n"
		 "      devices: [{ name: gpio, reg: [0x09030000, 0x1000], interrupts: [39] }]\n");
	boot(&b, "test_libkos", &opts);
	expect_line(&b, "[Peek] first run: took everything (0)");
	expect_line(&b, "partition 'Peek' faulted: stage-2 data abort writing IPA 0x9040000");
	expect_line(&b, "[Peek] PASS restart released everything (0, DMA 0)");
	expect_line(&b, "partition 'Peek' exited with code 0");
	expect_powered_off(&b);
	boot_free(&b);
	cleanup();
}
