// SPDX-License-Identifier: GPL-2.0-only
/* The KasperskyOS "hello" example, as a Bulkhead partition. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	(void)argc;
	fprintf(stderr, "Hello world!\n");
	printf("I am %s, running in my own partition.\n", argv[0]);
	return EXIT_SUCCESS;
}
