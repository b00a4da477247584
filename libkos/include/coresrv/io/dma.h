/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA buffers (KasperskyOS coresrv/io/dma.h): physically contiguous, zeroed. QEMU virt has no
 * IOMMU, so device addresses are physical addresses and KnIoDmaBegin grants nothing more.
 */
#ifndef CORESRV_IO_DMA_H
#define CORESRV_IO_DMA_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/io.h>

typedef rtl_uint32_t DmaAttr;
typedef rtl_uint64_t DmaAddr;

#define DMA_DIR_TO_DEVICE BH_DMA_DIR_TO_DEVICE
#define DMA_DIR_FROM_DEVICE BH_DMA_DIR_FROM_DEVICE
#define DMA_DIR_BIDIR BH_DMA_DIR_BIDIR
#define DMA_ZONE_DMA32 BH_DMA_ZONE_DMA32
#define DMA_ATTR_WRITE_BACK BH_DMA_ATTR_WRITE_BACK
#define DMA_ATTR_WRITE_THROUGH BH_DMA_ATTR_WRITE_THROUGH
#define DMA_ATTR_CACHE_DISABLE BH_DMA_ATTR_CACHE_DISABLE
#define DMA_ATTR_WRITE_COMBINE BH_DMA_ATTR_WRITE_COMBINE
#define DMA_FRAME_ORDER_BITS 6
#define DMA_FRAME_BASE_BITS 58

typedef struct {
	DmaAttr flags;
	rtl_size_t orderMin; /* order of every block */
	rtl_size_t size;     /* bytes, whole blocks */
	rtl_size_t count;    /* descriptors */
	union DmaFrameDescriptor {
		struct {
			DmaAddr order : DMA_FRAME_ORDER_BITS;
			DmaAddr frame : DMA_FRAME_BASE_BITS; /* address >> 12 */
		};
		DmaAddr raw;
	} descriptors[1];
} DmaInfo;

/* size bytes in blocks of 2^order pages (order <= 9), physically contiguous. */
Retcode KnIoDmaCreate(rtl_uint32_t order, rtl_size_t size, DmaAttr flags, Handle *outRid);
/* offset and length page aligned; hint is not honoured; vmflags: VMM_FLAG_READ/WRITE. */
Retcode KnIoDmaMap(Handle rid, rtl_size_t offset, rtl_size_t length, void *hint, int vmflags,
		   void **addr, Handle *handle);
Retcode KnIoDmaBegin(Handle rid, Handle *handle);
/* *outInfo is allocated with KosMemAlloc; free it with KosMemFree. */
Retcode KnIoDmaGetInfo(Handle rid, DmaInfo **outInfo);
Retcode KnIoDmaGetPhysInfo(Handle rid, DmaInfo **outInfo);

#endif
