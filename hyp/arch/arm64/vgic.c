// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated GICv3 of Linux guests. The distributor and redistributors are emulated on
 * trapped MMIO; the CPU interface is the hardware's virtual one (the guest's ICC_* accesses
 * reach ICV_* registers), fed through the ICH list registers:
 *
 *  - an interrupt made pending (an SGI from another vCPU, the virtual timer, the emulated
 *    UART's line) is recorded here and the target vCPU is marked dirty (and woken from WFI, or
 *    kicked off its CPU);
 *  - on its way back into the guest, a dirty vCPU's pending interrupts go into free list
 *    registers, highest priority first (vgic_flush). The hardware then tracks pending, active
 *    and the guest's EOI; the virtual timer's entry is a hardware one (HW bit), so the guest's
 *    EOI also deactivates the physical interrupt;
 *  - when there are more pending interrupts than list registers, the underflow maintenance
 *    interrupt brings us back to refill them; level-sensitive interrupts ask for a maintenance
 *    interrupt at EOI, so that a line still high is pended again.
 *
 * SPIs the manifest grants to the guest are passed through: the physical SPI is routed to the
 * CPU of the vCPU its virtual IROUTER names, and enabled, pended or reconfigured when the
 * guest does that to the virtual one. When it fires, the hypervisor drops its priority but
 * leaves it active and makes the virtual SPI pending as a hardware list register entry (HW=1,
 * pINTID = INTID): the guest's EOI deactivates the physical interrupt itself. A level-sensitive
 * line that is still high then fires again; nothing is lost or invented, and the device cannot
 * interrupt again while the guest handles it, with no trap at EOI. Guest vCPUs are pinned, so
 * such an entry always comes back to the CPU where the interrupt was taken.
 *
 * Every guest register access is bounded here: an access that is not to a register the GICv3
 * architecture defines reads as zero and ignores writes, as hardware does.
 */
#include <string.h>

#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/guest.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

#include <arch/gic_regs.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GIC_PIDR2 0xffe8
#define GIC_PIDR2_V3 0x3b /* ArchRev 3, JEP106 continuation of ARM */
#define GIC_IIDR_ARM 0x43b

#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_ENABLES 0x3u

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000

_Static_assert(VGIC_NR_IRQS == BH_LINUX_SPI_LAST + 1,
	      "the manifest's limit for a Linux guest's SPIs is the emulated distributor's");

static uint32_t nr_lrs;

static struct vgic_dist *dist_of(struct partition *p)
{
	return &p->guest.arch.dist;
}

/* The guest each passed-through SPI belongs to (set at boot, never changed). */
static struct partition *spi_guest[VGIC_NR_IRQS];

