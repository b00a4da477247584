// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driver I/O (coresrv/io/{mmio,irq,dma,ports}.h) over the I/O hypercalls: MMIO regions and
 * interrupts the manifest grants, DMA buffers, and the x86-only port calls.
 */
#include <stdlib.h>

#include <bulkhead/hvc.h>
#include <coresrv/io/dma.h>
#include <coresrv/io/irq.h>
#include <coresrv/io/mmio.h>
#include <coresrv/io/ports.h>
#include <kos/alloc.h>
#include <uapi/bulkhead/io.h>

static Retcode one_handle(struct bh_hvc_result r, Handle *out)
{
	if (r.rc == rcOk)
		*out = (Handle)r.r1;
	return r.rc;
}

Retcode KnRegisterPhyMem(rtl_uint64_t addr, rtl_size_t size, Handle *outRid)
{
	if (!outRid)
		return rcInvalidArgument;
	return one_handle(bh_hvc2(BH_HC_IO_MMIO_REGISTER, addr, size), outRid);
}

Retcode KnIoMapMem(Handle rid, rtl_uint32_t prot, rtl_uint32_t attr, void **addr, Handle *handle)
{
	uint32_t p = 0;
	struct bh_hvc_results r;

	if (!addr || !handle ||
	    (attr & ~(rtl_uint32_t)(VMM_FLAG_CACHE_MASK | VMM_FLAG_LOW_GUARD | VMM_FLAG_HIGH_GUARD |
				    VMM_FLAG_ALIAS)))
		return rcInvalidArgument;
	if (prot & ~(rtl_uint32_t)VMM_FLAG_RWX_MASK)
		return rcInvalidArgument;
	p |= prot & VMM_FLAG_READ ? BH_PROT_READ : 0;
	p |= prot & VMM_FLAG_WRITE ? BH_PROT_WRITE : 0;
	p |= prot & VMM_FLAG_EXECUTE ? BH_PROT_EXECUTE : 0;
	r = bh_hvc_r(BH_HC_IO_MMIO_MAP, rid, p, 0, 0, 0);
	if (r.rc != rcOk)
		return r.rc;
	*addr = (void *)r.r1;
	*handle = (Handle)r.r2;
	return rcOk;
}

#define MM_BUFFER(bits)                                                                            \
	void IoReadMmBuffer##bits(volatile rtl_uint##bits##_t *baseReg, rtl_uint##bits##_t *dst,   \
				  rtl_size_t cnt)                                                  \
	{                                                                                          \
		for (rtl_size_t i = 0; i < cnt; i++)                                               \
			dst[i] = *baseReg;                                                         \
	}                                                                                          \
	void IoWriteMmBuffer##bits(volatile rtl_uint##bits##_t *baseReg,                           \
				   const rtl_uint##bits##_t *src, rtl_size_t cnt)                  \
	{                                                                                          \
		for (rtl_size_t i = 0; i < cnt; i++)                                               \
			*baseReg = src[i];                                                         \
	}
MM_BUFFER(8)
MM_BUFFER(16)
MM_BUFFER(32)

Retcode KnRegisterIrq(int irq, Handle *outRid)
{
	if (!outRid || irq < 0)
		return rcInvalidArgument;
	return one_handle(bh_hvc1(BH_HC_IO_IRQ_REGISTER, (uint64_t)irq), outRid);
}

Retcode KnIoAttachIrq(Handle rid, rtl_uint32_t flags, Handle *handle)
{
	uint32_t trigger = flags & IRQ_EDGE_RAISE ? BH_IRQ_EDGE_RISING : BH_IRQ_LEVEL_HIGH;

	if (!handle)
		return rcInvalidArgument;
	/* A GIC takes active-high levels and rising edges only; one driver per line. */
	if (flags & (IRQ_LEVEL_LOW | IRQ_EDGE_FALL | IRQ_SHARED) ||
	    (flags & ~(rtl_uint32_t)(IRQ_LEVEL_HIGH | IRQ_EDGE_RAISE | IRQ_PRIO_RT)) ||
	    ((flags & IRQ_LEVEL_HIGH) && (flags & IRQ_EDGE_RAISE)))
		return rcInvalidArgument;
	return one_handle(bh_hvc2(BH_HC_IO_IRQ_ATTACH, rid, trigger), handle);
}

Retcode KnIoDetachIrq(Handle rid)
{
	return bh_hvc1(BH_HC_IO_IRQ_DETACH, rid).rc;
}

Retcode KnIoEnableIrq(Handle rid)
{
	return bh_hvc1(BH_HC_IO_IRQ_ENABLE, rid).rc;
}

Retcode KnIoDisableIrq(Handle rid)
{
	return bh_hvc1(BH_HC_IO_IRQ_DISABLE, rid).rc;
}

Retcode KnIoWaitIrq(Handle attachment, rtl_uint32_t mdelay)
{
	return bh_hvc2(BH_HC_IO_IRQ_WAIT, attachment, mdelay).rc;
}

