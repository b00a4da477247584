/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts for driver partitions (KasperskyOS coresrv/io/irq.h). The line is masked when it
 * fires and unmasked when a thread waits again, so a driver quietens its device between
 * waits. KasperskyOS waits with Recv() on the attachment handle; until IPC exists the wait is
 * KnIoWaitIrq, which Recv() on that handle will map onto.
 */
#ifndef CORESRV_IO_IRQ_H
#define CORESRV_IO_IRQ_H

#include <rtl/retcode.h>
#include <rtl/types.h>

#define IRQ_LEVEL_LOW 0x1u  /* not on a GIC: rcInvalidArgument */
#define IRQ_LEVEL_HIGH 0x2u /* the default */
#define IRQ_EDGE_RAISE 0x4u
#define IRQ_EDGE_FALL 0x8u  /* not on a GIC: rcInvalidArgument */
#define IRQ_SHARED 0x10u    /* one attachment per line: rcInvalidArgument */
#define IRQ_PRIO_LOW 0x000u /* priorities are accepted; the GIC priority is the same */
#define IRQ_PRIO_NORMAL 0x100u
#define IRQ_PRIO_HIGH 0x200u
#define IRQ_PRIO_RT 0x300u

/* rcNoCapability: not granted; rcAlreadyExists: registered already. */
Retcode KnRegisterIrq(int irq, Handle *outRid);
/* rcBusy: another attachment exists. The line is routed to the caller's CPU. */
Retcode KnIoAttachIrq(Handle rid, rtl_uint32_t flags, Handle *handle);
Retcode KnIoDetachIrq(Handle rid);
Retcode KnIoEnableIrq(Handle rid);
Retcode KnIoDisableIrq(Handle rid);
/* Bulkhead: wait up to mdelay ms for the interrupt on an attachment. rcOk, rcTimeout,
 * rcResourceNotFound once detached, rcBusy when another thread waits on it. */
Retcode KnIoWaitIrq(Handle attachment, rtl_uint32_t mdelay);

#endif
