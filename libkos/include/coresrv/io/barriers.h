/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory barriers for device access (KasperskyOS coresrv/io/barriers.h). */
#ifndef CORESRV_IO_BARRIERS_H
#define CORESRV_IO_BARRIERS_H

/* Loads before it complete before loads after it (device reads in order). */
static inline void IoReadBarrier(void)
{
	__asm__ volatile("dsb ld" ::: "memory");
}
/* Stores before it complete before stores after it (e.g. descriptor, then doorbell). */
static inline void IoWriteBarrier(void)
{
	__asm__ volatile("dsb st" ::: "memory");
}
static inline void IoReadWriteBarrier(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

#endif
