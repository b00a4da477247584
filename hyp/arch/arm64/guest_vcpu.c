// SPDX-License-Identifier: GPL-2.0-only
/*
 * World switch of a Linux guest vCPU beyond what every vCPU has (vcpu.c): the virtual timer,
 * the pointer authentication keys and the virtual CPU interface; and the virtual timer's
 * forwarding.
 *
 * The virtual timer belongs to whichever guest vCPU is on the CPU. When that vCPU leaves, its
 * timer is saved and switched off, so that it cannot fire for someone else; a vCPU that waits
 * in WFI gets the timer's deadline as its wake-up time. When the timer fires while its vCPU
 * runs, its interrupt (PPI 27) goes to the guest through a hardware list register entry: the
 * physical interrupt stays active until the guest's EOI deactivates it, which is the
 * level-sensitive behaviour the timer needs without a trap per tick.
 */
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

#include <arch/gic_regs.h>
#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_IMASK 2u
#define VTIMER_INTID 27u

void guest_save(struct vcpu *v)
{
	struct arch_guest *g = &v->arch.g;

	v->arch.vtimer.ctl = read_sysreg(cntv_ctl_el0);
	v->arch.vtimer.cval = read_sysreg(cntv_cval_el0);
	/* Off, and its deadline gone: a secure partition that runs here next can read both. */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	g->apkeys[0] = read_sysreg(S3_0_C2_C1_0); /* APIAKeyLo_EL1 */
	g->apkeys[1] = read_sysreg(S3_0_C2_C1_1);
	g->apkeys[2] = read_sysreg(S3_0_C2_C1_2); /* APIBKey */
	g->apkeys[3] = read_sysreg(S3_0_C2_C1_3);
	g->apkeys[4] = read_sysreg(S3_0_C2_C2_0); /* APDAKey */
	g->apkeys[5] = read_sysreg(S3_0_C2_C2_1);
	g->apkeys[6] = read_sysreg(S3_0_C2_C2_2); /* APDBKey */
	g->apkeys[7] = read_sysreg(S3_0_C2_C2_3);
	g->apkeys[8] = read_sysreg(S3_0_C2_C3_0); /* APGAKey */
	g->apkeys[9] = read_sysreg(S3_0_C2_C3_1);
	vgic_save(v);
}

void guest_load_keys(struct vcpu *v)
{
	const uint64_t *k = v->arch.g.apkeys;

	write_sysreg(S3_0_C2_C1_0, k[0]);
	write_sysreg(S3_0_C2_C1_1, k[1]);
	write_sysreg(S3_0_C2_C1_2, k[2]);
	write_sysreg(S3_0_C2_C1_3, k[3]);
	write_sysreg(S3_0_C2_C2_0, k[4]);
	write_sysreg(S3_0_C2_C2_1, k[5]);
	write_sysreg(S3_0_C2_C2_2, k[6]);
	write_sysreg(S3_0_C2_C2_3, k[7]);
	write_sysreg(S3_0_C2_C3_0, k[8]);
	write_sysreg(S3_0_C2_C3_1, k[9]);
}

void guest_resume(struct vcpu *v)
{
	write_sysreg(cntv_cval_el0, v->arch.vtimer.cval);
	write_sysreg(cntv_ctl_el0, v->arch.vtimer.ctl);
	vgic_load(v);
}

uint64_t guest_vtimer_deadline(const struct vcpu *v)
{
	const struct arch_vtimer *t = &v->arch.vtimer;

	if ((t->ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) != CNTV_CTL_ENABLE)
		return 0;
	/* CNTVOFF_EL2 is 0: the virtual count is the physical one. */
	return arch_ticks_to_ns(t->cval) + 1;
}

void guest_vtimer_irq(void)
{
	struct pcpu *c = this_cpu();
	struct vcpu *v = c->current;

	if (!v || !v->arch.is_guest || c->loaded != v) {
		/* Nobody's timer should be running here (a secure partition may have armed it):
		 * switch it off and let the interrupt go. */
		write_sysreg(cntv_ctl_el0, 0);
		gic_deactivate(VTIMER_INTID);
		return;
	}
	spin_lock(&v->part->guest.lock);
	vgic_inject_private(v, VTIMER_INTID, true);
	spin_unlock(&v->part->guest.lock);
}

void arch_guest_reset(struct partition *p)
{
	vgic_dist_reset(p);
	vpl011_reset(&p->guest.arch.uart);
}
