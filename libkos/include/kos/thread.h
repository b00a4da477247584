/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Threads (KasperskyOS kos/thread.h). A thread is a vCPU of the partition, scheduled by the
 * hypervisor: priorities 0 (lowest) to 31 (highest), preemptive, round-robin within a priority.
 */
#ifndef KOS_THREAD_H
#define KOS_THREAD_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/hypercall.h>

#define ThreadPriorityLowest BH_PRIORITY_MIN
#define ThreadPriorityNormal BH_PRIORITY_NORMAL
#define ThreadPriorityHighest BH_PRIORITY_MAX
#define ThreadStackSizeDefault 0
#define INFINITE_TIMEOUT BH_TIMEOUT_INFINITE

typedef int (*ThreadRoutine)(void *context);

typedef enum {
	KosThreadCallbackReasonCreate,
	KosThreadCallbackReasonDestroy,
} KosThreadCallbackReason;
typedef void KosThreadCallback(KosThreadCallbackReason reason);
#define KOS_THREAD_CALLBACKS_MAX 8

/* Hooks run in a new thread before its routine, and in a thread that exits (by returning or
 * KosThreadExit; not in one terminated by another). rcOk, rcInvalidArgument (NULL),
 * rcAlreadyExists, rcQuotaExceeded (more than KOS_THREAD_CALLBACKS_MAX). */
Retcode KosThreadCallbackRegister(KosThreadCallback *callback);
Retcode KosThreadCallbackUnregister(KosThreadCallback *callback); /* rcResourceNotFound */

typedef int KosThreadOnceState;
#define KOS_THREAD_ONCE_INIT 0
/* Run initRoutine once per control variable (initially KOS_THREAD_ONCE_INIT); callers that
 * come while it runs wait for it to finish. */
Retcode KosThreadOnce(KosThreadOnceState *onceControl, void (*initRoutine)(void));

/* Create a thread running routine(context); suspended != 0 leaves it stopped until
 * KosThreadResume. stackSize 0 = CONFIG_LIBKOS_THREAD_STACK_KB. */
Retcode KosThreadCreate(Tid *tid, rtl_uint32_t priority, rtl_uint32_t stackSize,
			ThreadRoutine routine, void *context, int suspended);
Retcode KosThreadResume(Tid tid);
/* Stop a thread (the caller or another) until KosThreadResume. rcInvalidThreadState when it
 * is already suspended. A blocked thread stops when its wait ends. */
Retcode KosThreadSuspend(Tid tid);
/* End another thread (blocked, running or suspended) with exitCode; its waiters get it. */
Retcode KosThreadTerminate(Tid tid, rtl_int32_t exitCode);
/* Bulkhead: the kernel thread methods SetPriority / GetInfo of KasperskyOS. */
Retcode KosThreadSetPriority(Tid tid, rtl_uint32_t priority);
Retcode KosThreadGetPriority(Tid tid, rtl_uint32_t *priority);
Tid KosThreadCurrentId(void);
_Noreturn void KosThreadExit(rtl_int32_t exitCode);
/* Wait up to timeout ms for tid to end: rcOk, rcTimeout, rcResourceNotFound. The thread's
 * stack and TLS are released when the wait succeeds. */
Retcode KosThreadWait(rtl_uint32_t tid, rtl_uint32_t timeout);
/* KosThreadWait that also returns the thread's exit code (the 1.3 semantics, as a Retcode). */
Retcode KosThreadWaitExitCode(rtl_uint32_t tid, rtl_uint32_t timeout, rtl_int32_t *exitCode);
Retcode KosThreadSleep(rtl_uint32_t mdelay);
void KosThreadYield(void);
void *KosThreadTlsGet(void);
Retcode KosThreadTlsSet(void *tls);
void *KosThreadGetStack(Tid tid, rtl_uint32_t *size);

#endif
