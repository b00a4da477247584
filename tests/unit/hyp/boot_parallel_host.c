// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot_parallel() for the host unit tests: the work runs on three threads at once, as it runs
 * on every CPU at boot, so that a package test also exercises the sharing of its jobs.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <hyp/boot_parallel.h>

#define HOST_WORKERS 2

struct host_work {
	void (*fn)(void *arg);
	void *arg;
};

static void *worker(void *p)
{
	struct host_work *w = p;

	w->fn(w->arg);
	return NULL;
}

void boot_parallel(void (*fn)(void *arg), void *arg)
{
	struct host_work w = { fn, arg };
	pthread_t t[HOST_WORKERS];
	int started = 0;

	for (int i = 0; i < HOST_WORKERS; i++)
		if (pthread_create(&t[i], NULL, worker, &w) == 0)
			started++;
		else
			break;
	fn(arg);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

/* No secondary CPUs on the host. */
void boot_parallel_serve(volatile bool *online)
{
	(void)online;
	abort();
}

void boot_parallel_end(void)
{
}
