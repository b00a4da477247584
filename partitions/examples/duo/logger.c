// SPDX-License-Identifier: GPL-2.0-only
/*
 * Logger: reports every 30 ms, and at the fifth report writes past the end of its own RAM.
 * Stage 2 has nothing mapped there, so the hypervisor stops this partition alone.
 */
#include <stdint.h>
#include <stdio.h>

#include <kos/thread.h>
#include <uapi/bulkhead/layout.h>

extern const struct bh_boot_info *__kos_boot_info;

int main(void)
{
	const struct bh_boot_info *bi = __kos_boot_info;

	for (int n = 1;; n++) {
		printf("report %d\n", n);
		if (n == 5) {
			volatile uint32_t *outside = (uint32_t *)(bi->ram_base + bi->ram_size);

			printf("writing outside my RAM at 0x%lx\n", (unsigned long)outside);
			*outside = 0xdead;
			printf("still alive: isolation is broken\n");
		}
		KosThreadSleep(30);
	}
}
