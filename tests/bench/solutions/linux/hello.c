// SPDX-License-Identifier: GPL-2.0-only
/* make bench: a secure component that greets once and leaves CPU 0 idle. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	(void)argc;
	printf("Hello from %s, a secure partition on CPU 0 beside Linux.\n", argv[0]);
	return EXIT_SUCCESS;
}
