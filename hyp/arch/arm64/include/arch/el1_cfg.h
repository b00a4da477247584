/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL1 registers that a world switch leaves alone because every access of them traps
 * (el1_cfg_trap.c): CPACR_EL1, CSSELR_EL1 with the cache ID registers, MDSCR_EL1.
 */
#ifndef ARCH_EL1_CFG_H
#define ARCH_EL1_CFG_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/*
 * A secure partition's trapped access (esr: its syndrome) of CPACR_EL1 (CPTR_EL2.TCPAC),
 * CSSELR_EL1, CCSIDR_EL1, CCSIDR2_EL1, CLIDR_EL1, CTR_EL0 (HCR_EL2.TID2) or MDSCR_EL1
 * (MDCR_EL2.TDA): performed on v's own copy, and v resumes after the instruction. False
 * when it is none of these, or a write of a read-only one: the caller stops the partition.
 */
bool el1_cfg_access(struct vcpu *v, uint64_t esr);
/* The same for a Linux guest's vCPU, whose accesses of CPACR_EL1 alone come here. */
bool el1_cfg_guest_access(struct vcpu *v, uint64_t esr);

#endif
