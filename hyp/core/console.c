// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include <hyp/console.h>
#include <hyp/partition.h>
#include <hyp/printf.h>
#include <hyp/spinlock.h>

static spinlock_t console_lock = SPINLOCK_INIT;

static void put_raw(const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

void console_write_line(const char *prefix, const char *text, size_t len)
{
	spin_lock(&console_lock);
	if (prefix)
		put_raw(prefix, strlen(prefix));
	put_raw(text, len);
	put_raw("\n", 1);
	spin_unlock(&console_lock);
}

static void flush_line(struct partition *p)
{
	char prefix[BH_NAME_MAX + 4];

	snprintf(prefix, sizeof(prefix), "[%s] ", p->name);
	console_write_line(prefix, p->con_buf, p->con_len);
	p->con_len = 0;
}

void console_partition_write(struct partition *p, const char *buf, size_t len)
{
	spin_lock(&p->con_lock);
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			flush_line(p);
			continue;
		}
		if (c == '\r')
			continue;
		/* Control characters from a partition must not drive the terminal. */
		if ((unsigned char)c < 0x20 && c != '\t')
			c = '?';
		p->con_buf[p->con_len++] = c;
		if (p->con_len == sizeof(p->con_buf))
			flush_line(p);
	}
	spin_unlock(&p->con_lock);
}

void console_partition_flush(struct partition *p)
{
	spin_lock(&p->con_lock);
	if (p->con_len)
		flush_line(p);
	spin_unlock(&p->con_lock);
}
