// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO regions (KnRegisterPhyMem, KnIoMapMem): a partition registers part of a region the
 * manifest grants it, then maps it; only then does its stage 2 map the device pages, at
 * IPA = PA, as device memory. Closing the mapping's handle unmaps them.
 */
#include <hyp/handle.h>
#include <hyp/io.h>
#include <hyp/partition.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/io.h>
#include <uapi/bulkhead/retcode.h>

static bool granted(const struct partition *p, uint64_t pa, uint64_t size)
{
	for (uint32_t i = 0; i < p->desc->ndevices; i++) {
		const struct manifest_device *d = &p->desc->dev[i];

		if (d->size && pa >= d->pa && size <= d->size && pa - d->pa <= d->size - size)
			return true;
	}
	return false;
}

static bool registered(const struct partition *p, uint64_t pa, uint64_t size)
{
	for (uint32_t i = 0; i < CONFIG_MAX_HANDLES_PER_PARTITION; i++) {
		const struct handle_entry *e = &p->handles.e[i];

		if (e->used && e->obj && e->obj->type == BH_HANDLE_TYPE_MMIO &&
		    pa < pa_addr(e->obj->mmio.pa) + e->obj->mmio.size &&
		    pa_addr(e->obj->mmio.pa) < pa + size)
			return true;
	}
	return false;
}

int io_mmio_register(struct vcpu *v, uint64_t pa, uint64_t size, uint64_t *r)
{
	struct partition *p = v->part;
	struct kobj *o;
	uint32_t h;
	int rc;

	if (!size || !IS_ALIGNED(pa, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE) || pa + size < pa)
		return rcInvalidArgument;
	if (!granted(p, pa, size))
		return rcNoCapability; /* not the partition's to have */
	if (registered(p, pa, size))
		return rcAlreadyExists;
	o = kobj_new(p, BH_HANDLE_TYPE_MMIO);
	if (!o)
		return rcOutOfMemory;
	o->mmio.pa = pa_init(pa);
	o->mmio.size = size;
	rc = handle_install(p, o, BH_RIGHTS_FULL, &h);
	if (rc) {
		o->type = 0;
		return rc;
	}
	r[0] = h;
	return rcOk;
}

int io_mmio_map(struct vcpu *v, uint64_t h, uint64_t prot, uint64_t *r)
{
	struct partition *p = v->part;
	struct kobj *region, *map;
	uint32_t mh;
	int rc;

	if (h > UINT32_MAX)
		return rcInvalidArgument;
	rc = handle_get(p, (uint32_t)h, BH_HANDLE_TYPE_MMIO, 0, &region, NULL);
	if (rc)
		return rc;
	/* Device memory is never executable; a mapping nobody can read makes no sense. */
	if (!(prot & BH_PROT_READ) || (prot & ~(uint64_t)(BH_PROT_READ | BH_PROT_WRITE)))
		return rcInvalidArgument;
	map = kobj_new(p, BH_HANDLE_TYPE_MMIO_MAP);
	if (!map)
		return rcOutOfMemory;
	rc = stage2_map(&p->s2, ipa_init(pa_addr(region->mmio.pa)), region->mmio.pa,
			region->mmio.size, (prot & BH_PROT_WRITE) ? S2_DEVICE_RW : S2_DEVICE_RO);
	if (rc) {
		map->type = 0;
		return rc == rcInvalidArgument ? rcAlreadyExists : rc; /* mapped already */
	}
	map->map.ipa = pa_addr(region->mmio.pa);
	map->map.size = region->mmio.size;
	map->parent = region;
	kobj_get(region);
	rc = handle_install(p, map, BH_RIGHTS_FULL, &mh);
	if (rc) {
		map->refs = 1;
		kobj_put(map); /* unmaps */
		return rc;
	}
	r[0] = map->map.ipa;
	r[1] = mh;
	return rcOk;
}

void io_mmio_map_destroy(struct kobj *o)
{
	stage2_unmap(&o->owner->s2, ipa_init(o->map.ipa), o->map.size);
}
