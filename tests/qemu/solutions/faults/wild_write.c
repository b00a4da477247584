// SPDX-License-Identifier: GPL-2.0-only
/* Writes one word past the end of its RAM: stage 2 maps nothing there. */
#include <stdint.h>
#include <stdio.h>

#include <kos/thread.h>
#include <uapi/bulkhead/layout.h>

extern const struct bh_boot_info *__kos_boot_info;

int main(void)
{
	volatile uint64_t *outside = (uint64_t *)(__kos_boot_info->ram_base +
						  __kos_boot_info->ram_size + 0x1000);

	KosThreadSleep(30); /* let the ticker get going first */
	printf("writing to 0x%lx\n", (unsigned long)outside);
	*outside = 1;
	printf("FAIL: the write outside my RAM went through\n");
	return 1;
}
