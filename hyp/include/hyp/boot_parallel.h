/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Work for every CPU at boot, before any partition exists: the boot CPU hands a function to
 * the secondary CPUs that are online and waiting, runs it too, and goes on once all returned.
 * The boot CPU and the secondaries must have their interrupt controller set up (cpu_setup()):
 * waiting CPUs sleep until an SGI.
 * The boot package's hashes are verified this way (hyp/core/package.c).
 */
#ifndef HYP_BOOT_PARALLEL_H
#define HYP_BOOT_PARALLEL_H

#include <stdbool.h>

/*
 * Runs fn(arg) on the calling CPU and on every secondary CPU in boot_parallel_serve(), and
 * returns when all of them have returned. fn shares out its work itself (an atomic counter),
 * so a CPU that never came online only makes it slower. Boot CPU only; not reentrant.
 */
void boot_parallel(void (*fn)(void *arg), void *arg);

/*
 * A secondary CPU at boot: set *online once it is counted by boot_parallel(), then run what
 * boot_parallel() hands out until boot_parallel_end().
 */
void boot_parallel_serve(volatile bool *online);

/* Boot CPU: no more work; the secondary CPUs return from boot_parallel_serve(). */
void boot_parallel_end(void);

#endif
