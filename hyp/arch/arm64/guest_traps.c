// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traps of Linux guest vCPUs (traps.c sends them here). A guest is never stopped for what it
 * does: emulated device accesses are emulated, a stage-2 abort anywhere else becomes a
 * synchronous external abort at the guest's EL1 vectors (Linux reports it and kills the
 * process, or oopses), and an instruction we do not emulate is undefined to the guest.
 */
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/guest.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

#include <arch/el1_cfg.h>
#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <arch/vpl011.h>

#define MAX_ABORTS_LOGGED 16u

/* ---- exceptions into the guest ------------------------------------------------------------ */

#define VECTOR_CUR_SP0 0x000
#define VECTOR_CUR_SPX 0x200
#define VECTOR_LOWER_A64 0x400
#define PSTATE_PAN (1ull << 22)
#define PSTATE_SSBS (1ull << 12)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_DSSBS (1ull << 44)
#define EC_DABT_CUR 0x25
#define EC_IABT_CUR 0x21
#define DFSC_SYNC_EXTERNAL 0x10

/* Enter the guest's EL1 synchronous vector with ESR_EL1 = esr, as the hardware would. */
static void inject_sync(struct vcpu *v, uint64_t esr, bool set_far, uint64_t far)
{
	struct arch_regs *r = &v->arch.regs;
	uint64_t mode = r->spsr & SPSR_MODE_MASK;
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t off, pstate;

	if (mode == SPSR_MODE_EL0T) {
		off = VECTOR_LOWER_A64;
		/* Aborts from EL0 have the "lower exception level" class, one below. */
		if (ESR_EC(esr) == EC_DABT_CUR || ESR_EC(esr) == EC_IABT_CUR)
			esr -= 1ull << ESR_EC_SHIFT;
	} else {
		off = mode == SPSR_MODE_EL1T ? VECTOR_CUR_SP0 : VECTOR_CUR_SPX;
	}
	write_sysreg(esr_el1, esr);
	if (set_far)
		write_sysreg(far_el1, far);
	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	pstate = SPSR_EL1H_MASKED;
	if (!(sctlr & SCTLR_SPAN))
		pstate |= PSTATE_PAN;
	else
		pstate |= r->spsr & PSTATE_PAN;
	if (sctlr & SCTLR_DSSBS)
		pstate |= PSTATE_SSBS;
	r->spsr = pstate;
	r->elr = read_sysreg(vbar_el1) + off;
}

void guest_inject_undef(struct vcpu *v)
{
	inject_sync(v, ESR_IL, false, 0);
}

void guest_inject_dabt(struct vcpu *v, uint64_t far)
{
	uint64_t esr = read_sysreg(esr_el2);

	inject_sync(v, ((uint64_t)EC_DABT_CUR << ESR_EC_SHIFT) | ESR_IL | (esr & ESR_DABT_WNR) |
			       DFSC_SYNC_EXTERNAL,
		    true, far);
}

/* ---- emulated devices -------------------------------------------------------------------- */

static bool device_access(struct vcpu *v, uint64_t ipa, bool write, uint64_t *val, uint32_t size)
{
	uint64_t gicr_size = (uint64_t)v->part->guest.nr_vcpus * GUEST_GICR_STRIDE;

	if (ipa & (size - 1))
		return false; /* unaligned device access: an external abort, as on hardware */
	if (ipa - GUEST_GICD_BASE < GUEST_GICD_SIZE)
		return vgic_dist_mmio(v, ipa - GUEST_GICD_BASE, write, val, size);
	if (ipa - GUEST_GICR_BASE < gicr_size)
		return vgic_redist_mmio(v, ipa - GUEST_GICR_BASE, write, val, size);
	if (ipa - GUEST_UART_BASE < GUEST_UART_SIZE)
		return vpl011_mmio(v, ipa - GUEST_UART_BASE, write, val, size);
	return false;
}

