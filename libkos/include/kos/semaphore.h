/* SPDX-License-Identifier: GPL-2.0-only */
/* Counting semaphores (KasperskyOS kos/semaphore.h). */
#ifndef KOS_SEMAPHORE_H
#define KOS_SEMAPHORE_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#define KOS_SEMAPHORE_VALUE_MAX 0x7fffffffu

typedef struct KosSemaphore {
	rtl_uint32_t count;
	rtl_uint32_t waiters;
} KosSemaphore;

/* rcInvalidArgument for NULL; rcFail when count > KOS_SEMAPHORE_VALUE_MAX. */
Retcode KosSemaphoreInit(KosSemaphore *semaphore, unsigned count);
/* rcFail while threads wait on it. */
Retcode KosSemaphoreDeinit(KosSemaphore *semaphore);
/* rcFail when the count would exceed KOS_SEMAPHORE_VALUE_MAX. */
Retcode KosSemaphoreSignal(KosSemaphore *semaphore);
Retcode KosSemaphoreWait(KosSemaphore *semaphore);
Retcode KosSemaphoreWaitTimeout(KosSemaphore *semaphore, rtl_uint32_t mdelay);
Retcode KosSemaphoreTryWait(KosSemaphore *semaphore); /* rcBusy when the count is 0 */

#endif
