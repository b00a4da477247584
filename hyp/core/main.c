// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot: discover the platform, take the memory, bring up the other CPUs, verify the boot
 * package on all of them, parse the manifest, create the partitions, and start scheduling.
 */
#include <string.h>

#include <hyp/arch.h>
#include <hyp/boot_parallel.h>
#include <hyp/console.h>
#include <hyp/cpu.h>
#include <hyp/guest.h>
#include <hyp/io.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <hyp/platform.h>
#include <hyp/sched.h>
#include <hyp/sha256.h>
#include <hyp/time.h>
#include <uapi/bulkhead/manifest.h>

#define MAX_RAM_PAGES ((uint64_t)CONFIG_RAM_MB * 256u)

uint64_t hyp_boot_time_ns;
uint8_t hyp_stacks[CONFIG_NR_CPUS][CONFIG_HYP_STACK_KB * 1024] __attribute__((aligned(16)));

static struct platform plat;
static struct manifest manifest;
static struct package package;
static uint64_t page_bitmap[(MAX_RAM_PAGES + 63) / 64];

extern char _image_start[], _image_end[];
uint64_t cpu_stack_top(uint64_t cpu);

static void memory_init(const void *dtb)
{
	uint64_t ram = pa_addr(plat.ram_base);
	uint64_t pages = plat.ram_size / PAGE_SIZE;

	if (pages > MAX_RAM_PAGES) {
		log_warn("using %lu MiB of %lu MiB RAM (CONFIG_RAM_MB)", MAX_RAM_PAGES / 256,
			 plat.ram_size >> 20);
		pages = MAX_RAM_PAGES;
	}
	page_alloc_init(plat.ram_base, pages, page_bitmap);
	/* Below the image: QEMU's DTB and the loader's own data. Then the image itself. */
	page_alloc_reserve(plat.ram_base, (uint64_t)_image_end - ram);
	page_alloc_reserve(pa_init((uint64_t)dtb), plat.dtb_size);
	if (plat.initrd_end > plat.initrd_start)
		page_alloc_reserve(pa_init(plat.initrd_start), plat.initrd_end - plat.initrd_start);
}

static void package_init(void)
{
	const void *blob;
	uint64_t size, start;
	const char *err = NULL;

	if (plat.initrd_end <= plat.initrd_start)
		panic("no boot package: start QEMU with -initrd <package.itb>");
	if (!sha256_self_test())
		panic("sha256 self-test failed: this CPU's SHA-256 instructions disagree with "
		      "FIPS 180-4; the boot package cannot be checked");
	start = arch_time_now_ns();
	if (package_open(&package, (const void *)plat.initrd_start,
			 plat.initrd_end - plat.initrd_start, &err))
		panic("boot package refused: %s", err);
	/* make bench reads this line (scripts/bench_linux.py). */
	log_info("boot package: %u images, %lu KiB in %u sha256 chunks checked in %lu us",
		 package.nimages, package.image_bytes >> 10, package.njobs,
		 (arch_time_now_ns() - start) / 1000);
	if (package_image(&package, BH_PACKAGE_MANIFEST_IMAGE, &blob, &size, &err))
		panic("boot package refused: %s", err);
	if (manifest_parse(blob, size, plat.ncpus, &manifest, &err))
		panic("manifest refused: %s", err);
	io_grants_check(&manifest, &plat);
}

static void secondaries_start(void)
{
	/* plat.ncpus never exceeds CONFIG_NR_CPUS; the bound also tells the compiler so. */
	for (uint32_t cpu = 1; cpu < plat.ncpus && cpu < CONFIG_NR_CPUS; cpu++) {
		uint64_t deadline;

		if (!arch_cpu_start(cpu, plat.mpidr[cpu]))
			continue;
		deadline = arch_time_now_ns() + 1000000000ull;
		while (!__atomic_load_n(&pcpus[cpu].online, __ATOMIC_ACQUIRE) &&
		       arch_time_now_ns() < deadline)
			;
		if (!pcpus[cpu].online)
			log_warn("CPU %u did not come online", cpu);
	}
}

static void cpu_setup(uint32_t cpu)
{
	pcpus[cpu].id = cpu;
	pcpus[cpu].mpidr = plat.mpidr[cpu];
	pcpus[cpu].stack_top = cpu_stack_top(cpu);
	arch_cpu_init(cpu);
	arch_irq_init(&plat, cpu);
}

void hyp_secondary_main(uint32_t cpu)
{
	cpu_setup(cpu);
	/* Online, then help verify the boot package, then wait for the partitions to exist. */
	boot_parallel_serve(&pcpus[cpu].online);
	sched_start();
}

void hyp_main(const void *dtb)
{
	const char *err = NULL;
	uint32_t online = 0;

	arch_timer_init();
	hyp_boot_time_ns = arch_time_now_ns();
	if (platform_discover(dtb, &plat, &err))
		panic("cannot boot: %s", err);
	uart_init(plat.uart_base);
	time_init(&plat);
	for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		sched_init_cpu(cpu);
	cpu_setup(0);
	pcpus[0].online = true;
	log_info("Bulkhead hypervisor (%s), %u CPU%s, %lu MiB RAM at 0x%lx, image %lu KiB",
		 CONFIG_PLATFORM, plat.ncpus, plat.ncpus == 1 ? "" : "s", plat.ram_size >> 20,
		 pa_addr(plat.ram_base), (uint64_t)(_image_end - _image_start) >> 10);
	if (plat.ncpus_in_dt > plat.ncpus)
		log_warn("using %u of %u CPUs (CONFIG_NR_CPUS)", plat.ncpus, plat.ncpus_in_dt);

	memory_init(dtb);
	/* The secondary CPUs first, so that they share the hashing of the package. */
	secondaries_start();
	package_init();
	for (uint32_t cpu = 0; cpu < plat.ncpus; cpu++)
		online += pcpus[cpu].online;
	nr_cpus_online = online;
	log_info("solution '%s': %u partition%s on %u CPU%s", manifest.solution,
		 manifest.npartitions, manifest.npartitions == 1 ? "" : "s", online,
		 online == 1 ? "" : "s");
	ipc_init(&manifest, &package);
	guest_devices_setup(&plat);
	partitions_create(&manifest, &package);
	console_input_init();
	partitions_start();
	boot_parallel_end();
	sched_start();
}

uint32_t nr_cpus_online;
