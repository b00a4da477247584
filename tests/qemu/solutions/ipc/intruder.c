// SPDX-License-Identifier: GPL-2.0-only
/* The policy does not let Einit execute this program: this line must never be printed. */
#include <stdio.h>

int main(void)
{
	printf("Intruder is running\n");
	return 0;
}
