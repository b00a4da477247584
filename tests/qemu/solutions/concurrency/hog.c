// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

int main(void)
{
	printf("hogging CPU 0\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
