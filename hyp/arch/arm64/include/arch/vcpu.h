/* SPDX-License-Identifier: GPL-2.0-only */
/* arm64 vCPU context. The offsets below are used by vectors.S and vcpu_switch.S. */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

/* struct arch_regs: what the vectors save on every trap. */
#define REGS_X(n) ((n) * 8)
#define REGS_ELR (31 * 8)
#define REGS_SPSR (32 * 8)
#define REGS_SIZE (34 * 8) /* one spare word: the next member starts 16-byte aligned */

/*
 * struct arch_sysregs, slot by slot, in the order vcpu_switch.S moves them in pairs.
 *   0..11  saved and loaded on every switch: a partition writes them without a trap.
 *   12..21 what el1_ctx names (el1_ctx.c), loaded only when the vCPU's name differs from the
 *          previous vCPU's: 12..18 then unconditionally, 19..21 only when they differ too
 *          (their writes flush QEMU's TLB). A secure partition's writes of all but CPACR_EL1
 *          trap (HCR_EL2.TVM, vm_regs_trap.c), every vCPU's of CPACR_EL1 (CPTR_EL2.TCPAC,
 *          el1_cfg_trap.c), so a switch never reads them back for a secure vCPU; a guest's
 *          12..17 and 19..21 are read back. TTBR0_EL1 is among them because libkos puts its
 *          page table at the same IPA in every partition (libkos/partition.lds).
 *   22     CSSELR_EL1: a secure partition's accesses trap (HCR_EL2.TID2, el1_cfg_trap.c), and
 *          the CPU's register is never its; a guest's is saved and loaded with its other
 *          guest-only state.
 *   23     MDSCR_EL1: every vCPU's accesses trap (MDCR_EL2.TDA); a secure partition's value
 *          lives only here (el1_cfg_trap.c), a guest's reads as zero. Never switched.
 */
#define SYS_SP_EL0 0
#define SYS_TPIDR_EL0 1
#define SYS_TPIDRRO_EL0 2
#define SYS_TPIDR_EL1 3
#define SYS_SP_EL1 4
#define SYS_ELR_EL1 5
#define SYS_SPSR_EL1 6
#define SYS_ESR_EL1 7
#define SYS_FAR_EL1 8
#define SYS_PAR_EL1 9
#define SYS_VBAR_EL1 10
#define SYS_CNTKCTL_EL1 11
#define SYS_TTBR0_EL1 12
#define SYS_CONTEXTIDR_EL1 13
#define SYS_MAIR_EL1 14
#define SYS_AMAIR_EL1 15
#define SYS_AFSR0_EL1 16
#define SYS_AFSR1_EL1 17
#define SYS_CPACR_EL1 18
#define SYS_SCTLR_EL1 19
#define SYS_TTBR1_EL1 20
#define SYS_TCR_EL1 21
#define SYS_CSSELR_EL1 22
#define SYS_MDSCR_EL1 23
#define SYS_NR 24
/* Offsets in struct vcpu (its arch_vcpu is first, sys right after regs). */
#define VCPU_SYS(slot) (REGS_SIZE + (slot) * 8)
#define VCPU_VTTBR (REGS_SIZE + SYS_NR * 8)
#define VCPU_HCR (VCPU_VTTBR + 8)
#define VCPU_VMPIDR (VCPU_VTTBR + 16)
#define VCPU_EL1_CTX (VCPU_VTTBR + 24)
#define VCPU_IS_GUEST (VCPU_VTTBR + 32)
#define VCPU_VTIMER_SAVED (VCPU_IS_GUEST + 1)

/* Offsets in struct pcpu (hyp/cpu.h) the vectors and the switch read; vcpu.c checks them. */
#define PCPU_CUR_REGS 0
#define PCPU_STACK_TOP 8
#define PCPU_LOADED 592
#define PCPU_FP_OWNER 600
#define PCPU_FP_TRAPPED 608

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include <arch/vgic.h>
#include <arch/vpl011.h>

/* Saved by the exception vectors on every trap from a partition. */
struct arch_regs {
	uint64_t x[31];
	uint64_t elr;  /* ELR_EL2: where the partition resumes */
	uint64_t spsr; /* SPSR_EL2 */
	uint64_t spare;
};
_Static_assert(sizeof(struct arch_regs) == REGS_SIZE, "vectors.S depends on this layout");

/* EL1 and EL0 state a partition owns; switched only when another vCPU takes the CPU. */
struct arch_sysregs {
	uint64_t sp_el0, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el1, elr_el1, spsr_el1;
	uint64_t esr_el1, far_el1, par_el1, vbar_el1, cntkctl_el1;
	/* HCR_EL2.TVM traps a partition's writes of these (not a guest's) */
	uint64_t ttbr0_el1;
	uint64_t contextidr_el1, mair_el1, amair_el1, afsr0_el1, afsr1_el1;
	uint64_t cpacr_el1; /* every vCPU's writes trap (CPTR_EL2.TCPAC) */
	uint64_t sctlr_el1, ttbr1_el1, tcr_el1; /* compared before they are written */
	/* a partition's accesses trap (TID2, TDA), and the switch leaves these alone */
	uint64_t csselr_el1, mdscr_el1;
};

struct arch_fpsimd {
	__uint128_t q[32];
	uint64_t fpsr, fpcr;
};

/* The virtual timer (CNTV_CTL_EL0, CNTV_CVAL_EL0) while its vCPU is off the CPU. */
struct arch_vtimer {
	uint64_t ctl, cval;
};

/* What a vCPU of a Linux guest has beyond a secure partition's vCPU. */
struct arch_guest {
	uint64_t apkeys[10]; /* pointer authentication keys (lo/hi of IA, IB, DA, DB, GA) */
	struct vgic_cpu vgic;
};

