/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PL011 a Linux guest sees (vpl011.c): enough of the ARM PrimeCell UART for Linux's
 * amba-pl011 driver and for earlycon. Transmit is infinitely fast (the FIFO is always empty);
 * what the guest writes goes to the console prefixed with the partition's name. Receive is a
 * 32-byte FIFO filled from the console input when the input is switched to this guest.
 */
#ifndef ARCH_VPL011_H
#define ARCH_VPL011_H

#include <stdbool.h>
#include <stdint.h>

#define VPL011_FIFO 32u

struct vpl011 {
	uint8_t rx[VPL011_FIFO];
	uint32_t rx_head, rx_count;
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	bool tx_int; /* TXRIS: set by a write to DR, cleared by ICR */
	uint32_t overruns;
};

struct vcpu;
struct partition;

void vpl011_reset(struct vpl011 *u);
bool vpl011_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val, uint32_t size);

#endif
