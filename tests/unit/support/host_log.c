// SPDX-License-Identifier: GPL-2.0-only
/* hyp_log() and panic() for hypervisor code built into the host unit tests. */
#include <stdarg.h>
#include <stdio.h>

#include <criterion/criterion.h>
#include <hyp/log.h>

void hyp_log(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cr_assert_fail("hypervisor panic: %s", msg);
	__builtin_unreachable();
}