void guest_trap_abort(struct vcpu *v, uint64_t esr)
{
	struct partition *p = v->part;
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
	struct arch_regs *r = &v->arch.regs;
	bool write = esr & ESR_DABT_WNR;

	if (ESR_EC(esr) == EC_DABT_LOW && (esr & ESR_DABT_ISV)) {
		uint32_t size = 1u << ESR_DABT_SAS(esr);
		uint32_t rt = ESR_DABT_SRT(esr);
		uint64_t val = write && rt != 31 ? r->x[rt] : 0;

		if (device_access(v, ipa, write, &val, size)) {
			if (!write && rt != 31) {
				if ((esr & ESR_DABT_SSE) && size < 8 && (val & (1ull << (8 * size - 1))))
					val |= ~0ull << (8 * size);
				if (!(esr & ESR_DABT_SF))
					val &= 0xffffffffu;
				r->x[rt] = val;
			}
			r->elr += 4;
			return;
		}
	}
	spin_lock(&p->guest.lock);
	if (p->guest.aborts_logged < MAX_ABORTS_LOGGED) {
		p->guest.aborts_logged++;
		log_warn("partition '%s': %s IPA 0x%lx outside its RAM and devices (PC 0x%lx): "
			 "external abort injected%s",
			 p->name, ESR_EC(esr) == EC_IABT_LOW ? "executing" : write ? "writing" : "reading",
			 ipa, r->elr,
			 p->guest.aborts_logged == MAX_ABORTS_LOGGED ? " (no more of these logged)" : "");
	}
	spin_unlock(&p->guest.lock);
	if (ESR_EC(esr) == EC_IABT_LOW)
		inject_sync(v, ((uint64_t)EC_IABT_CUR << ESR_EC_SHIFT) | ESR_IL | DFSC_SYNC_EXTERNAL, true, far);
	else
		guest_inject_dabt(v, far);
}

/* ---- system registers ------------------------------------------------------------------- */

#define SYS_ICC_SGI1R SYSREG(3, 0, 12, 11, 5)
#define SYS_ICC_ASGI1R SYSREG(3, 0, 12, 11, 6)
#define SYS_ICC_SGI0R SYSREG(3, 0, 12, 11, 7)
#define SYS_ID_AA64PFR0 SYSREG(3, 0, 0, 4, 0)
#define SYS_ID_AA64PFR1 SYSREG(3, 0, 0, 4, 1)
#define SYS_ID_AA64ZFR0 SYSREG(3, 0, 0, 4, 4)
#define SYS_ID_AA64SMFR0 SYSREG(3, 0, 0, 4, 5)
#define SYS_ID_AA64DFR0 SYSREG(3, 0, 0, 5, 0)

#define FIELD(hi, lo) (((~0ull) >> (63 - (hi))) & ~((1ull << (lo)) - 1))

#define ID_CASE(crm, op2)                                                                      \
	case SYSREG(3, 0, 0, crm, op2):                                                        \
		return read_sysreg(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm)                                                                            \
	ID_CASE(crm, 0); ID_CASE(crm, 1); ID_CASE(crm, 2); ID_CASE(crm, 3);                    \
	ID_CASE(crm, 4); ID_CASE(crm, 5); ID_CASE(crm, 6); ID_CASE(crm, 7)

static uint64_t id_reg_hw(uint32_t enc)
{
	switch (enc) {
	ID_ROW(1); ID_ROW(2); ID_ROW(3); ID_ROW(4); ID_ROW(5); ID_ROW(6); ID_ROW(7);
	default: return 0;
	}
}

/*
 * The ID registers a guest reads (HCR_EL2.TID3): the hardware's, less what the guest platform
 * does not give it: SVE and SME (their registers are not switched), MTE (its RAM is untagged),
 * AMU, MPAM, secure EL2, NMI, and the statistical profiling and trace units.
 */
