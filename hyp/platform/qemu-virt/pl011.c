// SPDX-License-Identifier: GPL-2.0-only
/* PL011 UART, transmit only: the hypervisor's console. */
#include <stdint.h>

#include <hyp/console.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)

/* QEMU virt's UART, used until the device tree has been read. */
static volatile uint32_t *uart = (volatile uint32_t *)0x09000000;

void uart_init(uint64_t base)
{
	uart = (volatile uint32_t *)base;
}

void uart_putc(char c)
{
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint8_t)c;
}
