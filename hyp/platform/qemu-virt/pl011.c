// SPDX-License-Identifier: GPL-2.0-only
/* PL011 UART: the hypervisor's console. Output is polled; input comes by interrupt. */
#include <stdint.h>

#include <hyp/console.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)
#define UART_FR_RXFE (1u << 4)
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define UART_INT_RX (1u << 4)
#define UART_INT_RT (1u << 6)

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

void uart_rx_enable(void)
{
	uart[UART_ICR / 4] = UART_INT_RX | UART_INT_RT;
	uart[UART_IMSC / 4] = UART_INT_RX | UART_INT_RT;
}

int uart_getc(void)
{
	if (uart[UART_FR / 4] & UART_FR_RXFE)
		return -1;
	return (int)(uart[UART_DR / 4] & 0xff);
}
