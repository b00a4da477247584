// SPDX-License-Identifier: GPL-2.0-only
/* The policy's execute rule for this program depends on model state: the monitor decides it
 * at boot and denies it, so this line must never appear. */
#include <stdio.h>

int main(void)
{
	printf("Late is running (it must not)\n");
	return 0;
}
