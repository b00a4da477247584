// SPDX-License-Identifier: GPL-2.0-only
/* Threads on both CPUs sharing the C library: malloc, printf and TLS under contention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kos/thread.h>

#include "check.h"

#define WORKERS 4
#define ROUNDS 300

static int worker(void *context)
{
	int id = (int)(long)context;
	long sum = 0;

	for (int i = 0; i < ROUNDS; i++) {
		size_t size = 16 + (size_t)((i * 37 + id * 11) % 500);
		unsigned char *p = malloc(size);

		if (!p)
			return -1;
		memset(p, id, size);
		for (size_t j = 0; j < size; j++)
			sum += p[j] != id; /* another thread scribbling here would show */
		free(p);
		if (i % 100 == 0)
			printf("worker %d round %d\n", id, i);
	}
	return (int)sum;
}

int main(void)
{
	Tid t[WORKERS];
	rtl_int32_t code;
	int bad = 0;

	for (long i = 0; i < WORKERS; i++)
		if (KosThreadCreate(&t[i], 10, 0, worker, (void *)(i + 1), 0) != rcOk)
			bad++;
	for (int i = 0; i < WORKERS; i++) {
		code = -1;
		KosThreadWaitExitCode(t[i], INFINITE_TIMEOUT, &code);
		bad += code != 0;
	}
	check("malloc_on_two_cpus", bad == 0, "%d workers failed", bad);
	return check_summary("smp");
}
