// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer: any bytes as init.yaml. The loader must accept the file or reject it with one
 * message, never crash or leak. The input reaches it as a file (a memfd), as in einit.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "solution.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static struct config cfg;
	static char path[64];
	static struct err e;
	struct solution sol = {.name = "fuzz", .skip_images = true};

	if (fd < 0) {
		fd = memfd_create("init.yaml", 0);
		if (fd < 0 || config_load("/dev/null", &cfg, &e))
			__builtin_trap();
		cfg.nr_cpus = 4;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	e.msg[0] = '\0';
	if (solution_load(&sol, path, NULL, &cfg, &e) && !e.msg[0])
		__builtin_trap(); /* a failure always says why */
	solution_free(&sol);
	return 0;
}
