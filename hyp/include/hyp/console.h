/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: one UART shared by the hypervisor's log and every partition. Lines
 * are written whole under a lock, so output of several CPUs never interleaves inside a line;
 * partition output is buffered per partition up to the newline and prefixed with its name.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct partition;

/* The UART driver the platform provides (hyp/platform/.../pl011.c). */
void uart_init(uint64_t base);
void uart_putc(char c);

/* Write one complete line (a newline is appended). */
void console_write_line(const char *prefix, const char *text, size_t len);

/* Partition output: buffered until '\n' (or the buffer fills), then printed as "[name] text". */
void console_partition_write(struct partition *p, const char *buf, size_t len);
void console_partition_flush(struct partition *p);

#endif
