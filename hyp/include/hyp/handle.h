/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Objects the hypervisor keeps for partitions, and each partition's handle table. An object
 * lives while handles (or objects built on it, such as a mapping of a region) refer to it;
 * the last reference gone, it is torn down (a mapping unmapped, an interrupt masked, a DMA
 * buffer freed) and whoever subscribed to it is told EVENT_OBJECT_DESTROYED.
 *
 * A handle is (generation << 16) | (slot + 1). Copies of a handle remember the slot they were
 * copied from, so revoking a handle closes every copy made of it (and of those).
 *
 * Locking: everything here runs under sched_lock.
 */
#ifndef HYP_HANDLE_H
#define HYP_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/addr.h>
#include <hyp/manifest.h>

#ifndef CONFIG_MAX_HANDLES_PER_PARTITION
#define CONFIG_MAX_HANDLES_PER_PARTITION 64
#endif
/*
 * Every object of a partition is named by one of its handles, or is the parent of an object
 * that is (a region, interrupt or DMA buffer whose own handle was closed while a mapping or
 * attachment lives on); parents have no parents. So a partition holds at most two objects per
 * handle slot, and a pool of that many per partition means no partition can starve another.
 */
#define KOBJ_POOL_SIZE (2 * CONFIG_MAX_PARTITIONS * CONFIG_MAX_HANDLES_PER_PARTITION)

struct partition;
struct notice;
struct ipc_channel;

struct kobj {
	uint32_t type; /* BH_HANDLE_TYPE_*, 0 = free */
	uint32_t refs; /* handles and objects that refer to it */
	struct partition *owner;
	struct kobj *parent; /* mappings, attachments: the object they were made from */
	uint64_t context;    /* user objects: the creator's pointer */
	union {
		struct notice *notice;
		struct {
			paddr_t pa;
			uint64_t size;
		} mmio;
		struct {
			uint64_t ipa;
			uint64_t size;
		} map; /* MMIO_MAP, DMA_MAP */
		struct {
			uint32_t intid;
			bool enabled;
			bool pending;
			struct kobj *attach;
		} irq;
		struct {
			paddr_t pa;
			uint64_t size;
			uint32_t order;
		} dma;
		struct {
			bool detached;
		} attach; /* IRQ_ATTACH */
		struct ipc_channel *chan; /* IPC_CLIENT */
	};
};

struct handle_entry {
	struct kobj *obj; /* NULL: free slot (or revoked, see below) */
	/* What handle_object_of() compares: while the entry is used and not revoked, its
	 * handle's value | its object's type << 32; else 0. */
	uint64_t key;
	uint32_t rights;
	uint16_t gen;
	int16_t parent; /* slot this one was copied from, -1 for an original */
	bool used;
	bool revoked; /* a copy whose ancestor was revoked: only close works */
} __attribute__((aligned(32))); /* 32 bytes: a slot is found with a shift */

struct handle_table {
	struct handle_entry e[CONFIG_MAX_HANDLES_PER_PARTITION];
};

/* The entry handle h names in table t (slot + 1 in the low half, its generation in the high
 * half), or NULL when h names none. */
static inline struct handle_entry *handle_entry_of(struct handle_table *t, uint32_t h)
{
	uint32_t s = (h & 0xffffu) - 1;
	struct handle_entry *e;

	if (s >= CONFIG_MAX_HANDLES_PER_PARTITION)
		return NULL;
	e = &t->e[s];
	if (!e->used || e->gen != (h >> 16))
		return NULL;
	return e;
}

/*
 * The object of type (nonzero) that h names in t, or NULL when h names no live entry, one
 * that is revoked or one of another type: handle_get()'s checks for need 0, as one compare,
 * for the IPC fast path. h is the whole register the handle came in: h + type << 32 equals
 * the key of h's entry exactly when h is that entry's value (the sum is one to one), so a
 * value with any of bits 32..63 set names nothing, as it does for handle_get().
 */
static inline struct kobj *handle_object_of(const struct handle_table *t, uint64_t h,
					    uint32_t type)
{
	uint32_t s = ((uint32_t)h & 0xffffu) - 1;

	if (s >= CONFIG_MAX_HANDLES_PER_PARTITION || t->e[s].key != h + ((uint64_t)type << 32))
		return NULL;
	return t->e[s].obj;
}

/* A new object owned by p, with no reference yet; NULL when the pool is exhausted. */
struct kobj *kobj_new(struct partition *p, uint32_t type);
void kobj_get(struct kobj *o);
void kobj_put(struct kobj *o); /* the last reference tears it down */

/* Give p a handle on o (taking a reference). rcQuotaExceeded when p's table is full. */
int handle_install(struct partition *p, struct kobj *o, uint32_t rights, uint32_t *h);
/*
 * The object handle h names in p, of `type` (0 = any) and with every right in `need`.
 * rcInvalidArgument: not a handle of p, or the wrong type; rcHandleRevoked; rcNoCapability.
 */
int handle_get(struct partition *p, uint32_t h, uint32_t type, uint32_t need, struct kobj **o,
	       uint32_t *rights);
int handle_close(struct partition *p, uint32_t h);
int handle_copy(struct partition *p, uint32_t h, uint32_t rights, uint32_t *out);
int handle_revoke(struct partition *p, uint32_t h);
/* Close every handle of p (it stopped, exited, or restarts). */
void handles_release_all(struct partition *p);

/* Type-specific teardown, called by kobj_put (hyp/core/notice.c, io_*.c). */
void notice_destroy(struct kobj *o);
void notice_object_gone(struct kobj *o);
void io_mmio_map_destroy(struct kobj *o);
void io_irq_destroy(struct kobj *o);
void io_irq_attach_destroy(struct kobj *o);
void io_dma_destroy(struct kobj *o);
void io_dma_map_destroy(struct kobj *o);

#endif
