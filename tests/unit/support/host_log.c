// SPDX-License-Identifier: GPL-2.0-only
/*
 * hyp_log() and panic() for hypervisor code built into the host unit tests. Log lines are
 * expected output of error-path tests, so they are shown only with BH_TEST_VERBOSE=1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <criterion/criterion.h>
#include <hyp/log.h>

void hyp_log(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	if (!getenv("BH_TEST_VERBOSE"))
		return;
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
