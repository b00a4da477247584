// SPDX-License-Identifier: GPL-2.0-only
/* A secure component that greets once, while Linux boots beside it. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	(void)argc;
	printf("Hello from %s, a secure partition on CPU 0 beside Linux.\n", argv[0]);
	return EXIT_SUCCESS;
}
