// SPDX-License-Identifier: GPL-2.0-only
/* Executes a permanently undefined instruction. */
#include <stdio.h>

#include <kos/thread.h>

int main(void)
{
	KosThreadSleep(30);
	printf("executing udf\n");
	__asm__ volatile("udf #0x42");
	printf("FAIL: udf did not fault\n");
	return 1;
}
