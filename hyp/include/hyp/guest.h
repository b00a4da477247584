/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A partition with the `linux` role: an unmodified arm64 Linux kernel at EL1 on an emulated
 * platform. What the guest sees (intermediate physical addresses; docs/linux-guest.md):
 *
 *   GUEST_GICD_BASE   64 KiB   GICv3 distributor (emulated)
 *   GUEST_GICR_BASE   128 KiB per vCPU, GICv3 redistributors (emulated)
 *   GUEST_UART_BASE   4 KiB    PL011 (emulated), interrupt GUEST_UART_INTID
 *   RAM               one region at IPA == its PA, 2 MiB aligned, 2 MiB stage-2 blocks
 *
 * Its RAM is mapped at the IPA equal to its physical address, so a physical address that a
 * program in Linux names through /dev/mem is the machine's: anything outside the guest's own
 * RAM and its emulated devices is not mapped and gets an external abort.
 */
#ifndef HYP_GUEST_H
#define HYP_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/addr.h>
#include <hyp/arch.h>
#include <hyp/spinlock.h>
#include <uapi/bulkhead/manifest.h>

#define GUEST_GICD_BASE 0x08000000ull
#define GUEST_GICD_SIZE 0x10000ull
#define GUEST_GICR_BASE 0x080a0000ull
#define GUEST_GICR_STRIDE 0x20000ull
#define GUEST_UART_BASE 0x09000000ull
#define GUEST_UART_SIZE 0x1000ull
#define GUEST_UART_INTID BH_LINUX_UART_INTID /* SPI 1, as on QEMU virt */
#define GUEST_VTIMER_INTID 27u	 /* PPI 11 */
#define GUEST_PTIMER_INTID 30u	 /* PPI 14: described, not implemented (traps) */
#define GUEST_MAX_VCPUS 8u

/* Phandles in the guest's device tree: its GIC, and the first of the copied clock nodes. */
#define GUEST_DTB_PHANDLE_GIC 1u
#define GUEST_DTB_PHANDLE_COPIES 16u

/* Where the kernel, the initramfs and the DTB go inside the guest's RAM. */
#define GUEST_DTB_MAX (2ull << 20)

struct vcpu;
struct partition;
struct package;
struct platform;

/* Per-partition state of a Linux guest; part of struct partition when role is linux. */
struct guest {
	/*
	 * Protects the emulated devices and every vCPU's interrupt state, so that what Linux
	 * does all the time (GIC and UART accesses, SGIs, timer ticks) never waits for the CPUs
	 * of secure partitions, nor they for it. Lock order: a guest's lock, then sched_lock.
	 */
	spinlock_t lock;
	struct arch_guest_devices arch; /* emulated GIC distributor and PL011 */
	const void *kernel;
	uint64_t kernel_size;
	const void *initrd;
	uint64_t initrd_size;
	const char *bootargs;
	const void *host_dtb; /* the machine's device tree: granted devices' nodes come from it */
	uint32_t nr_vcpus;
	uint32_t aborts_logged;
	bool console_live; /* someone typed: output is shown as it comes, not by lines */
	bool reload_pending; /* restarted: images to load before vCPU 0 enters (guest_reload) */
};

/* Find the kernel and initramfs in the package and check the Image header. Boot CPU; panics
 * with a message naming the problem. */
void guest_create(struct partition *p, const struct package *pkg);
/* (Re)load kernel, initramfs and a freshly generated DTB into RAM; vCPU 0 at the kernel entry.
 * Returns rcOk or an error with *err set. Caller holds sched_lock or is the boot CPU. */
int guest_load(struct partition *p, const char **err);

/* Boot, before partitions are created: the platform whose device tree guests copy from. */
void guest_devices_setup(const struct platform *plat);
/* Boot, before the guest is loaded: map its granted MMIO into its stage 2 (IPA = PA, device
 * memory) and pass its granted SPIs through to it. Panics naming the device on failure. */
void guest_devices_init(struct partition *p);

/* The deferred part of a restart, on vCPU 0's CPU before it enters the guest. No lock held. */
void guest_reload(struct vcpu *v);

/*
 * The guest device tree, written with libfdt into buf (size bytes): memory, cpus with
 * enable-method = "psci", psci, the GICv3, the timer, the PL011, chosen (bootargs, initrd),
 * and for each granted MMIO range the node of host_dtb that describes it (guest_dtb.c).
 */
int guest_dtb_build(void *buf, uint32_t size, const struct partition *p, uint64_t initrd_start,
		    uint64_t initrd_end, const char **err);

/* Inside the sequential write of the guest's root node: the nodes of its granted devices,
 * copied from p->guest.host_dtb (guest_dtb_devices.c). Returns 0 or a libfdt error. */
int guest_dtb_devices(void *fdt, const struct partition *p);

/* The physical CPU that vCPU i of a guest is pinned to: the i-th CPU of its set. */
uint32_t guest_vcpu_home(const struct partition *p, uint32_t i);

/*
 * Power management of a guest, called by the PSCI emulation (arch). Results: rcOk,
 * rcInvalidArgument (no such vCPU), rcAlreadyExists (it is on), rcSourceFault (entry point
 * outside the guest's RAM). guest_affinity_info returns 0 (on), 1 (off) or -1 (no such vCPU).
 */
int guest_cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry, uint64_t context);
void guest_cpu_off(struct vcpu *v);
int guest_affinity_info(struct partition *p, uint64_t mpidr, uint64_t level);
void guest_system_off(struct vcpu *v);	 /* stops only this partition */
void guest_system_reset(struct vcpu *v); /* restarts only this partition */

#endif
