// SPDX-License-Identifier: GPL-2.0-only
#include <malloc.h>
#include <picotls.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/hvc.h>
#include <kos/thread.h>

#include "internal.h"

#define MAX_SLOTS 256 /* a tid's slot is its low 8 bits */

__thread struct kos_thread *__kos_self;
/* Indexed by slot; written by the creator, cleared by the waiter that reaps the thread. */
static struct kos_thread *threads[MAX_SLOTS];

void __kos_threads_init(struct kos_thread *main_thread)
{
	main_thread->tid = (Tid)bh_hvc0(BH_HC_THREAD_SELF).r1;
	threads[main_thread->tid & 0xff] = main_thread;
	__kos_self = main_thread;
}

void __kos_thread_main(struct kos_thread *t)
{
	_set_tls(t->tls);
	/* The creator stores the id too, but this thread may run before it does. */
	__atomic_store_n(&t->tid, (Tid)bh_hvc0(BH_HC_THREAD_SELF).r1, __ATOMIC_RELAXED);
	__kos_self = t;
	__kos_thread_callbacks(KosThreadCallbackReasonCreate);
	KosThreadExit(t->routine(t->context));
}

static void thread_free(struct kos_thread *t)
{
	free(t->stack);
	free(t->tls);
	free(t);
}

Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority, rtl_uint32_t stackSize,
			ThreadRoutine routine, void *context, int suspended)
{
	extern void __kos_thread_entry(void);
	size_t tls_align = _tls_align() < 16 ? 16 : _tls_align();
	struct kos_thread *t;
	struct bh_hvc_result r;

	if (!tid || !routine || priority > ThreadPriorityHighest)
		return rcInvalidArgument;
	t = calloc(1, sizeof(*t));
	if (!t)
		return rcOutOfMemory;
	t->routine = routine;
	t->context = context;
	t->stack_size = stackSize ? (stackSize + 15) & ~15u : CONFIG_LIBKOS_THREAD_STACK_KB * 1024u;
	t->stack = memalign(16, t->stack_size);
	t->tls = memalign(tls_align, _tls_size() + tls_align);
	if (!t->stack || !t->tls) {
		thread_free(t);
		return rcOutOfMemory;
	}
	_init_tls(t->tls);
	/* Published before the thread can run: KosThreadWait may look it up at once. */
	r = bh_hvc(BH_HC_THREAD_CREATE, (uint64_t)__kos_thread_entry,
		   (uint64_t)t->stack + t->stack_size, (uint64_t)t, priority,
		   suspended ? BH_THREAD_SUSPENDED : 0);
	if (r.rc != rcOk) {
		thread_free(t);
		return r.rc;
	}
	t->tid = (Tid)r.r1;
	__atomic_store_n(&threads[t->tid & 0xff], t, __ATOMIC_RELEASE);
	*tid = t->tid;
	return rcOk;
}

Retcode KosThreadResume(Tid tid)
{
	return bh_hvc1(BH_HC_THREAD_RESUME, tid).rc;
}

Tid KosThreadCurrentId(void)
{
	return __kos_self ? __kos_self->tid : (Tid)bh_hvc0(BH_HC_THREAD_SELF).r1;
}

_Noreturn void KosThreadExit(rtl_int32_t exitCode)
{
	__kos_thread_callbacks(KosThreadCallbackReasonDestroy);
	bh_hvc1(BH_HC_THREAD_EXIT, (uint64_t)(int64_t)exitCode);
	for (;;)
		;
}

Retcode KosThreadWaitExitCode(rtl_uint32_t tid, rtl_uint32_t timeout, rtl_int32_t *exitCode)
{
	struct bh_hvc_result r = bh_hvc2(BH_HC_THREAD_JOIN, tid, timeout);
	struct kos_thread *t;

	if (r.rc != rcOk)
		return r.rc;
	if (exitCode)
		*exitCode = (rtl_int32_t)r.r1;
	/* The thread is gone and its slot may be reused: release what it ran on. */
	t = __atomic_exchange_n(&threads[tid & 0xff], NULL, __ATOMIC_ACQ_REL);
	if (t && t->tid == tid && t->stack)
		thread_free(t);
	return rcOk;
}

Retcode KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout)
{
	return KosThreadWaitExitCode(tid, timeout, NULL);
}

Retcode KosThreadSleep(rtl_uint32_t mdelay)
{
	return bh_hvc1(BH_HC_THREAD_SLEEP, mdelay).rc;
}

void KosThreadYield(void)
{
	bh_hvc0(BH_HC_THREAD_YIELD);
}

void *KosThreadTlsGet(void)
{
	return __kos_self ? __kos_self->user_tls : NULL;
}

Retcode KosThreadTlsSet(void *tls)
{
	if (!__kos_self)
		return rcFail;
	__kos_self->user_tls = tls;
	return rcOk;
}

void *KosThreadGetStack(Tid tid, rtl_uint32_t *size)
{
	struct kos_thread *t = __atomic_load_n(&threads[tid & 0xff], __ATOMIC_ACQUIRE);

	if (!t || t->tid != tid)
		return NULL;
	if (size)
		*size = (rtl_uint32_t)t->stack_size;
	return t->stack;
}
