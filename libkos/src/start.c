// SPDX-License-Identifier: GPL-2.0-only
/*
 * C start-up of a partition: TLS of the main thread, heap, argv/envp from the boot info,
 * then main(); exit() ends the whole partition (every thread), as a process does.
 */
#include <errno.h>
#include <picotls.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/hvc.h>

#include "internal.h"

#define MAX_ARGS 32
#define MAX_ENV 64

extern int main(int argc, char **argv, char **envp);
extern char __heap_start[];
extern char __tls_base[];
extern void __libc_init_array(void);

const struct bh_boot_info *__kos_boot_info;
char **environ;

static struct kos_thread main_thread;
static char *heap_top, *heap_end;
static char *argv[MAX_ARGS + 1];
static char *envp[MAX_ENV + 1];

/* picolibc's malloc grows the heap through sbrk(): up to the main thread's stack. */
void *sbrk(ptrdiff_t incr)
{
	char *old = heap_top;

	if (incr > 0 ? incr > heap_end - heap_top : -incr > heap_top - __heap_start) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_top += incr;
	return old;
}

_Noreturn void _exit(int code)
{
	bh_hvc1(BH_HC_PARTITION_EXIT, (uint64_t)(int64_t)code);
	for (;;)
		;
}

/* Split NUL-separated strings into a NULL-terminated vector. */
static int split(char *blob, uint32_t size, char **vec, int max)
{
	int n = 0;

	for (uint32_t i = 0; i < size && n < max; n++) {
		vec[n] = blob + i;
		i += strnlen(blob + i, size - i) + 1;
	}
	vec[n] = NULL;
	return n;
}

void __kos_start(struct bh_boot_info *bi)
{
	static char args_copy[sizeof(bi->args)], env_copy[sizeof(bi->env)];
	int argc;

	__kos_boot_info = bi;
	/* The main thread's TLS lives in place in the image (.tdata/.tbss). */
	_set_tls(__tls_base);
	heap_top = __heap_start;
	heap_end = (char *)bi - CONFIG_LIBKOS_THREAD_STACK_KB * 1024;
	__kos_threads_init(&main_thread);

	memcpy(args_copy, bi->args, sizeof(args_copy));
	memcpy(env_copy, bi->env, sizeof(env_copy));
	argc = split(args_copy, bi->args_size < sizeof(args_copy) ? bi->args_size : 0, argv,
		     MAX_ARGS);
	if (argc == 0) {
		/* Like a process started without arguments: argv[0] is the program's name. */
		argv[0] = (char *)bi->name;
		argv[1] = NULL;
		argc = 1;
	}
	split(env_copy, bi->env_size < sizeof(env_copy) ? bi->env_size : 0, envp, MAX_ENV);
	environ = envp;

	__libc_init_array();
	exit(main(argc, argv, environ));
}
