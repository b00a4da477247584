// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include <coresrv/time/time_api.h>

#include "suite.h"

static int passed, failed, case_failed;
static char why[200];

void suite_fail(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (case_failed)
		return;
	case_failed = 1;
	va_start(ap, fmt);
	n = vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(why))
		snprintf(why + n, sizeof(why) - (size_t)n, " (line %d)", line);
}

void suite_run(const char *name, void (*fn)(void))
{
	case_failed = 0;
	fn();
	if (case_failed) {
		failed++;
		printf("FAIL %s: %s\n", name, why);
	} else {
		passed++;
		printf("PASS %s\n", name);
	}
}

int suite_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}

uint64_t now_ms(void)
{
	return KnGetMSecSinceStart();
}
