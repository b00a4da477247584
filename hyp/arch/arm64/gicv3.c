// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 for the hypervisor's own use: the EL2 physical timer (CNTHP) and one SGI that makes
 * another CPU re-run its scheduler. All interrupts are group 1 and taken at EL2 (HCR_EL2.IMO).
 * Also taken here: the maintenance interrupt of the virtual CPU interface, the virtual timer's
 * interrupt (forwarded to the Linux guest whose vCPU runs, arch/arm64/vgic.c), and the UART's
 * receive interrupt (console input, core/console_input.c), routed to CPU 0.
 * SPIs granted to driver partitions are routed to one CPU and handed to hyp/core/io_irq.c,
 * which wakes the partition's waiting thread. SPIs granted to a Linux guest are forwarded to
 * it (vgic.c): they stay active until the guest's EOI deactivates them through a hardware
 * list register entry, so they are not deactivated here.
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/cpu.h>
#include <hyp/io.h>
#include <hyp/log.h>
#include <hyp/platform.h>
#include <hyp/sched.h>

#include <arch/gic_regs.h>
#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define SGI_RESCHED 0

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICR_STRIDE 0x20000
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

#define __rd(r) read_sysreg(r)
#define __wr(r, v) write_sysreg(r, v)
#define rd(r) __rd(r)
#define wr(r, v) __wr(r, v)

static uint64_t gicd, gicr_region, gicr_region_size;
static uint32_t timer_intid;
static uint64_t cpu_rd[CONFIG_NR_CPUS];
static uint32_t uart_intid = 1023;

#define VTIMER_INTID 27u /* PPI 11: the virtual timer, forwarded to Linux guests */

static void uart_irq_init(const struct platform *plat);

static inline uint32_t mmio_read32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t mmio_read64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_write64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

