/* SPDX-License-Identifier: GPL-2.0-only */
/* A secure partition's writes of the EL1 virtual memory registers (vm_regs_trap.c). */
#ifndef ARCH_VM_REGS_H
#define ARCH_VM_REGS_H

#include <stdint.h>

struct vcpu;

/*
 * A system register access of a secure partition's vCPU trapped (esr: its syndrome). A write
 * that HCR_EL2.TVM trapped is performed for v, its value kept in v, and v resumes after it;
 * so is an access el1_cfg_access emulates (arch/el1_cfg.h); anything else stops v's
 * partition, as every unexpected trap does.
 */
void vm_reg_trap(struct vcpu *v, uint64_t esr);

#endif
