// SPDX-License-Identifier: GPL-2.0-only
/*
 * PSCI 1.1 and SMCCC 1.1 discovery for Linux guests, over HVC (the guest device tree says
 * method = "hvc"). Function numbers and return values are those of Arm's PSCI (DEN0022) and
 * SMCCC (DEN0028) specifications. The power operations themselves are the core's
 * (core/linux_guest.c): a vCPU powered on or off, the Linux partition stopped or restarted.
 * Anything else, Bulkhead's own hypercalls included, is NOT_SUPPORTED for a guest.
 */
#include <hyp/guest.h>
#include <hyp/partition.h>

#include <arch/guest.h>
#include <uapi/bulkhead/retcode.h>

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_64BIT 0x40000000u /* the SMC64 form of CPU_ON, AFFINITY_INFO, ... */

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_INVALID_ADDRESS (-9)
#define PSCI_MIGRATE_NOT_REQUIRED 2 /* no trusted OS to migrate */

static int64_t psci_ret(int rc)
{
	if (rc == rcOk)
		return PSCI_RET_SUCCESS;
	if (rc == rcAlreadyExists)
		return PSCI_RET_ALREADY_ON;
	if (rc == rcSourceFault)
		return PSCI_RET_INVALID_ADDRESS;
	return PSCI_RET_INVALID_PARAMS;
}

static bool supported(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_64BIT:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_64BIT:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

void guest_trap_hvc(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	uint32_t fn = (uint32_t)x[0];
	int64_t ret;

	switch (fn) {
	case SMCCC_VERSION:
		ret = 0x10001; /* 1.1 */
		break;
	case SMCCC_ARCH_FEATURES:
		/* No firmware workarounds (ARCH_WORKAROUND_1/2/3) are offered. */
		ret = (uint32_t)x[1] == SMCCC_VERSION ? 0 : PSCI_RET_NOT_SUPPORTED;
		break;
	case PSCI_VERSION:
		ret = 0x10001; /* 1.1 */
		break;
	case PSCI_FEATURES:
		ret = supported((uint32_t)x[1]) ? 0 : PSCI_RET_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_64BIT:
		if (fn == PSCI_CPU_ON) { /* the SMC32 form takes 32-bit arguments */
			x[1] &= 0xffffffffu;
			x[2] &= 0xffffffffu;
			x[3] &= 0xffffffffu;
		}
		ret = psci_ret(guest_cpu_on(v, x[1], x[2], x[3]));
		break;
	case PSCI_CPU_OFF:
		guest_cpu_off(v);
		return; /* never returns to the caller */
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_64BIT: {
		int state = guest_affinity_info(v->part, x[1], x[2]);

		ret = state < 0 ? PSCI_RET_INVALID_PARAMS : state;
		break;
	}
	case PSCI_MIGRATE_INFO_TYPE:
		ret = PSCI_MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_SYSTEM_OFF:
		guest_system_off(v);
		return;
	case PSCI_SYSTEM_RESET:
		guest_system_reset(v);
		return;
	default:
		ret = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	x[0] = (uint64_t)ret;
}
