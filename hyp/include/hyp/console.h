/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: one UART shared by the hypervisor's log and every partition. Lines
 * are written whole under a lock, so output of several CPUs never interleaves inside a line;
 * partition output is buffered per partition up to the newline and prefixed with its name.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partition;

/* The UART driver the platform provides (hyp/platform/.../pl011.c). */
void uart_init(uint64_t base);
void uart_putc(char c);
void uart_rx_enable(void);	/* receive interrupts on */
int uart_getc(void);		/* a received character, or -1 */

/*
 * Console input (core/console_input.c), from the UART's receive interrupt. It goes to one
 * partition at a time: the first Linux guest at boot. CONSOLE_SWITCH_KEY (Ctrl-], as in
 * telnet) moves it to the next Linux guest, then to nobody (input dropped), and round again.
 * The partition that has the input also has its output written as it comes, without waiting
 * for the end of the line, so that prompts and echo show.
 */
#define CONSOLE_SWITCH_KEY 0x1d
void console_input_irq(void);
void console_input_init(void);
bool console_has_input(const struct partition *p);

/* Write one complete line (a newline is appended). */
void console_write_line(const char *prefix, const char *text, size_t len);

/* Partition output: buffered until '\n' (or the buffer fills), then printed as "[name] text". */
void console_partition_write(struct partition *p, const char *buf, size_t len);
void console_partition_flush(struct partition *p);

#endif
