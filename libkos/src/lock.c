// SPDX-License-Identifier: GPL-2.0-only
/*
 * picolibc's retargetable locks (malloc, stdio, ...), so that threads on several CPUs can
 * share the C library: each is a recursive KosMutex, so a waiting thread sleeps on a futex.
 * Dynamically initialised locks come from a fixed pool: malloc itself needs a lock, so it
 * cannot make one. Every lock is recursive: a caller that needed a plain one never relocks it.
 */
#include <sys/lock.h>

#include <kos/mutex.h>

#define LOCK_POOL 32

struct __lock {
	KosMutex mutex;
	int in_use;
};

struct __lock __lock___libc_recursive_mutex = { KOS_MUTEX_RECURSIVE_INITIALIZER, 1 };
static struct __lock pool[LOCK_POOL];
/* Shared when the pool runs out: correct, just coarser. */
static struct __lock fallback = { KOS_MUTEX_RECURSIVE_INITIALIZER, 1 };

static void lock_init(_LOCK_T *lock)
{
	for (int i = 0; i < LOCK_POOL; i++) {
		int unused = 0;

		if (__atomic_compare_exchange_n(&pool[i].in_use, &unused, 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			KosMutexInitEx(&pool[i].mutex, 1);
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

void __retarget_lock_init(_LOCK_T *lock) { lock_init(lock); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { lock_init(lock); }
void __retarget_lock_close(_LOCK_T lock) { lock_close(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { lock_close(lock); }
void __retarget_lock_acquire(_LOCK_T lock) { KosMutexLock(&lock->mutex); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { KosMutexLock(&lock->mutex); }
int __retarget_lock_try_acquire(_LOCK_T lock) { return KosMutexTryLock(&lock->mutex) == rcOk; }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return KosMutexTryLock(&lock->mutex) == rcOk;
}
void __retarget_lock_release(_LOCK_T lock) { KosMutexUnlock(&lock->mutex); }
void __retarget_lock_release_recursive(_LOCK_T lock) { KosMutexUnlock(&lock->mutex); }
