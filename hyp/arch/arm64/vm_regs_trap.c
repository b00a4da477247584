// SPDX-License-Identifier: GPL-2.0-only
/*
 * HCR_EL2.TVM for secure partitions: their writes of SCTLR, TTBR0, TTBR1, TCR, ESR, FAR,
 * AFSR0, AFSR1, MAIR, AMAIR and CONTEXTIDR (the EL1 virtual memory registers) trap here. The
 * write is performed as the partition asked and the register read back into its vCPU, so the
 * vCPU always holds what the CPU holds and a world switch need not read these registers
 * (vcpu_switch.S); the vCPU's el1_ctx is named again for its new values (el1_ctx.c). libkos
 * writes four of them once, when a partition starts; reads do not trap. ESR and FAR are also
 * written by the hardware when an exception is taken to EL1, so a switch still saves those
 * two. A Linux guest runs without TVM (it writes TTBR0 on every
 * context switch). The other system register accesses that trap by design go on to
 * el1_cfg_trap.c (CPACR, CSSELR and the cache ID registers, MDSCR).
 */
#include <hyp/hypercall.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

#include <arch/el1_cfg.h>
#include <arch/el1_ctx.h>
#include <arch/sysreg.h>
#include <arch/vm_regs.h>

#define VM_REG(op1, crn, crm, op2, reg)                                                        \
	case SYSREG(3, op1, crn, crm, op2):                                                    \
		write_sysreg(reg, val);                                                        \
		s->reg = read_sysreg(reg);                                                     \
		break

static bool vm_reg_write(struct vcpu *v, uint64_t esr)
{
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	uint32_t rt = ISS_RT(iss);
	uint64_t val = rt == 31 ? 0 : v->arch.regs.x[rt]; /* register 31 is XZR here */
	struct arch_sysregs *s = &v->arch.sys;

	if (iss & ISS_READ)
		return false;
	switch (iss & SYSREG_MASK) {
	VM_REG(0, 1, 0, 0, sctlr_el1);
	VM_REG(0, 2, 0, 0, ttbr0_el1);
	VM_REG(0, 2, 0, 1, ttbr1_el1);
	VM_REG(0, 2, 0, 2, tcr_el1);
	VM_REG(0, 5, 1, 0, afsr0_el1);
	VM_REG(0, 5, 1, 1, afsr1_el1);
	VM_REG(0, 5, 2, 0, esr_el1);
	VM_REG(0, 6, 0, 0, far_el1);
	VM_REG(0, 10, 2, 0, mair_el1);
	VM_REG(0, 10, 3, 0, amair_el1);
	VM_REG(0, 13, 0, 1, contextidr_el1);
	default:
		return false;
	}
	v->arch.el1_ctx = el1_ctx_name(&v->arch); /* its values may have changed */
	v->arch.regs.elr += 4;
	return true;
}

void vm_reg_trap(struct vcpu *v, uint64_t esr)
{
	if (vm_reg_write(v, esr) || el1_cfg_access(v, esr))
		return;
	spin_lock(&sched_lock);
	partition_fault(v->part, "%s trapped to EL2 (ESR 0x%lx, PC 0x%lx)",
			arch_exception_name(esr), esr, v->arch.regs.elr);
	spin_unlock(&sched_lock);
}
