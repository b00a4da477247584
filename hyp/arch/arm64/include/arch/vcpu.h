/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 vCPU context. The offsets of struct arch_regs are used by vectors.S. */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#define REGS_X(n) ((n) * 8)
#define REGS_SP_EL0 (31 * 8)
#define REGS_ELR (32 * 8)
#define REGS_SPSR (33 * 8)
#define REGS_SIZE (34 * 8)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include <arch/vgic.h>
#include <arch/vpl011.h>

/* Saved by the exception vectors on every trap from a partition. */
struct arch_regs {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr;  /* ELR_EL2: where the partition resumes */
	uint64_t spsr; /* SPSR_EL2 */
};
_Static_assert(sizeof(struct arch_regs) == REGS_SIZE, "vectors.S depends on this layout");

/* EL1 state a partition owns; switched only when another vCPU takes the CPU. */
struct arch_sysregs {
	uint64_t sctlr_el1, ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1, amair_el1, vbar_el1;
	uint64_t contextidr_el1, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el1, elr_el1, spsr_el1;
	uint64_t esr_el1, far_el1, afsr0_el1, afsr1_el1, par_el1, cpacr_el1, cntkctl_el1;
	uint64_t csselr_el1, mdscr_el1;
};

struct arch_fpsimd {
	__uint128_t q[32];
	uint64_t fpsr, fpcr;
};

/* What a vCPU of a Linux guest has beyond a secure partition's vCPU. */
struct arch_guest {
	uint64_t cntv_ctl, cntv_cval; /* the virtual timer, while off its CPU */
	uint64_t apkeys[10];	      /* pointer authentication keys (lo/hi of IA, IB, DA, DB, GA) */
	struct vgic_cpu vgic;
};

/* The emulated devices of a Linux guest (one per partition with the linux role). */
struct arch_guest_devices {
	struct vgic_dist dist;
	struct vpl011 uart;
};

struct arch_vcpu {
	struct arch_regs regs; /* first: pcpu->cur_regs points here */
	struct arch_sysregs sys;
	struct arch_fpsimd fp;
	uint64_t vttbr;
	uint64_t hcr;	 /* HCR_EL2 while it runs */
	uint64_t vmpidr; /* the MPIDR_EL1 it reads */
	bool is_guest;	 /* a vCPU of a Linux guest: g is in use */
	struct arch_guest g;
};

void fpsimd_save(struct arch_fpsimd *fp);
void fpsimd_load(const struct arch_fpsimd *fp);

/* Lazy FP/SIMD (arch/arm64/fpsimd.c): whose registers each CPU holds. */
struct pcpu;
struct vcpu;
void fpsimd_switch_to(struct pcpu *c, const struct vcpu *next);
void fpsimd_trap(struct vcpu *v);
void fpsimd_forget(const struct vcpu *v);
/* Around the hypervisor's own use of vector registers (it saves and restores what it uses). */
void fpsimd_hyp_begin(void);
void fpsimd_hyp_end(void);

void vgic_flush(struct vcpu *v);
/* The hook of hyp/arch.h; v's arch_vcpu is its first member. */
static inline void arch_vcpu_enter(struct vcpu *v)
{
	struct arch_vcpu *a = (struct arch_vcpu *)v;

	if (__builtin_expect(a->is_guest, 0) &&
	    __atomic_load_n(&a->g.vgic.dirty, __ATOMIC_ACQUIRE))
		vgic_flush(v);
}

/* The hooks of hyp/arch.h for hypercall results, inline: every hypercall sets them. */
static inline void arch_vcpu_set_return(struct vcpu *v, int32_t rc, uint64_t r1)
{
	struct arch_vcpu *a = (struct arch_vcpu *)v;

	a->regs.x[0] = (uint64_t)(int64_t)rc;
	a->regs.x[1] = r1;
}

static inline void arch_vcpu_set_result(struct vcpu *v, unsigned int n, uint64_t value)
{
	struct arch_vcpu *a = (struct arch_vcpu *)v;

	if (n < 8)
		a->regs.x[n] = value;
}
#endif

#endif