static uint32_t mpidr_affinity(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

static uint64_t find_redistributor(uint64_t mpidr)
{
	for (uint64_t rd = gicr_region; rd < gicr_region + gicr_region_size; rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == mpidr_affinity(mpidr))
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

void arch_irq_init(const struct platform *plat, uint32_t cpu)
{
	uint64_t rd;

	if (cpu == 0) {
		gicd = plat->gicd_base;
		gicr_region = plat->gicr_base;
		gicr_region_size = plat->gicr_size;
		timer_intid = plat->hyp_timer_intid;
		mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
		while (mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
			;
		mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	}

	rd = find_redistributor(plat->mpidr[cpu]);
	if (!rd)
		panic("no GICv3 redistributor for CPU %u (MPIDR 0x%lx)", cpu, plat->mpidr[cpu]);
	cpu_rd[cpu] = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	mmio_write32(rd + GICR_ICENABLER0, 0xffffffff);
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffff);
	mmio_write8(rd + GICR_IPRIORITYR + SGI_RESCHED, 0x80);
	mmio_write8(rd + GICR_IPRIORITYR + timer_intid, 0x80);
	mmio_write8(rd + GICR_IPRIORITYR + INTID_MAINTENANCE, 0x80);
	mmio_write8(rd + GICR_IPRIORITYR + VTIMER_INTID, 0x80);
	mmio_write32(rd + GICR_ISENABLER0, (1u << SGI_RESCHED) | (1u << timer_intid) |
						   (1u << INTID_MAINTENANCE) | (1u << VTIMER_INTID));

	wr(ICC_SRE_EL2, rd(ICC_SRE_EL2) | 0x9); /* SRE, and let EL1 use the system registers */
	isb();
	wr(ICH_HCR_EL2, 0);
	wr(ICC_PMR_EL1, 0xff);
	wr(ICC_BPR1_EL1, 0);
	/* EOImode 1: EOIR only drops the priority, DIR deactivates. The virtual timer's interrupt
	 * stays active until the guest's own EOI deactivates it through the list register. */
	wr(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	wr(ICC_IGRPEN1_EL1, 1);
	isb();
	vgic_init_cpu_hw();
	if (cpu == 0)
		uart_irq_init(plat);
}


static void uart_irq_init(const struct platform *plat)
{
	if (!plat->uart_intid)
		return;
	uart_intid = plat->uart_intid;
	gic_enable_spi(uart_intid);
	uart_rx_enable();
}

/* A shared peripheral interrupt the hypervisor takes itself, on CPU 0 (console input). */
void gic_enable_spi(uint32_t intid)
{
	uint64_t aff = pcpus[0].mpidr;

	mmio_write32(gicd + GICD_IGROUPR + (intid / 32) * 4,
		     mmio_read32(gicd + GICD_IGROUPR + (intid / 32) * 4) | (1u << (intid % 32)));
	mmio_write8(gicd + GICD_IPRIORITYR + intid, 0x80);
	mmio_write64(gicd + GICD_IROUTER + intid * 8, (aff & 0xffffff) | ((aff >> 32) & 0xff) << 32);
	mmio_write32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void arch_irq_handle_pending(void)
{
	for (;;) {
		uint64_t iar = rd(ICC_IAR1_EL1);
		uint32_t intid = iar & 0xffffff;

		if (intid >= 1020)
			break;
		wr(ICC_EOIR1_EL1, iar);
		if (intid == VTIMER_INTID) {
			/* Deactivated by the guest's EOI (or by guest_vtimer_irq if nobody owns it). */
			guest_vtimer_irq();
			continue;
		}
		if (intid == timer_intid) {
			/* Mask until the scheduler programs the next deadline. */
			arch_timer_mask();
			sched_timer_expired();
		} else if (intid == INTID_MAINTENANCE) {
			vgic_maintenance();
		} else if (intid == uart_intid) {
			console_input_irq();
		} else if (intid >= 32) {
			if (vgic_forward_spi(intid))
				continue; /* the guest's EOI deactivates it */
			io_irq_raised(intid); /* masks it: DIR below cannot make it fire again */
		}
		/* SGI_RESCHED needs no action: the scheduler runs on the way out of every trap. */
		wr(ICC_DIR_EL1, iar);
	}
	isb();
}

void gic_deactivate(uint32_t intid)
{
	wr(ICC_DIR_EL1, intid);
	isb();
}

void arch_send_resched(uint32_t cpu)
{
	uint64_t mpidr = pcpus[cpu].mpidr;
	uint64_t sgi = ((uint64_t)SGI_RESCHED << 24) | (1ull << (mpidr & 0xf)) |
		       (((mpidr >> 8) & 0xff) << 16) | (((mpidr >> 16) & 0xff) << 32) |
		       (((mpidr >> 32) & 0xff) << 48);

	dsb(ishst);
	wr(ICC_SGI1R_EL1, sgi);
	isb();
}

/* Callers serialise (sched_lock): the group and configuration registers are shared. */
void arch_irq_spi_route(uint32_t intid, uint32_t cpu, bool edge)
{
	uint64_t mpidr = pcpus[cpu].mpidr;
	uint64_t cfg = gicd + GICD_ICFGR + 4 * (intid / 16);
	uint32_t shift = 2 * (intid % 16) + 1;

	arch_irq_spi_mask(intid, true);
	mmio_write32(gicd + GICD_IGROUPR + 4 * (intid / 32),
		     mmio_read32(gicd + GICD_IGROUPR + 4 * (intid / 32)) | 1u << (intid % 32));
	mmio_write8(gicd + GICD_IPRIORITYR + intid, 0xa0);
	mmio_write32(cfg, (mmio_read32(cfg) & ~(1u << shift)) | (uint32_t)edge << shift);
	mmio_write64(gicd + GICD_IROUTER + 8 * intid,
		     (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32);
}

void arch_irq_spi_mask(uint32_t intid, bool masked)
{
	mmio_write32(gicd + (masked ? GICD_ICENABLER : GICD_ISENABLER) + 4 * (intid / 32),
		     1u << (intid % 32));
}

/* The SPIs of Linux guests (vgic.c). Set/clear registers: no lock needed. */
void gic_spi_set_pending(uint32_t intid)
{
	mmio_write32(gicd + GICD_ISPENDR + 4 * (intid / 32), 1u << (intid % 32));
}

bool gic_spi_is_pending(uint32_t intid)
{
	return mmio_read32(gicd + GICD_ISPENDR + 4 * (intid / 32)) & (1u << (intid % 32));
}

void gic_spi_clear(uint32_t intid)
{
	mmio_write32(gicd + GICD_ICPENDR + 4 * (intid / 32), 1u << (intid % 32));
	mmio_write32(gicd + GICD_ICACTIVER + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_spi_clear_pending(uint32_t intid)
{
	mmio_write32(gicd + GICD_ICPENDR + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_spi_deactivate(uint32_t intid)
{
	mmio_write32(gicd + GICD_ICACTIVER + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_spi_set_target(uint32_t intid, uint32_t cpu)
{
	uint64_t mpidr = pcpus[cpu].mpidr;

	mmio_write64(gicd + GICD_IROUTER + 8 * intid,
		     (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32);
}

/* ICFGR is shared by 16 SPIs: the caller holds sched_lock, as arch_irq_spi_route's do. */
void gic_spi_set_edge(uint32_t intid, bool edge)
{
	uint64_t cfg = gicd + GICD_ICFGR + 4 * (intid / 16);
	uint32_t shift = 2 * (intid % 16) + 1;

	mmio_write32(cfg, (mmio_read32(cfg) & ~(1u << shift)) | (uint32_t)edge << shift);
}
