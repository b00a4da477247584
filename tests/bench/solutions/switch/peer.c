// SPDX-License-Identifier: GPL-2.0-only
/* Sleeps while Bench measures alone, then only yields, so that every Bench yield comes back. */
#include <kos/thread.h>

int main(void)
{
	KosThreadSleep(50);
	for (;;)
		KosThreadYield();
}