/* The emulated devices of a Linux guest (one per partition with the linux role). */
struct arch_guest_devices {
	struct vgic_dist dist;
	struct vpl011 uart;
};

struct arch_vcpu {
	struct arch_regs regs; /* first: pcpu->cur_regs points here, and SP_EL2 while it runs */
	struct arch_sysregs sys;
	uint64_t vttbr;
	uint64_t hcr;	 /* HCR_EL2 while it runs */
	uint64_t vmpidr; /* the MPIDR_EL1 it reads */
	/* Names the values of hcr, vmpidr and sys slots 12..21: two vCPUs with the same el1_ctx
	 * hold the same values (el1_ctx.c), so a switch between them loads none of them. */
	uint64_t el1_ctx;
	bool is_guest; /* a vCPU of a Linux guest: g is in use */
	/* A secure vCPU left its virtual timer in use: vtimer holds it, the CPU's is cleared.
	 * Next to is_guest, so that one halfword load tests both on a switch. */
	bool vtimer_saved;
	struct arch_vtimer vtimer; /* a guest's always, a secure vCPU's if vtimer_saved */
	struct arch_fpsimd fp;
	struct arch_guest g;
};

#define SYS_SLOT_IS(field, slot)                                                               \
	_Static_assert(__builtin_offsetof(struct arch_vcpu, sys.field) == VCPU_SYS(slot),      \
		       "vcpu_switch.S depends on this layout")
SYS_SLOT_IS(sp_el0, SYS_SP_EL0);
SYS_SLOT_IS(tpidr_el0, SYS_TPIDR_EL0);
SYS_SLOT_IS(tpidrro_el0, SYS_TPIDRRO_EL0);
SYS_SLOT_IS(tpidr_el1, SYS_TPIDR_EL1);
SYS_SLOT_IS(sp_el1, SYS_SP_EL1);
SYS_SLOT_IS(elr_el1, SYS_ELR_EL1);
SYS_SLOT_IS(spsr_el1, SYS_SPSR_EL1);
SYS_SLOT_IS(esr_el1, SYS_ESR_EL1);
SYS_SLOT_IS(far_el1, SYS_FAR_EL1);
SYS_SLOT_IS(par_el1, SYS_PAR_EL1);
SYS_SLOT_IS(vbar_el1, SYS_VBAR_EL1);
SYS_SLOT_IS(cpacr_el1, SYS_CPACR_EL1);
SYS_SLOT_IS(cntkctl_el1, SYS_CNTKCTL_EL1);
SYS_SLOT_IS(csselr_el1, SYS_CSSELR_EL1);
SYS_SLOT_IS(mdscr_el1, SYS_MDSCR_EL1);
SYS_SLOT_IS(contextidr_el1, SYS_CONTEXTIDR_EL1);
SYS_SLOT_IS(mair_el1, SYS_MAIR_EL1);
SYS_SLOT_IS(amair_el1, SYS_AMAIR_EL1);
SYS_SLOT_IS(afsr0_el1, SYS_AFSR0_EL1);
SYS_SLOT_IS(afsr1_el1, SYS_AFSR1_EL1);
SYS_SLOT_IS(sctlr_el1, SYS_SCTLR_EL1);
SYS_SLOT_IS(ttbr0_el1, SYS_TTBR0_EL1);
SYS_SLOT_IS(ttbr1_el1, SYS_TTBR1_EL1);
SYS_SLOT_IS(tcr_el1, SYS_TCR_EL1);
_Static_assert(sizeof(struct arch_sysregs) == SYS_NR * 8, "one slot per register");
#define VCPU_FIELD_AT(field, offset)                                                           \
	_Static_assert(__builtin_offsetof(struct arch_vcpu, field) == (offset),                \
		       "vcpu_switch.S depends on this layout")
VCPU_FIELD_AT(vttbr, VCPU_VTTBR);
VCPU_FIELD_AT(hcr, VCPU_HCR);
VCPU_FIELD_AT(vmpidr, VCPU_VMPIDR);
VCPU_FIELD_AT(el1_ctx, VCPU_EL1_CTX);
VCPU_FIELD_AT(is_guest, VCPU_IS_GUEST);
VCPU_FIELD_AT(vtimer_saved, VCPU_VTIMER_SAVED);
/* SP_EL2 points at regs while the vCPU runs, and SCTLR_EL2.SA checks SP alignment. */
_Static_assert(_Alignof(struct arch_vcpu) >= 16, "regs must be 16-byte aligned");

/* Slots 0..11 of a->sys onto the CPU, without an ISB: the ERET into the vCPU is one. */
void el1_regs_load(const struct arch_vcpu *a);
/* Slots 12..18 of a->sys onto the CPU, no ISB (vcpu_switch.S). */
void el1_vm_regs_load(const struct arch_vcpu *a);

/* The rare cases of a world switch, which vcpu_switch.S hands to vcpu.c. */
struct vcpu;
/* The virtual timer of a secure vCPU that leaves the CPU with it in use. */
void vtimer_save_secure(struct vcpu *v);
/* v's whole state onto a CPU whose previous vCPU left without a save. */
void vcpu_load_all(struct vcpu *v);
/* A guest's state beyond the EL1 registers, or a secure vCPU's saved virtual timer. */
void vcpu_load_rare(struct vcpu *v);

void fpsimd_save(struct arch_fpsimd *fp);
void fpsimd_load(const struct arch_fpsimd *fp);

/* Lazy FP/SIMD (arch/arm64/fpsimd.c): whose registers each CPU holds. */
struct pcpu;
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
