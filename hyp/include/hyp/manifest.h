/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot manifest as the hypervisor uses it, parsed from the device tree described in
 * uapi/bulkhead/manifest.h. Parsing validates everything: a manifest that names an unknown
 * role, asks for zero memory, a CPU that does not exist, a priority above 31, or repeats a
 * partition name is refused with a message naming the partition and the property. Device
 * grants must be page aligned, name SPIs, and not overlap another grant (of any partition);
 * a Linux guest's SPIs must be its emulated GIC's, not its UART's. That grants stay clear of
 * RAM and the hypervisor's own devices is checked at boot against the platform
 * (io_grants_check).
 */
#ifndef HYP_MANIFEST_H
#define HYP_MANIFEST_H

#include <stdint.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/manifest.h>

#ifndef CONFIG_MAX_PARTITIONS
#define CONFIG_MAX_PARTITIONS 16
#endif

enum partition_role { ROLE_COMPONENT, ROLE_MONITOR, ROLE_LINUX };
enum fault_action { FAULT_STOP, FAULT_RESTART };

/* An MMIO range and interrupts granted to a partition (either may be empty, not both). */
struct manifest_device {
	char name[BH_NAME_MAX];
	uint64_t pa, size;	/* size 0: no MMIO */
	uint32_t nirqs;
	uint32_t irqs[BH_MANIFEST_MAX_DEVICE_IRQS];
};

/* A channel this partition calls (init.yaml connections), resolved to its server. */
struct manifest_conn {
	char id[BH_NAME_MAX];
	char server[BH_NAME_MAX];
	uint32_t server_index; /* into manifest.part */
};

struct manifest_partition {
	char name[BH_NAME_MAX];
	char class_name[BH_CLASS_MAX];
	char image[BH_NAME_MAX];
	enum partition_role role;
	enum fault_action on_fault;
	uint64_t mem_size;	/* bytes, multiple of 4 KiB, at least 64 KiB */
	uint32_t cpu_mask;	/* bit n = physical CPU n */
	uint32_t priority;	/* 0..31 */
	uint32_t max_threads;	/* 1..CONFIG_MAX_VCPUS_PER_PARTITION */
	const char *args;	/* NUL-separated strings inside the manifest blob, or NULL */
	uint32_t args_size;
	const char *env;
	uint32_t env_size;
	/* role linux: the kernel is `image`, the initramfs this one ("" = none) */
	char initrd[BH_NAME_MAX];
	const char *bootargs;	/* kernel command line inside the manifest blob, or NULL */
	uint32_t ndevices;
	struct manifest_device dev[BH_MANIFEST_MAX_DEVICES];
	char schema[BH_NAME_MAX]; /* FIT image of the class's message schema, "" = none */
	uint32_t nconns;
	struct manifest_conn conn[BH_MANIFEST_MAX_CONNECTIONS];
};

struct manifest {
	char solution[BH_NAME_MAX];
	char policy[BH_NAME_MAX]; /* FIT image of the PSL policy, "" = none */
	uint32_t npartitions;
	struct manifest_partition part[CONFIG_MAX_PARTITIONS];
};

/*
 * Parse `dtb` (which must stay in memory: args/env point into it). `ncpus` is how many
 * physical CPUs exist (cpus beyond it are an error). Returns rcOk or rcInvalidArgument with
 * *err naming the problem, e.g. "partition 'hello': priority 40 is above 31".
 */
int manifest_parse(const void *dtb, uint64_t size, uint32_t ncpus, struct manifest *m,
		   const char **err);

#endif
