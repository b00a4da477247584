// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads a pointer-authentication key register. Only a Linux guest has keys of its own: a
 * secure partition's access traps, so that it never reads what a guest on the same CPU left.
 */
#include <stdio.h>

#include <kos/thread.h>

int main(void)
{
	unsigned long key;

	KosThreadSleep(30);
	printf("reading APIAKeyLo_EL1\n");
	__asm__ volatile("mrs %0, S3_0_C2_C1_0" : "=r"(key));
	printf("FAIL: read a key 0x%lx\n", key);
	return 1;
}
