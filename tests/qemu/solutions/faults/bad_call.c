// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throws malformed hypercalls at the hypervisor and prints what came back; each must be an
 * error code, not a crash. Finally an SMC, which partitions may not issue: that stops it.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>
#include <uapi/bulkhead/layout.h>

extern const struct bh_boot_info *__kos_boot_info;

static int failures;

static void expect(const char *what, Retcode got, Retcode want)
{
	printf("%s: rc 0x%08x %s\n", what, (unsigned)got, got == want ? "ok" : "UNEXPECTED");
	failures += got != want;
}

int main(void)
{
	uint64_t ram_end = __kos_boot_info->ram_base + __kos_boot_info->ram_size;
	Tid self = KosThreadCurrentId();

	expect("unknown function 0xc600ffff", bh_hvc0(BH_HVC(0xffff)).rc, rcUnimplemented);
	expect("PSCI_VERSION (not ours)", bh_hvc0(0x84000000u).rc, rcUnimplemented);
	expect("console write from IPA 0", bh_hvc2(BH_HC_CONSOLE_WRITE, 0, 16).rc,
	       rcInvalidArgument);
	expect("console write past RAM end", bh_hvc2(BH_HC_CONSOLE_WRITE, ram_end - 8, 64).rc,
	       rcInvalidArgument);
	expect("console write, length wraps", bh_hvc2(BH_HC_CONSOLE_WRITE,
		__kos_boot_info->ram_base + 64, UINT64_MAX - 32).rc, rcInvalidArgument);
	expect("console write to hypervisor PA", bh_hvc2(BH_HC_CONSOLE_WRITE, 0x40200000ull +
		__kos_boot_info->ram_size, 16).rc, rcInvalidArgument);
	expect("thread entry outside RAM", bh_hvc(BH_HC_THREAD_CREATE, 0x1000, ram_end - 64, 0,
		15, 0).rc, rcInvalidArgument);
	expect("thread stack outside RAM", bh_hvc(BH_HC_THREAD_CREATE,
		__kos_boot_info->ram_base, ram_end + 4096, 0, 15, 0).rc, rcInvalidArgument);
	expect("thread priority 99", bh_hvc(BH_HC_THREAD_CREATE, __kos_boot_info->ram_base,
		ram_end - 4096, 0, 99, 0).rc, rcInvalidArgument);
	expect("thread unknown flags", bh_hvc(BH_HC_THREAD_CREATE, __kos_boot_info->ram_base,
		ram_end - 4096, 0, 15, 0x80).rc, rcInvalidArgument);
	expect("join unknown thread", bh_hvc2(BH_HC_THREAD_JOIN, 0xabcd07, 0).rc,
	       rcResourceNotFound);
	expect("join itself", bh_hvc2(BH_HC_THREAD_JOIN, self, 0).rc, rcInvalidArgument);
	expect("resume a running thread", bh_hvc1(BH_HC_THREAD_RESUME, self).rc,
	       rcInvalidThreadState);
	printf("survived every bad call, %d unexpected result(s)\n", failures);
	printf("issuing SMC\n");
	__asm__ volatile("mov x0, #0\n smc #0" ::: "x0", "memory");
	printf("FAIL: SMC returned\n");
	return 1;
}
