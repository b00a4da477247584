/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Names for the EL1 contexts of vCPUs (struct arch_vcpu.el1_ctx): HCR_EL2, VMPIDR_EL2, the
 * EL1 virtual memory registers and CPACR_EL1 (sys slots 12..21). A world
 * switch between two vCPUs with the same name skips all of these registers with one
 * comparison (vcpu_switch.S).
 */
#ifndef ARCH_EL1_CTX_H
#define ARCH_EL1_CTX_H

#include <stdint.h>

#include <arch/vcpu.h>

/*
 * The name of a's current values, for a secure partition's vCPU (whose values change only
 * through its trapped writes, after which it is named again): equal values get the same name
 * while the name is remembered, and different values never share one.
 */
uint64_t el1_ctx_name(const struct arch_vcpu *a);
/* A name no other vCPU has, for a Linux guest's vCPU (its registers change without a trap). */
uint64_t el1_ctx_unique(void);

#endif
