// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL1 configuration registers that a partition sets once or never, trapped so that a world
 * switch need not move them (arch/vcpu.h, slots 18, 22, 23):
 * - CPACR_EL1 (CPTR_EL2.TCPAC, every vCPU): written to the CPU, which holds the running vCPU's
 *   EL1 state, and read back into the vCPU, so the vCPU holds exactly what the hardware kept;
 *   it is one of the values el1_ctx names, so a secure vCPU is named again.
 * - CSSELR_EL1 and the cache ID registers CCSIDR_EL1, CCSIDR2_EL1, CLIDR_EL1 and CTR_EL0
 *   (HCR_EL2.TID2, secure partitions): CSSELR_EL1 is the vCPU's own (the CPU's register is
 *   written with it only to read CCSIDR), the others read as the hardware's. Neither libkos
 *   nor picolibc reads them.
 * - MDSCR_EL1 (MDCR_EL2.TDA, every vCPU): debug is not offered to partitions (MDCR_EL2.TDE
 *   routes their debug exceptions to EL2, where they stop the partition), so a secure
 *   partition's value is kept as written and enables nothing: the CPU's register stays 0
 *   (cpu.c). A guest reads it as zero (guest_traps.c). The other debug registers stop a secure
 *   partition, as every unexpected trap does.
 */
#include <hyp/partition.h>

#include <arch/el1_cfg.h>
#include <arch/el1_ctx.h>
#include <arch/sysreg.h>

#define SYS_CPACR_EL1_ENC SYSREG(3, 0, 1, 0, 2)
#define SYS_CSSELR_EL1_ENC SYSREG(3, 2, 0, 0, 0)
#define SYS_CCSIDR_EL1_ENC SYSREG(3, 1, 0, 0, 0)
#define SYS_CLIDR_EL1_ENC SYSREG(3, 1, 0, 0, 1)
#define SYS_CCSIDR2_EL1_ENC SYSREG(3, 1, 0, 0, 2)
#define SYS_CTR_EL0_ENC SYSREG(3, 3, 0, 0, 1)
#define SYS_MDSCR_EL1_ENC SYSREG(2, 0, 0, 2, 2)

/* ID_AA64MMFR2_EL1.CCIDX: CCSIDR2_EL1 exists (reading it otherwise is undefined at EL2). */
#define MMFR2_CCIDX(mmfr2) (((mmfr2) >> 20) & 0xf)

/* What the trapped instruction reads into (x31 is XZR) or writes from. */
struct sysreg_access {
	uint32_t enc;
	uint32_t rt;
	bool read;
	uint64_t val;
};

static struct sysreg_access decode(const struct vcpu *v, uint64_t esr)
{
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	struct sysreg_access a = {
		.enc = iss & SYSREG_MASK,
		.rt = ISS_RT(iss),
		.read = iss & ISS_READ,
	};

	a.val = a.rt == 31 ? 0 : v->arch.regs.x[a.rt];
	return a;
}

static void complete(struct vcpu *v, const struct sysreg_access *a)
{
	if (a->read && a->rt != 31)
		v->arch.regs.x[a->rt] = a->val;
	v->arch.regs.elr += 4;
}

/* CPACR_EL1 of the vCPU on this CPU: true when it was written (its value may have changed). */
static bool cpacr_access(struct vcpu *v, struct sysreg_access *a)
{
	if (a->read) {
		a->val = v->arch.sys.cpacr_el1;
		return false;
	}
	write_sysreg(cpacr_el1, a->val);
	v->arch.sys.cpacr_el1 = read_sysreg(cpacr_el1);
	return true;
}

static bool cache_id_read(const struct vcpu *v, struct sysreg_access *a)
{
	switch (a->enc) {
	case SYS_CTR_EL0_ENC:
		a->val = read_sysreg(ctr_el0);
		return true;
	case SYS_CLIDR_EL1_ENC:
		a->val = read_sysreg(clidr_el1);
		return true;
	case SYS_CCSIDR_EL1_ENC:
		write_sysreg(csselr_el1, v->arch.sys.csselr_el1);
		isb();
		a->val = read_sysreg(ccsidr_el1);
		return true;
	case SYS_CCSIDR2_EL1_ENC:
		if (!MMFR2_CCIDX(read_sysreg(id_aa64mmfr2_el1)))
			return false;
		write_sysreg(csselr_el1, v->arch.sys.csselr_el1);
		isb();
		a->val = read_sysreg(S3_1_C0_C0_2);
		return true;
	default:
		return false;
	}
}

bool el1_cfg_access(struct vcpu *v, uint64_t esr)
{
	struct sysreg_access a = decode(v, esr);
	struct arch_sysregs *s = &v->arch.sys;

	switch (a.enc) {
	case SYS_CPACR_EL1_ENC:
		if (cpacr_access(v, &a))
			v->arch.el1_ctx = el1_ctx_name(&v->arch);
		break;
	case SYS_CSSELR_EL1_ENC:
		if (a.read) {
			a.val = s->csselr_el1;
		} else {
			/* what the hardware keeps of the value (its RES0 bits read as zero) */
			write_sysreg(csselr_el1, a.val);
			s->csselr_el1 = read_sysreg(csselr_el1);
		}
		break;
	case SYS_MDSCR_EL1_ENC:
		if (a.read)
			a.val = s->mdscr_el1;
		else
			s->mdscr_el1 = a.val;
		break;
	default:
		if (!a.read || !cache_id_read(v, &a))
			return false;
		break;
	}
	complete(v, &a);
	return true;
}

bool el1_cfg_guest_access(struct vcpu *v, uint64_t esr)
{
	struct sysreg_access a = decode(v, esr);

	if (a.enc != SYS_CPACR_EL1_ENC)
		return false;
	cpacr_access(v, &a); /* its el1_ctx is its own: nothing to name */
	complete(v, &a);
	return true;
}
