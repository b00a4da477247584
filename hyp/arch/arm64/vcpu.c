// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU EL1 state: its initial values, and the rare cases of a world switch. The switch itself
 * is arch_vcpu_save and arch_vcpu_load in vcpu_switch.S: QEMU flushes its whole TLB on every
 * TCR_EL1 write, on a change of SCTLR_EL1 or of the ASID in a TTBR, and on a VMID change (see
 * docs/architecture.md), so those are written only when they differ from the previous vCPU's.
 * Those and the other registers a secure partition can change only through a trap
 * (HCR_EL2.TVM, CPTR_EL2.TCPAC) are skipped together, with one comparison, when both vCPUs'
 * el1_ctx names the same values (el1_ctx.c): the threads of one partition, and partitions set
 * up alike. CSSELR_EL1 and MDSCR_EL1 are never switched for a secure vCPU: every access of
 * them traps (el1_cfg_trap.c). The FP/SIMD registers are switched lazily, on first use
 * (fpsimd.c).
 */
#include <string.h>

#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/partition.h>

#include <arch/el1_ctx.h>
#include <arch/fpsimd.h>
#include <arch/guest.h>
#include <arch/sysreg.h>

/* SCTLR_EL1 at reset: RES1 bits only, MMU and caches off. */
#define SCTLR_EL1_RESET 0x30d00800ull
#define CPACR_EL1_FPEN (3ull << 20)

void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t sp, uint64_t arg)
{
	/* A re-initialised vCPU's old state on any CPU is meaningless now (a thread slot that is
	 * used again may have another home CPU than the thread that had it before). */
	for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (pcpus[cpu].loaded == v)
			pcpus[cpu].loaded = NULL;
	fpsimd_forget(v);
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.regs.x[0] = arg;
	v->arch.regs.elr = entry;
	v->arch.regs.spsr = SPSR_EL1H_MASKED;
	v->arch.sys.sp_el1 = sp;
	v->arch.sys.sctlr_el1 = SCTLR_EL1_RESET;
	v->arch.sys.cpacr_el1 = CPACR_EL1_FPEN;
	v->arch.vttbr = ((uint64_t)v->part->s2.vmid << 48) | pa_addr(v->part->s2.root);
	v->arch.hcr = HCR_PARTITION;
	v->arch.vmpidr = pcpus[v->cpu].mpidr | (1ull << 31);
	v->arch.el1_ctx = el1_ctx_name(&v->arch);
}

void arch_guest_vcpu_init(struct vcpu *v, uint32_t index, uint64_t entry, uint64_t x0)
{
	arch_vcpu_init(v, entry, 0, x0);
	v->arch.is_guest = true;
	v->arch.hcr = HCR_GUEST;
	/* vCPU i is affinity 0.0.0.i: the cpus/cpu@i node of the guest device tree. */
	v->arch.vmpidr = (1ull << 31) | index;
	v->arch.sys.cpacr_el1 = 0; /* the architectural reset value: Linux enables FP itself */
	v->arch.el1_ctx = el1_ctx_unique();
	vgic_cpu_reset(&v->arch.g.vgic);
}

void arch_vcpu_inherit(struct vcpu *v, const struct vcpu *parent)
{
	const struct arch_sysregs *ps = &parent->arch.sys;
	struct arch_sysregs *s = &v->arch.sys;

	s->sctlr_el1 = ps->sctlr_el1;
	s->ttbr0_el1 = ps->ttbr0_el1;
	s->ttbr1_el1 = ps->ttbr1_el1;
	s->tcr_el1 = ps->tcr_el1;
	s->mair_el1 = ps->mair_el1;
	s->amair_el1 = ps->amair_el1;
	s->vbar_el1 = ps->vbar_el1;
	s->contextidr_el1 = ps->contextidr_el1;
	s->cpacr_el1 = ps->cpacr_el1;
	s->cntkctl_el1 = ps->cntkctl_el1;
	s->tpidr_el1 = ps->tpidr_el1;
	v->arch.el1_ctx = v->arch.is_guest ? el1_ctx_unique() : el1_ctx_name(&v->arch);
}

/* arch_vcpu_save is in vcpu_switch.S. */

void vtimer_save_secure(struct vcpu *v)
{
	v->arch.vtimer.ctl = read_sysreg(cntv_ctl_el0); /* ISTATUS too: read-only */
	v->arch.vtimer.cval = read_sysreg(cntv_cval_el0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	v->arch.vtimer_saved = true;
}

void vcpu_load_rare(struct vcpu *v)
{
	if (v->arch.is_guest) {
		/* a secure vCPU's CSSELR_EL1 is never on the CPU (TID2): a guest's only */
		write_sysreg(csselr_el1, v->arch.sys.csselr_el1);
		guest_load_keys(v);
		guest_resume(v);
	} else {
		write_sysreg(cntv_cval_el0, v->arch.vtimer.cval);
		write_sysreg(cntv_ctl_el0, v->arch.vtimer.ctl);
		v->arch.vtimer_saved = false; /* the CPU holds it again */
	}
	isb();
}

/* arch_vcpu_load is in vcpu_switch.S; it hands this case here. */
void vcpu_load_all(struct vcpu *v)
{
	struct pcpu *c = this_cpu();
	const struct arch_sysregs *s = &v->arch.sys;

	/* From here on, while a vCPU is loaded, its FP/SIMD trap is off exactly when it owns the
	 * registers: arch_vcpu_load relies on it. */
	fpsimd_set_trap(c, c->fp_owner != v);
	vgic_disable_hw(); /* drop its interrupt state */
	/* and its virtual timer, which no save cleared */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	write_sysreg(hcr_el2, v->arch.hcr);
	write_sysreg(vmpidr_el2, v->arch.vmpidr);
	write_sysreg(vttbr_el2, v->arch.vttbr);
	write_sysreg(sctlr_el1, s->sctlr_el1);
	write_sysreg(ttbr1_el1, s->ttbr1_el1);
	write_sysreg(tcr_el1, s->tcr_el1);
	el1_vm_regs_load(&v->arch);
	el1_regs_load(&v->arch);
	if (v->arch.is_guest || v->arch.vtimer_saved)
		vcpu_load_rare(v);
}

/* What vcpu_switch.S reads of struct pcpu. */
_Static_assert(__builtin_offsetof(struct pcpu, cur_regs) == PCPU_CUR_REGS, "vectors.S");
_Static_assert(__builtin_offsetof(struct pcpu, stack_top) == PCPU_STACK_TOP, "vectors.S");
_Static_assert(__builtin_offsetof(struct pcpu, loaded) == PCPU_LOADED, "vcpu_switch.S");
_Static_assert(__builtin_offsetof(struct pcpu, fp_owner) == PCPU_FP_OWNER, "vcpu_switch.S");
_Static_assert(__builtin_offsetof(struct pcpu, fp_trapped) == PCPU_FP_TRAPPED, "vcpu_switch.S");
_Static_assert(sizeof(((struct pcpu *)0)->fp_trapped) == 1, "vcpu_switch.S reads a byte");