static uint64_t lr_read(uint32_t i)
{
	switch (i) {
	case 0: return read_sysreg(S3_4_C12_C12_0);
	case 1: return read_sysreg(S3_4_C12_C12_1);
	case 2: return read_sysreg(S3_4_C12_C12_2);
	case 3: return read_sysreg(S3_4_C12_C12_3);
	case 4: return read_sysreg(S3_4_C12_C12_4);
	case 5: return read_sysreg(S3_4_C12_C12_5);
	case 6: return read_sysreg(S3_4_C12_C12_6);
	case 7: return read_sysreg(S3_4_C12_C12_7);
	case 8: return read_sysreg(S3_4_C12_C13_0);
	case 9: return read_sysreg(S3_4_C12_C13_1);
	case 10: return read_sysreg(S3_4_C12_C13_2);
	case 11: return read_sysreg(S3_4_C12_C13_3);
	case 12: return read_sysreg(S3_4_C12_C13_4);
	case 13: return read_sysreg(S3_4_C12_C13_5);
	case 14: return read_sysreg(S3_4_C12_C13_6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

static void lr_write(uint32_t i, uint64_t v)
{
	switch (i) {
	case 0: write_sysreg(S3_4_C12_C12_0, v); break;
	case 1: write_sysreg(S3_4_C12_C12_1, v); break;
	case 2: write_sysreg(S3_4_C12_C12_2, v); break;
	case 3: write_sysreg(S3_4_C12_C12_3, v); break;
	case 4: write_sysreg(S3_4_C12_C12_4, v); break;
	case 5: write_sysreg(S3_4_C12_C12_5, v); break;
	case 6: write_sysreg(S3_4_C12_C12_6, v); break;
	case 7: write_sysreg(S3_4_C12_C12_7, v); break;
	case 8: write_sysreg(S3_4_C12_C13_0, v); break;
	case 9: write_sysreg(S3_4_C12_C13_1, v); break;
	case 10: write_sysreg(S3_4_C12_C13_2, v); break;
	case 11: write_sysreg(S3_4_C12_C13_3, v); break;
	case 12: write_sysreg(S3_4_C12_C13_4, v); break;
	case 13: write_sysreg(S3_4_C12_C13_5, v); break;
	case 14: write_sysreg(S3_4_C12_C13_6, v); break;
	default: write_sysreg(S3_4_C12_C13_7, v); break;
	}
}

void vgic_init_cpu_hw(void)
{
	nr_lrs = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
	if (nr_lrs > VGIC_MAX_LRS)
		nr_lrs = VGIC_MAX_LRS;
	for (uint32_t i = 0; i < nr_lrs; i++)
		lr_write(i, 0);
	write_sysreg(ICH_HCR_EL2, 0);
	isb();
}

static void virq_reset(struct virq *q, bool edge)
{
	memset(q, 0, sizeof(*q));
	q->lr = -1;
	q->edge_cfg = edge ? 2 : 0;
	q->level = !edge;
}

static bool passthrough(const struct partition *p, uint32_t intid)
{
	return intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS && spi_guest[intid] == p;
}

void arch_guest_spi_grant(struct partition *p, uint32_t intid)
{
	spi_guest[intid] = p;
	/* Masked, level, to vCPU 0's CPU: what the virtual one is at reset. */
	arch_irq_spi_route(intid, guest_vcpu_home(p, 0), false);
}

void vgic_dist_reset(struct partition *p)
{
	struct vgic_dist *d = dist_of(p);

	d->ctlr = 0;
	for (uint32_t i = 0; i < VGIC_NR_SPIS; i++) {
		uint32_t intid = i + VGIC_NR_PRIVATE;

		virq_reset(&d->spi[i], false);
		d->irouter[i] = 0;
		if (!passthrough(p, intid))
			continue;
		/*
		 * Whatever the last run left (the line held active for a vCPU that was stopped,
		 * or pended), the physical SPI starts again masked, idle, level and at vCPU 0,
		 * as the virtual one does. Callers hold sched_lock (ICFGR is shared).
		 */
		d->spi[i].hw = true;
		arch_irq_spi_mask(intid, true);
		gic_spi_clear(intid);
		gic_spi_set_edge(intid, false);
		gic_spi_set_target(intid, guest_vcpu_home(p, 0));
	}
}

void vgic_cpu_reset(struct vgic_cpu *c)
{
	memset(c, 0, sizeof(*c));
	for (uint32_t i = 0; i < VGIC_NR_PRIVATE; i++)
		virq_reset(&c->priv[i], i < 16); /* SGIs are edge, PPIs level */
	c->waker = GICR_WAKER_SLEEP;
}

static struct virq *virq_of(struct vcpu *v, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return &v->arch.g.vgic.priv[intid];
	if (intid < VGIC_NR_IRQS)
		return &dist_of(v->part)->spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/* The vCPU an SPI goes to: the one its IROUTER names, else vCPU 0. */
static struct vcpu *spi_target(struct partition *p, uint32_t intid)
{
	uint64_t r = dist_of(p)->irouter[intid - VGIC_NR_PRIVATE];
	uint32_t idx = (r & (1ull << 31)) ? 0 : (uint32_t)(r & 0xff);

	if (idx >= p->guest.nr_vcpus || (r & 0xff00ff00ull) ||
	    p->vcpus[idx].state == VCPU_FREE)
		idx = 0;
	return &p->vcpus[idx];
}

static bool on_this_cpu(const struct vcpu *v)
{
	return this_cpu()->current == v && this_cpu()->loaded == v;
}

/* v has interrupt state to hand over: make it come back through vgic_flush soon. */
static void vgic_kick(struct vcpu *v)
{
	enum vcpu_state state = __atomic_load_n(&v->state, __ATOMIC_RELAXED);

	__atomic_store_n(&v->arch.g.vgic.dirty, true, __ATOMIC_RELEASE);
	if (state == VCPU_BLOCKED) {
		/* A vCPU goes into WFI holding its guest's lock (which we hold): no race. */
		spin_lock(&sched_lock);
		if (v->state == VCPU_BLOCKED && v->wait == WAIT_WFI)
			sched_wake_wfi(v);
		spin_unlock(&sched_lock);
	} else if (state == VCPU_RUNNING && v->cpu != this_cpu()->id) {
		sched_kick(v->cpu);
	}
}

/* Bring the software state up to date with the list registers of v (hardware or saved). */
static void sync_lrs(struct vcpu *v, bool live)
{
	struct vgic_cpu *c = &v->arch.g.vgic;

	for (uint32_t i = 0; i < nr_lrs; i++) {
		uint64_t lr;
		struct virq *q;

		if (!(c->lr_used & (1u << i)))
			continue;
		lr = live ? lr_read(i) : c->lr[i];
		q = virq_of(v, (uint32_t)lr);
		if (lr >> ICH_LR_STATE_SHIFT) {
			if (q)
				q->active = lr & ICH_LR_ACTIVE;
			continue;
		}
		/* The guest is done with it. */
		c->lr_used &= ~(1u << i);
		if (live)
			lr_write(i, 0);
		c->lr[i] = 0;
		if (!q)
			continue;
		q->lr = -1;
		q->active = false;
		if (q->level && q->line && !q->hw) {
			q->pending = true;
			c->dirty = true;
		}
	}
}

static uint64_t lr_value(const struct virq *q, uint32_t intid)
{
	uint64_t lr = ICH_LR_PENDING | ICH_LR_GROUP1 | ((uint64_t)q->priority << ICH_LR_PRIO_SHIFT) |
		      intid;

	if (q->hw)
		lr |= ICH_LR_HW | ((uint64_t)intid << ICH_LR_PINTID_SHIFT);
	else if (q->level)
		lr |= ICH_LR_EOI;
	return lr;
}

/* The deliverable interrupt of v with the highest priority (lowest value) not yet in an LR. */
static int best_pending(struct vcpu *v)
{
	struct partition *p = v->part;
	int best = -1;
	uint32_t best_prio = 0x100;
	bool grp1 = dist_of(p)->ctlr & 2;

	if (!grp1)
		return -1;
	for (uint32_t i = 0; i < VGIC_NR_IRQS; i++) {
		struct virq *q = virq_of(v, i);

		if (!q->pending || !q->enabled || q->priority >= best_prio)
			continue;
		if (i >= VGIC_NR_PRIVATE && spi_target(p, i) != v)
			continue;
		best = (int)i;
		best_prio = q->priority;
	}
	return best;
}

/* Pending interrupts of v (on this CPU, its state live) into free list registers. */
static void fill_lrs(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.g.vgic;
	uint64_t hcr = ICH_HCR_EN;

	c->dirty = false;
	for (;;) {
		int intid = best_pending(v);
		struct virq *q;
		uint32_t i;

		if (intid < 0)
			break;
		q = virq_of(v, (uint32_t)intid);
		if (q->lr >= 0) {
			/* Already there (active): it becomes active and pending. A forwarded
			 * interrupt's entry becomes a hardware one again (see vgic_save). */
			uint64_t lr = lr_read((uint32_t)q->lr) | ICH_LR_PENDING;

			if (q->hw)
				lr = (lr & ~ICH_LR_EOI) | ICH_LR_HW |
				     ((uint64_t)intid << ICH_LR_PINTID_SHIFT);

			lr_write((uint32_t)q->lr, lr);
			c->lr[q->lr] = lr;
			q->pending = false;
			continue;
		}
		for (i = 0; i < nr_lrs; i++)
			if (!(c->lr_used & (1u << i)))
				break;
		if (i == nr_lrs) {
			/* Out of list registers: come back when they drain. */
			hcr |= ICH_HCR_UIE;
			break;
		}
		c->lr[i] = lr_value(q, (uint32_t)intid);
		lr_write(i, c->lr[i]);
		c->lr_used |= 1u << i;
		q->lr = (int8_t)i;
		q->pending = false;
	}
	write_sysreg(ICH_HCR_EL2, hcr);
	isb();
}

void vgic_flush(struct vcpu *v)
{
	spin_lock(&v->part->guest.lock);
	if (on_this_cpu(v)) {
		sync_lrs(v, true);
		fill_lrs(v);
	}
	spin_unlock(&v->part->guest.lock);
}

void vgic_maintenance(void)
{
	struct vcpu *v = this_cpu()->current;

	write_sysreg(ICH_HCR_EL2, read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE);
	isb();
	if (v && v->arch.is_guest && this_cpu()->loaded == v)
		vgic_flush(v);
}

bool vgic_has_pending(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.g.vgic;

	if (on_this_cpu(v)) {
		sync_lrs(v, true);
		for (uint32_t i = 0; i < nr_lrs; i++)
			if ((c->lr_used & (1u << i)) && (lr_read(i) & ICH_LR_PENDING))
				return true;
	}
	return best_pending(v) >= 0;
}

void vgic_inject_private(struct vcpu *v, uint32_t intid, bool hw)
{
	struct virq *q = &v->arch.g.vgic.priv[intid % VGIC_NR_PRIVATE];

	q->hw = hw;
	q->pending = true;
	vgic_kick(v);
}

void vgic_set_spi_line(struct partition *p, uint32_t intid, bool level)
{
	struct virq *q;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS)
		return;
	q = &dist_of(p)->spi[intid - VGIC_NR_PRIVATE];
	if (q->line == level)
		return;
	q->line = level;
	if (level && q->lr < 0) {
		q->pending = true;
		vgic_kick(spi_target(p, intid));
	} else if (!level) {
		q->pending = false;
	}
}

bool vgic_forward_spi(uint32_t intid)
{
	struct partition *p = intid < VGIC_NR_IRQS ? spi_guest[intid] : NULL;

	if (!p)
		return false;
	spin_lock(&p->guest.lock);
	if (__atomic_load_n(&p->state, __ATOMIC_RELAXED) != PART_RUNNING) {
		/* The guest powered off: nobody takes it. Quiet the line and let it go. */
		arch_irq_spi_mask(intid, true);
		spin_unlock(&p->guest.lock);
		return false;
	}
	/* Active until the guest's EOI of the hardware list register entry (hw is set). */
	dist_of(p)->spi[intid - VGIC_NR_PRIVATE].pending = true;
	vgic_kick(spi_target(p, intid));
	spin_unlock(&p->guest.lock);
	return true;
}

void vgic_sgi(struct vcpu *v, uint64_t sgi1r)
{
	struct partition *p = v->part;
	uint32_t intid = (sgi1r >> 24) & 0xf;
	uint32_t targets = sgi1r & 0xffff;
	bool all_others = sgi1r & (1ull << 40);
	uint64_t high_aff = sgi1r & ((0xffull << 16) | (0xffull << 32) | (0xffull << 48) |
				     (0xfull << 44));

	spin_lock(&p->guest.lock);
	for (uint32_t i = 0; i < p->guest.nr_vcpus; i++) {
		struct vcpu *t = &p->vcpus[i];

		if (all_others ? t == v : (high_aff || i >= 16 || !(targets & (1u << i))))
			continue;
		if (t->state == VCPU_FREE)
			continue;
		vgic_inject_private(t, intid, false);
	}
	spin_unlock(&p->guest.lock);
}

/* ---- world switch ------------------------------------------------------------------------ */

void vgic_save(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.g.vgic;

	for (uint32_t i = 0; i < nr_lrs; i++) {
		if (c->lr_used & (1u << i)) {
			uint64_t lr = lr_read(i);

			/*
			 * A forwarded interrupt (the virtual timer) keeps its physical one active
			 * until the guest's EOI. The guest is leaving the CPU and its timer is
			 * switched off: deactivate the physical interrupt now and keep the entry
			 * as a plain virtual one. fill_lrs() makes it a forwarded one again.
			 * A passed-through SPI keeps its hardware entry: the SPI is nobody
			 * else's, and the vCPU comes back to this CPU (pinned) to EOI it.
			 */
			if ((lr & ICH_LR_HW) && (uint32_t)lr < VGIC_NR_PRIVATE) {
				gic_deactivate((uint32_t)(lr >> ICH_LR_PINTID_SHIFT) & 0x3ff);
				lr &= ~(ICH_LR_HW | (0x3ffull << ICH_LR_PINTID_SHIFT));
			}
			c->lr[i] = lr;
		}
		lr_write(i, 0);
	}
	c->vmcr = (uint32_t)read_sysreg(ICH_VMCR_EL2);
	c->ap0r[0] = (uint32_t)read_sysreg(ICH_AP0R0_EL2);
	c->ap1r[0] = (uint32_t)read_sysreg(ICH_AP1R0_EL2);
	write_sysreg(ICH_HCR_EL2, 0);
	/* The software view catches up in vgic_flush when the vCPU runs again (that needs the
	 * guest's lock, which must not be taken under sched_lock, held here). */
}

void vgic_load(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.g.vgic;

	for (uint32_t i = 0; i < nr_lrs; i++)
		lr_write(i, (c->lr_used & (1u << i)) ? c->lr[i] : 0);
	write_sysreg(ICH_VMCR_EL2, c->vmcr);
	write_sysreg(ICH_AP0R0_EL2, c->ap0r[0]);
	write_sysreg(ICH_AP1R0_EL2, c->ap1r[0]);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	c->dirty = true;
}

void vgic_disable_hw(void)
{
	/* A guest that was stopped left its list registers behind: a forwarded interrupt in one
	 * is still active at the physical GIC and must be deactivated, or it never fires again. */
	for (uint32_t i = 0; i < nr_lrs; i++) {
		uint64_t lr = lr_read(i);

		if ((lr & ICH_LR_HW) && (lr >> ICH_LR_STATE_SHIFT))
			gic_deactivate((uint32_t)(lr >> ICH_LR_PINTID_SHIFT) & 0x3ff);
		if (lr)
			lr_write(i, 0);
	}
	write_sysreg(ICH_HCR_EL2, 0);
	isb();
}

/* ---- MMIO ---------------------------------------------------------------------------------- */

enum bitop { OP_SET_ENABLE, OP_CLR_ENABLE, OP_SET_PEND, OP_CLR_PEND, OP_SET_ACT, OP_CLR_ACT };

/*
 * What the guest does to a passed-through SPI's enable and pending bits is done to the
 * physical SPI (guest lock held; these registers are write-1 and need no other lock).
 * Returns true when that is all there is to do.
 */
static bool passthrough_bitop(struct virq *q, uint32_t intid, enum bitop op)
{
	switch (op) {
	case OP_SET_ENABLE:
		arch_irq_spi_mask(intid, false);
		return false;
	case OP_CLR_ENABLE:
		arch_irq_spi_mask(intid, true);
		return false;
	case OP_SET_PEND:
		/* It fires, and comes back through vgic_forward_spi like a device's. */
		gic_spi_set_pending(intid);
		return true;
	case OP_CLR_PEND:
		gic_spi_clear_pending(intid);
		if (q->pending) {
			/* Taken but not yet handed over: let it go. A line still high fires
			 * again, which is what clearing a level interrupt's pending state does. */
			q->pending = false;
			gic_spi_deactivate(intid);
		}
		return true;
	default:
		return false; /* active state: virtual only */
	}
}

static uint32_t bits_read(struct vcpu *owner, uint32_t first, enum bitop op)
{
	uint32_t val = 0;

	for (uint32_t b = 0; b < 32; b++) {
		struct virq *q = virq_of(owner, first + b);
		bool on;

		if (!q)
			break;
		switch (op) {
		case OP_SET_ENABLE:
		case OP_CLR_ENABLE:
			on = q->enabled;
			break;
		case OP_SET_PEND:
		case OP_CLR_PEND:
			on = q->pending ||
			     (q->lr >= 0 && (owner->arch.g.vgic.lr[q->lr] & ICH_LR_PENDING)) ||
			     (passthrough(owner->part, first + b) && gic_spi_is_pending(first + b));
			break;
		default:
			on = q->active;
			break;
		}
		val |= (uint32_t)on << b;
	}
	return val;
}

static void bits_write(struct vcpu *owner, uint32_t first, enum bitop op, uint32_t val)
{
	for (uint32_t b = 0; b < 32; b++) {
		struct virq *q;
		struct vcpu *t;

		if (!(val & (1u << b)))
			continue;
		q = virq_of(owner, first + b);
		if (!q)
			break;
		if (passthrough(owner->part, first + b) && passthrough_bitop(q, first + b, op))
			continue;
		switch (op) {
		case OP_SET_ENABLE:
			q->enabled = true;
			break;
		case OP_CLR_ENABLE:
			q->enabled = false;
			break;
		case OP_SET_PEND:
			q->pending = true;
			break;
		case OP_CLR_PEND:
			q->pending = false;
			break;
		case OP_SET_ACT:
			q->active = true;
			break;
		case OP_CLR_ACT:
			q->active = false;
			break;
		}
		t = first + b < VGIC_NR_PRIVATE ? owner : spi_target(owner->part, first + b);
		if (q->pending && q->enabled)
			vgic_kick(t);
	}
}

static enum bitop bitop_of(uint64_t off, uint64_t base)
{
	static const enum bitop ops[] = { OP_SET_ENABLE, OP_CLR_ENABLE, OP_SET_PEND,
					  OP_CLR_PEND,	 OP_SET_ACT,	OP_CLR_ACT };

	return ops[(off - base) / 0x80];
}

/* Enable/pending/active registers at [base, base + 0x300): one bit per interrupt. */
static void bitmap_access(struct vcpu *owner, uint64_t off, uint64_t base, uint32_t first,
			  bool write, uint64_t *val)
{
	enum bitop op = bitop_of(off, base);

	if (write)
		bits_write(owner, first, op, (uint32_t)*val);
	else
		*val = bits_read(owner, first, op);
}

/* IPRIORITYR: one byte per interrupt, byte or word accesses. */
static void priority_access(struct vcpu *owner, uint32_t first, uint32_t size, bool write,
			    uint64_t *val)
{
	uint64_t out = 0;

	for (uint32_t i = 0; i < size; i++) {
		struct virq *q = virq_of(owner, first + i);

		if (!q)
			break;
		if (write)
			q->priority = (uint8_t)(*val >> (8 * i));
		else
			out |= (uint64_t)q->priority << (8 * i);
	}
	if (!write)
		*val = out;
}

/* ICFGR: two bits per interrupt; SGIs are always edge. */
static void config_access(struct vcpu *owner, uint32_t first, bool write, uint64_t *val)
{
	uint32_t out = 0;

	for (uint32_t i = 0; i < 16; i++) {
		struct virq *q = virq_of(owner, first + i);

		if (!q)
			break;
		if (write && first + i >= 16) {
			q->edge_cfg = (*val >> (2 * i)) & 2;
			q->level = !q->edge_cfg;
			if (passthrough(owner->part, first + i)) {
				spin_lock(&sched_lock); /* ICFGR is shared with others' SPIs */
				gic_spi_set_edge(first + i, q->edge_cfg);
				spin_unlock(&sched_lock);
			}
		}
		out |= (uint32_t)q->edge_cfg << (2 * i);
	}
	if (!write)
		*val = out;
}

bool vgic_dist_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size)
{
	struct partition *p = v->part;
	struct vgic_dist *d = dist_of(p);

	if (!write)
		*val = 0;
	spin_lock(&p->guest.lock);
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_IRQS) {
		if (off - GICD_IPRIORITYR >= VGIC_NR_PRIVATE) /* private ones are in the GICR */
			priority_access(v, (uint32_t)(off - GICD_IPRIORITYR), size, write, val);
	} else if (size != 4 && !(size == 8 && off >= GICD_IROUTER)) {
		/* other registers are word accessed: RAZ/WI */
	} else if (off == GICD_CTLR) {
		if (write)
			d->ctlr = ((uint32_t)*val & GICD_CTLR_ENABLES) | GICD_CTLR_ARE_NS;
		else
			*val = d->ctlr | GICD_CTLR_ARE_NS;
		if (write)
			for (uint32_t i = 0; i < p->guest.nr_vcpus; i++)
				if (p->vcpus[i].state != VCPU_FREE)
					vgic_kick(&p->vcpus[i]);
	} else if (off == GICD_TYPER) {
		*val = (VGIC_NR_IRQS / 32 - 1) | ((p->guest.nr_vcpus - 1) << 5) | (9u << 19);
	} else if (off == GICD_IIDR) {
		*val = GIC_IIDR_ARM;
	} else if (off >= GICD_IGROUPR && off < GICD_IGROUPR + VGIC_NR_IRQS / 8) {
		*val = 0xffffffff; /* everything is non-secure group 1 */
	} else if (off >= GICD_ISENABLER && off < GICD_ISENABLER + 0x300) {
		uint32_t n = (uint32_t)((off - GICD_ISENABLER) % 0x80) / 4;

		if (n >= 1 && n < VGIC_NR_IRQS / 32)
			bitmap_access(v, off - (off - GICD_ISENABLER) % 0x80, GICD_ISENABLER,
				      n * 32, write, val);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + VGIC_NR_IRQS / 4) {
		uint32_t n = (uint32_t)(off - GICD_ICFGR) / 4;

		if (n >= 2)
			config_access(v, n * 16, write, val);
	} else if (off >= GICD_IROUTER + 8 * VGIC_NR_PRIVATE &&
		   off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		uint32_t n = (uint32_t)(off - GICD_IROUTER) / 8 - VGIC_NR_PRIVATE;
		uint32_t intid = n + VGIC_NR_PRIVATE;
		uint64_t *r = &d->irouter[n];
		uint32_t shift = (off & 4) ? 32 : 0;
		uint64_t mask = size == 8 ? ~0ull : 0xffffffffull << shift;

		if (write) {
			*r = (*r & ~mask) | ((*val << shift) & mask & 0xff000080ffffffull);
			/* The physical SPI follows, to the CPU its vCPU is pinned to. */
			if (passthrough(p, intid))
				gic_spi_set_target(intid,
						   guest_vcpu_home(p, spi_target(p, intid)->slot));
		} else {
			*val = (*r & mask) >> shift;
		}
	} else if (off == GIC_PIDR2) {
		*val = GIC_PIDR2_V3;
	}
	spin_unlock(&p->guest.lock);
	return true;
}

bool vgic_redist_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size)
{
	struct partition *p = v->part;
	uint32_t idx = (uint32_t)(off / GUEST_GICR_STRIDE);
	struct vcpu *owner;
	struct vgic_cpu *c;

	if (idx >= p->guest.nr_vcpus)
		return false;
	owner = &p->vcpus[idx];
	c = &owner->arch.g.vgic;
	off %= GUEST_GICR_STRIDE;
	if (!write)
		*val = 0;
	spin_lock(&p->guest.lock);
	if (off >= GICR_SGI_BASE + GICD_IPRIORITYR &&
	    off < GICR_SGI_BASE + GICD_IPRIORITYR + VGIC_NR_PRIVATE) {
		priority_access(owner, (uint32_t)(off - GICR_SGI_BASE - GICD_IPRIORITYR), size,
				write, val);
	} else if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t typer = ((uint64_t)idx << 32) | ((uint64_t)idx << 8) |
				 (idx + 1 == p->guest.nr_vcpus ? GICR_TYPER_LAST : 0);

		if (size == 8 && off == GICR_TYPER)
			*val = typer;
		else if (size == 4)
			*val = off == GICR_TYPER ? (uint32_t)typer : typer >> 32;
	} else if (size != 4) {
		/* RAZ/WI */
	} else if (off == GICR_IIDR) {
		*val = GIC_IIDR_ARM;
	} else if (off == GICR_WAKER) {
		if (write)
			c->waker = (uint32_t)*val & GICR_WAKER_SLEEP;
		else
			*val = c->waker | ((c->waker & GICR_WAKER_SLEEP) ? GICR_WAKER_ASLEEP : 0);
	} else if (off == GIC_PIDR2) {
		*val = GIC_PIDR2_V3;
	} else if (off == GICR_SGI_BASE + GICD_IGROUPR) {
		*val = 0xffffffff;
	} else if (off >= GICR_SGI_BASE + GICD_ISENABLER &&
		   off < GICR_SGI_BASE + GICD_ISENABLER + 0x300 && (off & 0x7f) == 0) {
		bitmap_access(owner, off - GICR_SGI_BASE, GICD_ISENABLER, 0, write, val);
	} else if (off == GICR_SGI_BASE + GICD_ICFGR || off == GICR_SGI_BASE + GICD_ICFGR + 4) {
		config_access(owner, off == GICR_SGI_BASE + GICD_ICFGR ? 0 : 16, write, val);
	}
	spin_unlock(&p->guest.lock);
	return true;
}
