// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lazy FP/SIMD switching. Most secure partitions use the FP/SIMD registers rarely or never
 * (libkos is integer code; the compiler uses q registers for some struct copies), so a
 * world switch does not move the 528 bytes of state. Each CPU records whose registers it
 * holds (fp_owner); any other vCPU runs with CPTR_EL2.TFP set, and its first FP/SIMD
 * instruction traps here: the owner's registers are saved into the owner, the new vCPU's
 * are loaded, and the instruction runs again. A vCPU therefore never sees another's values:
 * it either owns the registers (loaded from its own state) or traps before it can read them.
 */
#include <hyp/cpu.h>
#include <hyp/partition.h>

#include <arch/fpsimd.h>
#include <arch/sysreg.h>
#include <arch/vcpu.h>

void fpsimd_trap(struct vcpu *v)
{
	struct pcpu *c = this_cpu();
	struct vcpu *owner = c->fp_owner;

	/* The hypervisor's own FP/SIMD accesses (the save and load below) must not trap. */
	fpsimd_set_trap(c, false);
	if (owner != v) {
		if (owner)
			fpsimd_save(&owner->arch.fp);
		fpsimd_load(&v->arch.fp);
		c->fp_owner = v;
	}
}

void fpsimd_forget(const struct vcpu *v)
{
	/* Its registers on any CPU are meaningless now: nobody may find them there. */
	for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (pcpus[cpu].fp_owner == v)
			pcpus[cpu].fp_owner = NULL;
}

void fpsimd_hyp_begin(void)
{
	struct pcpu *c = this_cpu();

	if (c->fp_trapped) {
		write_sysreg(cptr_el2, CPTR_EL2_BASE);
		isb();
	}
}

void fpsimd_hyp_end(void)
{
	struct pcpu *c = this_cpu();

	if (c->fp_trapped) {
		write_sysreg(cptr_el2, CPTR_EL2_BASE | CPTR_EL2_TFP);
		isb();
	}
}
