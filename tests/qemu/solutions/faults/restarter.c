// SPDX-License-Identifier: GPL-2.0-only
/* Faults on its first two runs; its manifest says on-fault: restart. */
#include <stdio.h>

#include <uapi/bulkhead/layout.h>

extern const struct bh_boot_info *__kos_boot_info;
static int initialised = 7; /* must be 7 again after every restart: .data is reloaded */

int main(void)
{
	unsigned int run = __kos_boot_info->restart_count;

	printf("run %u, initialised %d\n", run, initialised);
	initialised = 0;
	if (run < 2)
		__asm__ volatile("udf #1");
	printf("came back after %u restarts\n", run);
	return 0;
}
