// SPDX-License-Identifier: GPL-2.0-only
/*
 * A secure component that keeps running whatever the Linux guest does: it reports every
 * PERIOD milliseconds (argv[1], default 10000) with its uptime.
 */
#include <stdio.h>
#include <stdlib.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

int main(int argc, char *argv[])
{
	unsigned long period = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;

	if (period == 0 || period > 3600000)
		period = 10000;
	for (unsigned long n = 1;; n++) {
		KosThreadSleep((rtl_uint32_t)period);
		printf("beat %lu at %lu ms\n", n,
		       (unsigned long)(bh_hvc0(BH_HC_TIME_UPTIME).r1 / 1000000u));
	}
}