Retcode KnIoDmaCreate(rtl_uint32_t order, rtl_size_t size, DmaAttr flags, Handle *outRid)
{
	if (!outRid)
		return rcInvalidArgument;
	return one_handle(bh_hvc3(BH_HC_IO_DMA_CREATE, order, size, flags), outRid);
}

Retcode KnIoDmaMap(Handle rid, rtl_size_t offset, rtl_size_t length, void *hint, int vmflags,
		   void **addr, Handle *handle)
{
	struct bh_hvc_results r;

	(void)hint; /* DMA buffers have a fixed place: BH_DMA_IPA_BASE + PA */
	if (!addr || !handle || (vmflags & ~(VMM_FLAG_RWX_MASK | VMM_FLAG_CACHE_MASK)))
		return rcInvalidArgument;
	r = bh_hvc_r(BH_HC_IO_DMA_MAP, rid, offset, length, 0, 0);
	if (r.rc != rcOk)
		return r.rc;
	*addr = (void *)r.r1;
	*handle = (Handle)r.r2;
	return rcOk;
}

Retcode KnIoDmaBegin(Handle rid, Handle *handle)
{
	if (!handle)
		return rcInvalidArgument;
	return one_handle(bh_hvc1(BH_HC_IO_DMA_BEGIN, rid), handle);
}

/* No IOMMU: what devices see is the physical layout. */
Retcode KnIoDmaGetPhysInfo(Handle rid, DmaInfo **outInfo)
{
	struct bh_hvc_results r;
	uint64_t block, count;
	DmaInfo *info;

	if (!outInfo)
		return rcInvalidArgument;
	r = bh_hvc_r(BH_HC_IO_DMA_INFO, rid, 0, 0, 0, 0);
	if (r.rc != rcOk)
		return r.rc;
	block = 4096ull << r.r3;
	count = r.r2 / block;
	info = KosMemAlloc(sizeof(*info) + (count - 1) * sizeof(info->descriptors[0]));
	if (!info)
		return rcOutOfMemory;
	info->flags = 0;
	info->orderMin = r.r3;
	info->size = r.r2;
	info->count = count;
	for (uint64_t i = 0; i < count; i++) {
		info->descriptors[i].raw = 0;
		info->descriptors[i].order = r.r3;
		info->descriptors[i].frame = (r.r1 + i * block) >> 12;
	}
	*outInfo = info;
	return rcOk;
}

Retcode KnIoDmaGetInfo(Handle rid, DmaInfo **outInfo)
{
	return KnIoDmaGetPhysInfo(rid, outInfo);
}

/* I/O ports are x86's: nothing to register on arm64, hence no handle to use them with. */
Retcode KnRegisterPort8(rtl_uint16_t port, Handle *outRid)
{
	(void)port;
	(void)outRid;
	return rcUnimplemented;
}
Retcode KnRegisterPort16(rtl_uint16_t port, Handle *outRid)
{
	(void)port;
	(void)outRid;
	return rcUnimplemented;
}
Retcode KnRegisterPort32(rtl_uint16_t port, Handle *outRid)
{
	(void)port;
	(void)outRid;
	return rcUnimplemented;
}
Retcode KnRegisterPorts(rtl_uint16_t port, rtl_size_t size, Handle *outRid)
{
	(void)port;
	(void)size;
	(void)outRid;
	return rcUnimplemented;
}
Retcode KnIoPermitPort(Handle rid, Handle *handle)
{
	(void)rid;
	(void)handle;
	return rcUnimplemented;
}
rtl_uint8_t IoReadIoPort8(rtl_size_t port)
{
	(void)port;
	return 0xff;
}
rtl_uint16_t IoReadIoPort16(rtl_size_t port)
{
	(void)port;
	return 0xffff;
}
rtl_uint32_t IoReadIoPort32(rtl_size_t port)
{
	(void)port;
	return 0xffffffffu;
}
void IoWriteIoPort8(rtl_size_t port, rtl_uint8_t data)
{
	(void)port;
	(void)data;
}
void IoWriteIoPort16(rtl_size_t port, rtl_uint16_t data)
{
	(void)port;
	(void)data;
}
void IoWriteIoPort32(rtl_size_t port, rtl_uint32_t data)
{
	(void)port;
	(void)data;
}

#define PORT_BUFFER(bits, ones)                                                                    \
	void IoReadIoPortBuffer##bits(rtl_size_t port, rtl_uint##bits##_t *dst, rtl_size_t cnt)    \
	{                                                                                          \
		(void)port;                                                                        \
		for (rtl_size_t i = 0; i < cnt; i++)                                               \
			dst[i] = ones;                                                             \
	}                                                                                          \
	void IoWriteIoPortBuffer##bits(rtl_size_t port, const rtl_uint##bits##_t *src,             \
				       rtl_size_t cnt)                                             \
	{                                                                                          \
		(void)port;                                                                        \
		(void)src;                                                                         \
		(void)cnt;                                                                         \
	}
PORT_BUFFER(8, 0xff)
PORT_BUFFER(16, 0xffff)
PORT_BUFFER(32, 0xffffffffu)
