// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU EL1 state. Saved eagerly when a vCPU leaves its CPU and loaded when another takes it.
 * QEMU flushes its whole TLB on every TCR_EL1 write and on a VMID change (see
 * docs/architecture.md), so registers whose value does not change are not rewritten. The
 * FP/SIMD registers are switched lazily, on first use (fpsimd.c).
 */
#include <string.h>

#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/partition.h>

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
}

void arch_guest_vcpu_init(struct vcpu *v, uint32_t index, uint64_t entry, uint64_t x0)
{
	arch_vcpu_init(v, entry, 0, x0);
	v->arch.is_guest = true;
	v->arch.hcr = HCR_GUEST;
	/* vCPU i is affinity 0.0.0.i: the cpus/cpu@i node of the guest device tree. */
	v->arch.vmpidr = (1ull << 31) | index;
	v->arch.sys.cpacr_el1 = 0; /* the architectural reset value: Linux enables FP itself */
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
}

#define SAVE(r) s->r = read_sysreg(r)

void arch_vcpu_save(struct vcpu *v)
{
	struct arch_sysregs *s = &v->arch.sys;

	SAVE(sctlr_el1); SAVE(ttbr0_el1); SAVE(ttbr1_el1); SAVE(tcr_el1); SAVE(mair_el1);
	SAVE(amair_el1); SAVE(vbar_el1); SAVE(contextidr_el1); SAVE(tpidr_el0);
	SAVE(tpidrro_el0); SAVE(tpidr_el1); SAVE(sp_el1); SAVE(elr_el1); SAVE(spsr_el1);
	SAVE(esr_el1); SAVE(far_el1); SAVE(afsr0_el1); SAVE(afsr1_el1); SAVE(par_el1);
	SAVE(cpacr_el1); SAVE(cntkctl_el1); SAVE(csselr_el1); SAVE(mdscr_el1);
	if (v->arch.is_guest)
		guest_save(v);
}

/* Write only what differs: some of these writes flush the TLB under QEMU. */
#define LOAD(r)                                                                                \
	do {                                                                                   \
		if (!prev || prev->arch.sys.r != s->r)                                        \
			write_sysreg(r, s->r);                                                 \
	} while (0)

void arch_vcpu_load(struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();
	const struct vcpu *prev = cpu->loaded;
	const struct arch_sysregs *s = &v->arch.sys;

	/* Back on the CPU it left, with nobody in between: only what save took away. */
	if (prev == v) {
		fpsimd_switch_to(cpu, v);
		if (v->arch.is_guest)
			guest_resume(v);
		return;
	}
	/* The CPU's previous vCPU left without a save (it stopped): drop its interrupt state. */
	if (!prev)
		vgic_disable_hw();
	if (!prev || prev->arch.hcr != v->arch.hcr)
		write_sysreg(hcr_el2, v->arch.hcr);
	if (!prev || prev->arch.vmpidr != v->arch.vmpidr)
		write_sysreg(vmpidr_el2, v->arch.vmpidr);
	if (!prev || prev->arch.vttbr != v->arch.vttbr)
		write_sysreg(vttbr_el2, v->arch.vttbr);
	LOAD(sctlr_el1); LOAD(ttbr0_el1); LOAD(ttbr1_el1); LOAD(tcr_el1); LOAD(mair_el1);
	LOAD(amair_el1); LOAD(vbar_el1); LOAD(contextidr_el1); LOAD(cpacr_el1);
	LOAD(cntkctl_el1); LOAD(csselr_el1); LOAD(mdscr_el1);
	/* Thread-private registers always differ between vCPUs. */
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(esr_el1, s->esr_el1);
	write_sysreg(far_el1, s->far_el1);
	write_sysreg(afsr0_el1, s->afsr0_el1);
	write_sysreg(afsr1_el1, s->afsr1_el1);
	write_sysreg(par_el1, s->par_el1);
	fpsimd_switch_to(cpu, v);
	if (v->arch.is_guest) {
		guest_load_keys(v);
		guest_resume(v);
	}
	isb();
	cpu->loaded = v;
}
