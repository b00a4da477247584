// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA buffers (KnIoDmaCreate and friends): physically contiguous, zeroed pages from the
 * hypervisor's allocator, counted against the partition's DMA quota. A mapping puts (part of)
 * a buffer at IPA BH_DMA_IPA_BASE + PA in the partition; devices use the PA. There is no
 * IOMMU on QEMU virt, so KnIoDmaBegin only records that device access was opened.
 */
#include <string.h>

#include <hyp/handle.h>
#include <hyp/io.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/io.h>
#include <uapi/bulkhead/retcode.h>

#ifndef CONFIG_IO_DMA_MAX_KB
#define CONFIG_IO_DMA_MAX_KB 4096
#endif

int io_dma_create(struct vcpu *v, uint64_t order, uint64_t size, uint64_t flags, uint64_t *r)
{
	struct partition *p = v->part;
	uint64_t block, bytes;
	struct kobj *o;
	paddr_t pa;
	uint32_t h;
	int rc;

	if (order > BH_DMA_ORDER_MAX || size == 0 || size > (uint64_t)CONFIG_IO_DMA_MAX_KB * 1024 ||
	    (flags & ~(uint64_t)BH_DMA_FLAGS_MASK))
		return rcInvalidArgument;
	block = PAGE_SIZE << order;
	bytes = (size + block - 1) & ~(block - 1); /* whole blocks of 2^order pages */
	if (p->dma_bytes + bytes > (uint64_t)CONFIG_IO_DMA_MAX_KB * 1024)
		return rcQuotaExceeded;
	o = kobj_new(p, BH_HANDLE_TYPE_DMA);
	if (!o)
		return rcOutOfMemory;
	if (!page_alloc(bytes / PAGE_SIZE, block, &pa)) {
		o->type = 0;
		return rcOutOfMemory;
	}
	if ((flags & BH_DMA_ZONE_DMA32) && pa_addr(pa) + bytes > (1ull << 32)) {
		page_free(pa, bytes / PAGE_SIZE);
		o->type = 0;
		return rcOutOfMemory;
	}
	memset(pa_to_va(pa), 0, bytes); /* nothing of a previous owner leaks */
	o->dma.pa = pa;
	o->dma.size = bytes;
	o->dma.order = (uint32_t)order;
	p->dma_bytes += bytes;
	rc = handle_install(p, o, BH_RIGHTS_FULL, &h);
	if (rc) {
		o->refs = 1;
		kobj_put(o); /* frees the pages */
		return rc;
	}
	r[0] = h;
	return rcOk;
}

void io_dma_destroy(struct kobj *o)
{
	page_free(o->dma.pa, o->dma.size / PAGE_SIZE);
	o->owner->dma_bytes -= o->dma.size;
}

static int get_dma(struct vcpu *v, uint64_t h, struct kobj **o)
{
	if (h > UINT32_MAX)
		return rcInvalidArgument;
	return handle_get(v->part, (uint32_t)h, BH_HANDLE_TYPE_DMA, 0, o, NULL);
}

int io_dma_map(struct vcpu *v, uint64_t h, uint64_t offset, uint64_t length, uint64_t *r)
{
	struct partition *p = v->part;
	struct kobj *dma, *map;
	uint64_t ipa;
	uint32_t mh;
	int rc;

	rc = get_dma(v, h, &dma);
	if (rc)
		return rc;
	if (!length || !IS_ALIGNED(offset, PAGE_SIZE) || !IS_ALIGNED(length, PAGE_SIZE) ||
	    offset >= dma->dma.size || length > dma->dma.size - offset)
		return rcInvalidArgument;
	map = kobj_new(p, BH_HANDLE_TYPE_DMA_MAP);
	if (!map)
		return rcOutOfMemory;
	ipa = BH_DMA_IPA_BASE + pa_addr(dma->dma.pa) + offset;
	rc = stage2_map(&p->s2, ipa_init(ipa), pa_init(pa_addr(dma->dma.pa) + offset), length,
			S2_NORMAL_RWX);
	if (rc) {
		map->type = 0;
		return rc == rcInvalidArgument ? rcAlreadyExists : rc;
	}
	map->map.ipa = ipa;
	map->map.size = length;
	map->parent = dma;
	kobj_get(dma);
	rc = handle_install(p, map, BH_RIGHTS_FULL, &mh);
	if (rc) {
		map->refs = 1;
		kobj_put(map);
		return rc;
	}
	r[0] = ipa;
	r[1] = mh;
	return rcOk;
}

void io_dma_map_destroy(struct kobj *o)
{
	stage2_unmap(&o->owner->s2, ipa_init(o->map.ipa), o->map.size);
}

int io_dma_info(struct vcpu *v, uint64_t h, uint64_t *r)
{
	struct kobj *dma;
	int rc = get_dma(v, h, &dma);

	if (rc)
		return rc;
	r[0] = pa_addr(dma->dma.pa);
	r[1] = dma->dma.size;
	r[2] = dma->dma.order;
	return rcOk;
}

int io_dma_begin(struct vcpu *v, uint64_t h, uint64_t *r)
{
	struct kobj *dma, *b;
	uint32_t bh;
	int rc = get_dma(v, h, &dma);

	if (rc)
		return rc;
	b = kobj_new(v->part, BH_HANDLE_TYPE_DMA_BEGIN);
	if (!b)
		return rcOutOfMemory;
	b->parent = dma;
	kobj_get(dma);
	rc = handle_install(v->part, b, BH_RIGHTS_FULL, &bh);
	if (rc) {
		b->refs = 1;
		kobj_put(b);
		return rc;
	}
	r[0] = bh;
	return rcOk;
}
