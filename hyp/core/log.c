// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>

#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/log.h>
#include <hyp/printf.h>

static const char *const level_prefix[] = { "hyp: error: ", "hyp: warning: ", "hyp: ", "hyp: " };

void hyp_log(int level, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	console_write_line(level_prefix[level & 3], line, n);
}

void panic(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	arch_irq_disable();
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	console_write_line("hyp: PANIC: ", line, n);
	arch_halt_system();
}
