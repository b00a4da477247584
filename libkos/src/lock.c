// SPDX-License-Identifier: GPL-2.0-only
/*
 * picolibc's retargetable locks (malloc, stdio, ...), so that threads on several CPUs can
 * share the C library. A lock spins on an atomic owner word and yields its vCPU while it
 * waits; futex-backed mutexes come with the synchronisation part of libkos. Dynamically
 * initialised locks come from a fixed pool: malloc itself needs a lock, so it cannot make one.
 */
#include <sys/lock.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

#define LOCK_POOL 32

struct __lock {
	Tid owner; /* 0 = free; tids are never 0 (their generation starts at 1) */
	unsigned int depth;
	int in_use;
};

struct __lock __lock___libc_recursive_mutex;
static struct __lock pool[LOCK_POOL];
static struct __lock fallback; /* shared when the pool runs out: correct, just coarser */

static void lock_init(_LOCK_T *lock)
{
	for (int i = 0; i < LOCK_POOL; i++) {
		int unused = 0;

		if (__atomic_compare_exchange_n(&pool[i].in_use, &unused, 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			*lock = &pool[i];
			return;
		}
	}
	*lock = &fallback;
}

static void lock_close(_LOCK_T lock)
{
	if (lock != &fallback && lock != &__lock___libc_recursive_mutex)
		__atomic_store_n(&lock->in_use, 0, __ATOMIC_RELEASE);
}

static int try_acquire(_LOCK_T lock, int recursive)
{
	Tid me = KosThreadCurrentId();
	Tid unowned = 0;

	if (recursive && __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == me) {
		lock->depth++;
		return 1;
	}
	if (!__atomic_compare_exchange_n(&lock->owner, &unowned, me, 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return 0;
	lock->depth = 1;
	return 1;
}

static void acquire(_LOCK_T lock, int recursive)
{
	while (!try_acquire(lock, recursive))
		bh_hvc0(BH_HC_THREAD_YIELD);
}

static void release(_LOCK_T lock)
{
	if (--lock->depth == 0)
		__atomic_store_n(&lock->owner, 0, __ATOMIC_RELEASE);
}

void __retarget_lock_init(_LOCK_T *lock) { lock_init(lock); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { lock_init(lock); }
void __retarget_lock_close(_LOCK_T lock) { lock_close(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { lock_close(lock); }
void __retarget_lock_acquire(_LOCK_T lock) { acquire(lock, 0); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { acquire(lock, 1); }
int __retarget_lock_try_acquire(_LOCK_T lock) { return try_acquire(lock, 0); }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { return try_acquire(lock, 1); }
void __retarget_lock_release(_LOCK_T lock) { release(lock); }
void __retarget_lock_release_recursive(_LOCK_T lock) { release(lock); }
