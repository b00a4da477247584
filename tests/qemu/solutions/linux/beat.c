// SPDX-License-Identifier: GPL-2.0-only
/*
 * The secure partition beside the Linux guest in tests/qemu/test_linux.c: it wakes every
 * 50 ms on CPU 0, for ever, and every 20 wake-ups reports how late the latest of them was.
 */
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

#define PERIOD_MS 50u

static uint64_t now_ns(void)
{
	return bh_hvc0(BH_HC_TIME_UPTIME).r1;
}

int main(void)
{
	uint64_t worst = 0;

	for (unsigned long n = 1;; n++) {
		uint64_t before = now_ns(), late;

		KosThreadSleep(PERIOD_MS);
		late = now_ns() - before - PERIOD_MS * 1000000ull;
		if (late > worst)
			worst = late;
		if (n % 20 == 0) {
			printf("beat %lu worst lateness %lu us\n", n, (unsigned long)(worst / 1000));
			worst = 0;
		}
	}
}