static uint64_t id_reg(uint32_t enc)
{
	uint64_t v = id_reg_hw(enc);

	switch (enc) {
	case SYS_ID_AA64PFR0:
		return v & ~(FIELD(35, 32) | FIELD(39, 36) | FIELD(43, 40) | FIELD(47, 44));
	case SYS_ID_AA64PFR1:
		return v & ~(FIELD(11, 8) | FIELD(19, 16) | FIELD(27, 24) | FIELD(39, 36));
	case SYS_ID_AA64ZFR0:
	case SYS_ID_AA64SMFR0:
		return 0;
	case SYS_ID_AA64DFR0:
		return v & ~(FIELD(35, 32) | FIELD(43, 40) | FIELD(47, 44) | FIELD(55, 52) |
			     FIELD(7, 4));
	default:
		return v;
	}
}

void guest_trap_sysreg(struct vcpu *v, uint64_t esr)
{
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	uint32_t enc = iss & SYSREG_MASK;
	uint32_t rt = ISS_RT(iss);
	bool read = iss & ISS_READ;
	uint64_t *x = v->arch.regs.x;
	uint64_t val = rt == 31 ? 0 : x[rt];
	uint32_t op0 = enc >> 20, crn = (enc >> 10) & 15;

	if (el1_cfg_guest_access(v, esr))
		return; /* CPACR_EL1 (CPTR_EL2.TCPAC) */
	if (enc == SYS_ICC_SGI1R && !read) {
		vgic_sgi(v, val);
	} else if (enc == SYS_ICC_ASGI1R || enc == SYS_ICC_SGI0R) {
		/* group 0 and secure SGIs do not exist for a non-secure guest: ignored */
	} else if (op0 == 3 && ((enc >> 14) & 7) == 0 && crn == 0 && read) {
		val = id_reg(enc);
	} else if (op0 == 2) {
		/* Debug and trace registers: no hardware debug for guests (RAZ/WI). */
		val = 0;
	} else if (op0 == 3 && ((enc >> 14) & 7) == 3 && crn == 14 && ((enc >> 1) & 15) == 2) {
		/* The EL1 physical timer is the hypervisor's: CNTP_* read as zero. */
		val = 0;
	} else {
		log_warn("partition '%s': %s of system register op0=%u op1=%u CRn=%u CRm=%u op2=%u "
			 "at PC 0x%lx: undefined", v->part->name, read ? "read" : "write", op0,
			 (enc >> 14) & 7, crn, (enc >> 1) & 15, (enc >> 17) & 7, v->arch.regs.elr);
		guest_inject_undef(v);
		return;
	}
	if (read && rt != 31)
		x[rt] = val;
	v->arch.regs.elr += 4;
}

/* ---- WFI, WFE, SMC, the rest ------------------------------------------------------------- */

void guest_trap_wfx(struct vcpu *v, uint64_t esr)
{
	v->arch.regs.elr += 4;
	if (esr & 1) {
		/* WFE: another vCPU holds a lock we spin on; let whoever waits run. */
		spin_lock(&sched_lock);
		sched_yield_current();
		spin_unlock(&sched_lock);
		return;
	}
	/* The guest's lock is held from the check to the block, so that an interrupt made
	 * pending meanwhile finds the vCPU blocked and wakes it. */
	spin_lock(&v->part->guest.lock);
	if (!vgic_has_pending(v)) {
		uint64_t ctl = read_sysreg(cntv_ctl_el0), deadline = 0;

		if ((ctl & 3) == 1)
			deadline = arch_ticks_to_ns(read_sysreg(cntv_cval_el0)) + 1;
		spin_lock(&sched_lock);
		sched_block_current(WAIT_WFI, deadline);
		spin_unlock(&sched_lock);
	}
	spin_unlock(&v->part->guest.lock);
}

void guest_trap_smc(struct vcpu *v, uint64_t esr)
{
	/* There is no firmware behind a guest: PSCI is on HVC (the device tree says so). */
	guest_inject_undef(v);
}

void guest_trap_other(struct vcpu *v, uint64_t esr)
{
	log_warn("partition '%s': %s trapped to EL2 (ESR 0x%lx, PC 0x%lx): undefined to the guest",
		 v->part->name, arch_exception_name(esr), esr, v->arch.regs.elr);
	guest_inject_undef(v);
}
