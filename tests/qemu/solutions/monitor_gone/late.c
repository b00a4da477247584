// SPDX-License-Identifier: GPL-2.0-only
/* Its start needs the monitor's verdict: with the monitor gone it must never run. */
#include <stdio.h>

int main(void)
{
	printf("Late is running (it must not)\n");
	return 0;
}
