// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console input: characters from the UART's receive interrupt go to the partition that has
 * the input (a Linux guest's emulated PL011); CONSOLE_SWITCH_KEY passes the input on. Secure
 * partitions have no console input call, so only Linux guests take part. Only CPU 0 takes
 * the interrupt, so `focus` has one writer.
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

static struct partition *focus; /* NULL: input is dropped */

static struct partition *next_guest(const struct partition *after)
{
	uint32_t start = after ? after->id + 1 : 0;

	for (uint32_t i = start; i < nr_partitions; i++)
		if (partition_is_guest(&partitions[i]))
			return &partitions[i];
	return NULL;
}

void console_input_init(void)
{
	focus = next_guest(NULL);
	if (focus)
		log_info("console input goes to '%s' (Ctrl-] switches)", focus->name);
}

bool console_has_input(const struct partition *p)
{
	return p == __atomic_load_n(&focus, __ATOMIC_RELAXED);
}

void console_input_irq(void)
{
	int c;

	while ((c = uart_getc()) >= 0) {
		if (c == CONSOLE_SWITCH_KEY) {
			if (focus)
				console_partition_flush(focus);
			__atomic_store_n(&focus, next_guest(focus), __ATOMIC_RELAXED);
			log_info("console input goes to %s%s%s", focus ? "'" : "",
				 focus ? focus->name : "nobody (dropped)", focus ? "'" : "");
			continue;
		}
		if (focus && focus->state == PART_RUNNING) {
			/* Someone types: from now on show this guest's output as it comes. */
			focus->guest.console_live = true;
			console_partition_flush(focus);
			spin_lock(&focus->guest.lock);
			arch_guest_uart_receive(focus, (char)c);
			spin_unlock(&focus->guest.lock);
		}
	}
}
