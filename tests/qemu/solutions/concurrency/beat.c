// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

int main(void)
{
	for (int i = 1; i <= 5; i++) {
		printf("beat %d\n", i);
		KosThreadSleep(10);
	}
	printf("powering off\n");
	bh_hvc0(BH_HC_POWER_OFF);
	return 1;
}
