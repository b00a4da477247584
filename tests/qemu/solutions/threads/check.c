// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include <bulkhead/hvc.h>

#include "check.h"

static int checks, failed;

void check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int check_summary(const char *suite)
{
	printf("%s: %d checks, %d failed\n", suite, checks, failed);
	return failed != 0;
}

uint64_t uptime_ms(void)
{
	return bh_hvc0(BH_HC_TIME_UPTIME).r1 / 1000000u;
}
