/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMIO for driver partitions (KasperskyOS coresrv/io/mmio.h). Only regions the manifest grants
 * the partition can be registered; a mapping puts them at their physical address, as device
 * memory.
 */
#ifndef CORESRV_IO_MMIO_H
#define CORESRV_IO_MMIO_H

#include <coresrv/vmm/vmm_api.h>
#include <rtl/retcode.h>
#include <rtl/types.h>

/* rcNoCapability: not inside a grant; rcAlreadyExists: overlaps a registered region. */
Retcode KnRegisterPhyMem(rtl_uint64_t addr, rtl_size_t size, Handle *outRid);
/* prot: VMM_FLAG_READ, optionally VMM_FLAG_WRITE (never EXECUTE). attr: VMM_FLAG_CACHE_DISABLE
 * and the guard flags are accepted; device memory is uncached and has no guards. */
Retcode KnIoMapMem(Handle rid, rtl_uint32_t prot, rtl_uint32_t attr, void **addr, Handle *handle);

static inline rtl_uint8_t IoReadMmReg8(volatile void *reg)
{
	return *(volatile rtl_uint8_t *)reg;
}
static inline rtl_uint16_t IoReadMmReg16(volatile void *reg)
{
	return *(volatile rtl_uint16_t *)reg;
}
static inline rtl_uint32_t IoReadMmReg32(volatile void *reg)
{
	return *(volatile rtl_uint32_t *)reg;
}
static inline rtl_uint64_t IoReadMmReg64(volatile void *reg)
{
	return *(volatile rtl_uint64_t *)reg;
}
static inline void IoWriteMmReg8(volatile void *reg, rtl_uint8_t v)
{
	*(volatile rtl_uint8_t *)reg = v;
}
static inline void IoWriteMmReg16(volatile void *reg, rtl_uint16_t v)
{
	*(volatile rtl_uint16_t *)reg = v;
}
static inline void IoWriteMmReg32(volatile void *reg, rtl_uint32_t v)
{
	*(volatile rtl_uint32_t *)reg = v;
}
static inline void IoWriteMmReg64(volatile void *reg, rtl_uint64_t v)
{
	*(volatile rtl_uint64_t *)reg = v;
}

/* Repeated accesses to one register (a FIFO), cnt items. */
void IoReadMmBuffer8(volatile rtl_uint8_t *baseReg, rtl_uint8_t *dst, rtl_size_t cnt);
void IoReadMmBuffer16(volatile rtl_uint16_t *baseReg, rtl_uint16_t *dst, rtl_size_t cnt);
void IoReadMmBuffer32(volatile rtl_uint32_t *baseReg, rtl_uint32_t *dst, rtl_size_t cnt);
void IoWriteMmBuffer8(volatile rtl_uint8_t *baseReg, const rtl_uint8_t *src, rtl_size_t cnt);
void IoWriteMmBuffer16(volatile rtl_uint16_t *baseReg, const rtl_uint16_t *src, rtl_size_t cnt);
void IoWriteMmBuffer32(volatile rtl_uint32_t *baseReg, const rtl_uint32_t *src, rtl_size_t cnt);

#endif
