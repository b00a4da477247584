// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include <hyp/console.h>
#include <hyp/partition.h>
#include <hyp/printf.h>
#include <hyp/spinlock.h>

static spinlock_t console_lock = SPINLOCK_INIT;
static struct partition *partial; /* whose unfinished line is on the terminal */

/* Another line starts: end the unfinished one first. */
static void break_partial(void)
{
	if (partial) {
		uart_putc('\r');
		uart_putc('\n');
		partial = NULL;
	}
}

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
	break_partial();
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

/* Output of a guest someone types to: written as it comes, prefixed at each line start. */
static void write_live(struct partition *p, const char *buf, size_t len)
{
	char prefix[BH_NAME_MAX + 4];

	snprintf(prefix, sizeof(prefix), "[%s] ", p->name);
	spin_lock(&console_lock);
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\r')
			continue;
		if (partial != p) {
			break_partial();
			put_raw(prefix, strlen(prefix));
			partial = p;
		}
		if (c == '\n') {
			put_raw("\n", 1);
			partial = NULL;
			continue;
		}
		/* Backspace and tab serve line editing; other control characters do not pass. */
		if ((unsigned char)c < 0x20 && c != '\t' && c != '\b')
			c = '?';
		uart_putc(c);
	}
	spin_unlock(&console_lock);
}

void console_partition_write(struct partition *p, const char *buf, size_t len)
{
	if (partition_is_guest(p) && p->guest.console_live && console_has_input(p)) {
		write_live(p, buf, len);
		return;
	}
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
