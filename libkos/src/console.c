// SPDX-License-Identifier: GPL-2.0-only
/*
 * stdout/stderr of picolibc's tinystdio, over the console hypercall. Each thread buffers its
 * own line, so a line is written whole; the hypervisor prefixes it with the partition's name.
 */
#include <stdio.h>

#include <bulkhead/hvc.h>

#include "internal.h"

static __thread char line[256];
static __thread size_t line_len;

void __kos_console_write(const char *buf, size_t len)
{
	while (len) {
		struct bh_hvc_result r = bh_hvc2(BH_HC_CONSOLE_WRITE, (uint64_t)buf, len);

		if (r.rc != rcOk || r.r1 == 0)
			return;
		buf += r.r1;
		len -= r.r1;
	}
}

static int console_flush(FILE *f)
{
	(void)f;
	__kos_console_write(line, line_len);
	line_len = 0;
	return 0;
}

static int console_putc(char c, FILE *f)
{
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_flush(f);
	return (unsigned char)c;
}

static FILE console = FDEV_SETUP_STREAM(console_putc, NULL, console_flush, _FDEV_SETUP_WRITE);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
