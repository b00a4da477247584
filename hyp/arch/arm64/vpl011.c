// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulated PL011 of a Linux guest. Register offsets and bits are those of the ARM PrimeCell
 * UART (PL011) technical reference manual; the identification registers read as a PL011 so
 * that Linux's AMBA bus binds its amba-pl011 driver. The interrupt (GUEST_UART_INTID) is the
 * level of RIS & IMSC, recomputed after every access and every received character.
 */
#include <hyp/console.h>
#include <hyp/guest.h>
#include <hyp/partition.h>

#include <arch/vgic.h>
#include <arch/vpl011.h>

#define UART_DR 0x000
#define UART_RSR 0x004
#define UART_FR 0x018
#define UART_ILPR 0x020
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048
#define UART_PERIPHID0 0xfe0

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)

/* PeriphID0..3 then PCellID0..3: part 0x011, designer ARM, revision 1. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_reset(struct vpl011 *u)
{
	*u = (struct vpl011){ .cr = 0x300, .ifls = 0x12 };
}

static uint32_t ris(const struct vpl011 *u)
{
	return (u->rx_count ? INT_RX | INT_RT : 0) | (u->tx_int ? INT_TX : 0);
}

static void update_line(struct partition *p)
{
	struct vpl011 *u = &p->guest.arch.uart;

	vgic_set_spi_line(p, GUEST_UART_INTID, (ris(u) & u->imsc) != 0);
}

void arch_guest_uart_receive(struct partition *p, char c)
{
	struct vpl011 *u = &p->guest.arch.uart;

	if (u->rx_count == VPL011_FIFO) {
		u->overruns++;
		return;
	}
	u->rx[(u->rx_head + u->rx_count++) % VPL011_FIFO] = (uint8_t)c;
	update_line(p);
}

static uint32_t read_reg(struct vpl011 *u, uint64_t off)
{
	uint32_t c;

	switch (off) {
	case UART_DR:
		if (!u->rx_count)
			return 0;
		c = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % VPL011_FIFO;
		u->rx_count--;
		return c;
	case UART_FR:
		return FR_TXFE | (u->rx_count ? 0 : FR_RXFE);
	case UART_IBRD: return u->ibrd;
	case UART_FBRD: return u->fbrd;
	case UART_LCR_H: return u->lcr_h;
	case UART_CR: return u->cr;
	case UART_IFLS: return u->ifls;
	case UART_IMSC: return u->imsc;
	case UART_RIS: return ris(u);
	case UART_MIS: return ris(u) & u->imsc;
	case UART_DMACR: return u->dmacr;
	default:
		if (off >= UART_PERIPHID0 && off < UART_PERIPHID0 + 32 && !(off & 3))
			return pl011_id[(off - UART_PERIPHID0) / 4];
		return 0;
	}
}

static void write_reg(struct partition *p, struct vpl011 *u, uint64_t off, uint32_t val)
{
	char c;

	switch (off) {
	case UART_DR:
		c = (char)val;
		console_partition_write(p, &c, 1);
		u->tx_int = true;
		break;
	case UART_IBRD: u->ibrd = val & 0xffff; break;
	case UART_FBRD: u->fbrd = val & 0x3f; break;
	case UART_LCR_H: u->lcr_h = val & 0xff; break;
	case UART_CR: u->cr = val & 0xffff; break;
	case UART_IFLS: u->ifls = val & 0x3f; break;
	case UART_IMSC: u->imsc = val & 0x7ff; break;
	case UART_ICR:
		if (val & INT_TX)
			u->tx_int = false;
		break;
	case UART_DMACR: u->dmacr = val & 7; break;
	default: break; /* RSR/ECR writes clear errors we never have; the rest is read-only */
	}
}

bool vpl011_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size)
{
	struct partition *p = v->part;
	struct vpl011 *u = &p->guest.arch.uart;

	/* Linux uses 32-bit accesses (earlycon may use 8-bit ones for DR). */
	if (size > 4)
		return false;
	spin_lock(&p->guest.lock);
	if (write)
		write_reg(p, u, off, (uint32_t)*val);
	else
		*val = read_reg(u, off);
	update_line(p);
	spin_unlock(&p->guest.lock);
	return true;
}
