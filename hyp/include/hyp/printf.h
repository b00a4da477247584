/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatting for the hypervisor (hyp/core/printf.c: %d %i %u %x %X %p %s %c %%, with the
 * l, ll, z length modifiers, '-', '0' flags and a field width). Host unit tests use libc's.
 */
#ifndef HYP_PRINTF_H
#define HYP_PRINTF_H

#ifdef BH_HOST_TEST
#include <stdio.h>
#else
#include <stdarg.h>
#include <stddef.h>
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif

#endif
