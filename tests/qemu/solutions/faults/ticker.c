// SPDX-License-Identifier: GPL-2.0-only
/* Keeps printing while its neighbours fault: evidence that they did not take it down. */
#include <stdio.h>

#include <kos/thread.h>

int main(void)
{
	for (int i = 1; i <= 20; i++) {
		printf("tick %d\n", i);
		KosThreadSleep(20);
	}
	return 0;
}
