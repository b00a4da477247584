/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated GICv3 for Linux guests (vgic.c): the distributor and the redistributors are
 * trapped MMIO, the CPU interface is the hardware's virtual one (ICV_* registers) fed through
 * the ICH list registers. Interrupt state lives here until it is handed to a list register;
 * while it is in one, the list register is the truth.
 *
 * All state is protected by the guest's lock (struct guest, hyp/guest.h), taken before
 * sched_lock when a vCPU has to be woken. A vCPU's saved list registers belong to the CPU it
 * is on.
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#define VGIC_NR_PRIVATE 32u
#define VGIC_NR_SPIS 64u	/* SPIs 32..95: TYPER.ITLinesNumber = 2 */
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_LRS 16u

struct virq {
	uint8_t priority;
	bool enabled;
	bool pending;	/* pending and not yet in a list register */
	bool active;	/* (kept for active-state reads while not in a list register) */
	bool level;	/* level-sensitive: re-pended at EOI while the line is high */
	bool line;	/* level of the input line (level-sensitive sources) */
	bool hw;	/* forwarded physical interrupt (virtual timer) */
	int8_t lr;	/* list register holding it, -1 = none */
	uint8_t edge_cfg; /* ICFGR bits as the guest wrote them */
};

/* Per-vCPU part: private interrupts, the redistributor and the virtual CPU interface. */
struct vgic_cpu {
	struct virq priv[VGIC_NR_PRIVATE];
	uint64_t lr[VGIC_MAX_LRS];	/* saved while the vCPU is off its CPU */
	uint16_t lr_used;		/* bit i: lr[i] holds an interrupt */
	uint32_t vmcr;
	uint32_t ap0r[4], ap1r[4];
	uint32_t waker;
	bool dirty;			/* pending state to hand to list registers */
};

/* Per-guest part: the distributor. */
struct vgic_dist {
	uint32_t ctlr;
	struct virq spi[VGIC_NR_SPIS];
	uint64_t irouter[VGIC_NR_SPIS];
};

struct vcpu;
struct partition;

void vgic_init_cpu_hw(void);	/* once per physical CPU: list register count, maintenance */
void vgic_dist_reset(struct partition *p); /* also the physical SPIs passed through to it */
void vgic_cpu_reset(struct vgic_cpu *c);

/* MMIO from a guest vCPU; offset within the region. false = not a register we emulate. */
bool vgic_dist_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size);
bool vgic_redist_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size);
/* A write to ICC_SGI1R_EL1 (trapped): SGIs to the guest's vCPUs. */
void vgic_sgi(struct vcpu *v, uint64_t sgi1r);

/* Make intid pending for vCPU v (a private interrupt) or for the guest (an SPI).
 * Caller holds the guest's lock. Wakes the target vCPU if it waits in WFI. */
void vgic_inject_private(struct vcpu *v, uint32_t intid, bool hw);
void vgic_set_spi_line(struct partition *p, uint32_t intid, bool level);
/* A passed-through SPI fired on this CPU (priority dropped, still active): make it pending
 * for its guest. false: not a guest's, or its guest is off (then it is masked and the caller
 * deactivates it). */
bool vgic_forward_spi(uint32_t intid);

/* Does v (on this CPU) have an interrupt it could take (for WFI)? Caller holds the guest's
 * lock. */
bool vgic_has_pending(struct vcpu *v);

/* World switch of a guest vCPU: LRs and virtual CPU interface state. */
void vgic_save(struct vcpu *v);
void vgic_load(struct vcpu *v);
void vgic_disable_hw(void);	/* a non-guest vCPU is about to run */
/* Before returning to a guest vCPU: hand pending interrupts to list registers. */
void vgic_flush(struct vcpu *v);
/* The maintenance interrupt (PPI 9) on this CPU. */
void vgic_maintenance(void);

#endif
