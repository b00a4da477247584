/* SPDX-License-Identifier: GPL-2.0-only */
/* Condition variables (KasperskyOS kos/condvar.h): a sequence number waited on as a futex. */
#ifndef KOS_CONDVAR_H
#define KOS_CONDVAR_H

#include <kos/mutex.h>

typedef struct KosCondvar {
	rtl_uint32_t seq;     /* changes on every signal and broadcast */
	rtl_uint32_t waiters; /* threads inside a wait: no hypercall when 0 */
} KosCondvar;

#define KOS_CONDVAR_INITIALIZER                                                                    \
	{                                                                                          \
		0, 0                                                                               \
	}

void KosCondvarInit(KosCondvar *condvar);
void KosCondvarDeinit(KosCondvar *condvar);
/* Release mutex, wait for a signal, take mutex again. rcOk. */
Retcode KosCondvarWait(KosCondvar *condvar, KosMutex *mutex);
/* rcOk or rcTimeout (mutex held again either way). */
Retcode KosCondvarWaitTimeout(KosCondvar *condvar, KosMutex *mutex, rtl_uint32_t mdelay);
void KosCondvarSignal(KosCondvar *condvar);
void KosCondvarBroadcast(KosCondvar *condvar);

#endif
