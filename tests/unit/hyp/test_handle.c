// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the handle tables and the object pool (hyp/core/handle.c): handle values, forged
 * and stale handles, rights, copies and revocation down the copy tree, table and pool limits,
 * and the hypercall front end. Criterion runs each test in its own process, so every test
 * starts from an empty pool.
 */
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/handle.h>
#include <hyp/hypercall.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

#include "unit/hyp/kobj_teardown.h"

#define NH CONFIG_MAX_HANDLES_PER_PARTITION

static struct manifest_partition desc = {.name = "p"};
static struct partition part_a = {.name = "a", .desc = &desc};
static struct partition part_b = {.name = "b", .desc = &desc};

static struct kobj *new_obj(struct partition *p, uint32_t type)
{
	struct kobj *o = kobj_new(p, type);

	cr_assert_not_null(o);
	return o;
}

static uint32_t give(struct partition *p, struct kobj *o, uint32_t rights)
{
	uint32_t h = 0;

	cr_assert_eq(handle_install(p, o, rights, &h), rcOk);
	return h;
}

static int get(struct partition *p, uint32_t h, uint32_t type, uint32_t need)
{
	struct kobj *o = NULL;

	return handle_get(p, h, type, need, &o, NULL);
}

Test(handles, values_name_a_slot_and_a_generation)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	uint32_t h = give(&part_a, o, BH_RIGHTS_FULL);
	struct kobj *got = NULL;
	uint32_t rights = 0;

	cr_expect_neq(h, 0);
	cr_expect_neq(h, BH_INVALID_HANDLE);
	cr_expect_eq(h & 0xffff, 1, "first slot is 1, got %#x", h);
	cr_expect_eq(h >> 16, 1, "first generation is 1, got %#x", h);
	cr_assert_eq(handle_get(&part_a, h, BH_HANDLE_TYPE_NOTICE, 0, &got, &rights), rcOk);
	cr_expect_eq(got, o);
	cr_expect_eq(rights, BH_RIGHTS_FULL);
	cr_expect_eq(o->refs, 1);
	cr_expect_eq(o->owner, &part_a);
}

Test(handles, forged_values_are_refused)
{
	uint32_t h = give(&part_a, new_obj(&part_a, BH_HANDLE_TYPE_NOTICE), BH_RIGHTS_FULL);
	const uint32_t forged[] = {
	    0,
	    BH_INVALID_HANDLE,
	    h + 1 /* next slot, unused */,
	    h ^ (1u << 16) /* other gen */,
	    (h & 0xffff0000u) | NH,
	    (h & 0xffff0000u) | (NH + 1),
	    (h & 0xffff0000u) | 0xffff,
	};

	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		cr_expect_eq(get(&part_a, forged[i], 0, 0), rcInvalidArgument, "handle %#x",
			     forged[i]);
		cr_expect_eq(handle_close(&part_a, forged[i]), rcInvalidArgument, "close %#x",
			     forged[i]);
	}
	/* Another partition's table does not know it. */
	cr_expect_eq(get(&part_b, h, 0, 0), rcInvalidArgument);
	cr_expect_eq(get(&part_a, h, 0, 0), rcOk);
}

Test(handles, type_and_rights_are_checked)
{
	uint32_t h = give(&part_a, new_obj(&part_a, BH_HANDLE_TYPE_IRQ), BH_RIGHT_GET_EVENT);

	cr_expect_eq(get(&part_a, h, BH_HANDLE_TYPE_IRQ, BH_RIGHT_GET_EVENT), rcOk);
	cr_expect_eq(get(&part_a, h, 0, 0), rcOk);
	cr_expect_eq(get(&part_a, h, BH_HANDLE_TYPE_DMA, 0), rcInvalidArgument);
	cr_expect_eq(get(&part_a, h, BH_HANDLE_TYPE_IRQ, BH_RIGHT_SET_EVENT), rcNoCapability);
	cr_expect_eq(get(&part_a, h, 0, BH_RIGHT_GET_EVENT | BH_RIGHT_TRANSFER), rcNoCapability);
}

Test(handles, close_makes_the_value_stale_and_tears_the_object_down)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	uint32_t h = give(&part_a, o, BH_RIGHTS_FULL);
	uint32_t h2;

	cr_assert_eq(handle_close(&part_a, h), rcOk);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_NOTICE], 1);
	cr_expect_eq(objects_gone, 1);
	cr_expect_eq(o->type, 0, "the pool slot is free again");
	cr_expect_eq(get(&part_a, h, 0, 0), rcInvalidArgument);
	cr_expect_eq(handle_close(&part_a, h), rcInvalidArgument, "double close");

	/* The slot is reused with a new generation: the old value still names nothing. */
	h2 = give(&part_a, new_obj(&part_a, BH_HANDLE_TYPE_NOTICE), BH_RIGHTS_FULL);
	cr_expect_eq(h2 & 0xffff, h & 0xffff);
	cr_expect_neq(h2, h);
	cr_expect_eq(get(&part_a, h, 0, 0), rcInvalidArgument);
	cr_expect_eq(get(&part_a, h2, 0, 0), rcOk);
}

Test(handles, generations_wrap_without_reaching_zero)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_USER_FIRST);
	uint32_t first = 0, h;

	kobj_get(o); /* keep it alive across the closes */
	for (uint32_t i = 0; i < 0x7fff + 3; i++) {
		h = give(&part_a, o, BH_RIGHTS_FULL);
		if (i == 0)
			first = h;
		cr_assert_neq(h >> 16, 0, "generation 0 at round %u", i);
		cr_assert_lt(h >> 16, 0x8000, "generation %#x at round %u", h >> 16, i);
		cr_assert_eq(handle_close(&part_a, h), rcOk);
	}
	/* 0x7fff generations later the first value comes round again, by design. */
	cr_expect_eq(h, ((first >> 16) + 2) << 16 | (first & 0xffff));
	cr_expect_eq(o->refs, 1);
}

Test(handles, a_full_table_says_quota_and_recovers)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_USER_FIRST);
	uint32_t hs[NH], extra;

	for (int i = 0; i < NH; i++)
		hs[i] = give(&part_a, o, BH_RIGHTS_FULL);
	cr_expect_eq(handle_install(&part_a, o, BH_RIGHTS_FULL, &extra), rcQuotaExceeded);
	cr_expect_eq(o->refs, NH, "a refused install takes no reference");
	cr_assert_eq(handle_close(&part_a, hs[NH / 2]), rcOk);
	cr_expect_eq(handle_install(&part_a, o, BH_RIGHTS_FULL, &extra), rcOk);
	cr_expect_eq(extra & 0xffff, hs[NH / 2] & 0xffff);
	/* Another partition's table is not affected by a's. */
	cr_expect_eq(get(&part_b, give(&part_b, o, 0), 0, 0), rcOk);
}

Test(handles, the_pool_runs_out_cleanly)
{
	uint32_t n = 0;

	while (kobj_new(&part_a, BH_HANDLE_TYPE_USER_FIRST))
		n++;
	cr_expect_eq(n, KOBJ_POOL_SIZE);
	cr_expect_null(kobj_new(&part_b, BH_HANDLE_TYPE_USER_FIRST));
}

Test(handles, copies_need_transfer_and_never_gain_rights)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	uint32_t no_xfer = give(&part_a, o, BH_RIGHT_GET_EVENT);
	uint32_t h = give(&part_a, o, BH_RIGHT_TRANSFER | BH_RIGHT_GET_EVENT);
	uint32_t c, rights;
	struct kobj *got;

	cr_expect_eq(handle_copy(&part_a, no_xfer, BH_RIGHTS_FULL, &c), rcNoCapability);
	cr_assert_eq(handle_copy(&part_a, h, BH_RIGHTS_FULL, &c), rcOk);
	cr_assert_eq(handle_get(&part_a, c, 0, 0, &got, &rights), rcOk);
	cr_expect_eq(got, o);
	cr_expect_eq(rights, BH_RIGHT_TRANSFER | BH_RIGHT_GET_EVENT);
	cr_expect_eq(handle_copy(&part_a, c, BH_RIGHT_GET_EVENT, &c), rcOk);
	cr_assert_eq(handle_get(&part_a, c, 0, 0, &got, &rights), rcOk);
	cr_expect_eq(rights, BH_RIGHT_GET_EVENT);
	cr_expect_eq(o->refs, 4);
	cr_expect_eq(handle_copy(&part_a, BH_INVALID_HANDLE, 0, &c), rcInvalidArgument);
}

Test(handles, revoke_reaches_every_descendant_and_only_them)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	uint32_t root = give(&part_a, o, BH_RIGHTS_FULL);
	uint32_t other = give(&part_a, o, BH_RIGHTS_FULL); /* an original of its own */
	uint32_t child, grandchild, sibling;

	cr_assert_eq(handle_copy(&part_a, root, BH_RIGHTS_FULL, &child), rcOk);
	cr_assert_eq(handle_copy(&part_a, child, BH_RIGHTS_FULL, &grandchild), rcOk);
	cr_assert_eq(handle_copy(&part_a, other, BH_RIGHTS_FULL, &sibling), rcOk);
	cr_expect_eq(o->refs, 5);

	cr_assert_eq(handle_revoke(&part_a, root), rcOk);
	cr_expect_eq(get(&part_a, root, 0, 0), rcInvalidArgument, "the revoked handle is closed");
	cr_expect_eq(get(&part_a, child, 0, 0), rcHandleRevoked);
	cr_expect_eq(get(&part_a, grandchild, 0, 0), rcHandleRevoked);
	cr_expect_eq(handle_copy(&part_a, child, BH_RIGHTS_FULL, &child), rcHandleRevoked);
	cr_expect_eq(get(&part_a, other, 0, 0), rcOk);
	cr_expect_eq(get(&part_a, sibling, 0, 0), rcOk);
	cr_expect_eq(o->refs, 2, "revoked copies drop their reference at once");
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_NOTICE], 0);

	/* A revoked copy can still be closed, which frees its slot. */
	cr_expect_eq(handle_close(&part_a, child), rcOk);
	cr_expect_eq(get(&part_a, child, 0, 0), rcInvalidArgument);
	cr_expect_eq(handle_close(&part_a, grandchild), rcOk);

	cr_expect_eq(handle_revoke(&part_a, other), rcOk);
	cr_expect_eq(get(&part_a, sibling, 0, 0), rcHandleRevoked);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_NOTICE], 1, "the last reference tears it down");
}

Test(handles, closing_a_middle_copy_keeps_the_tree_connected)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	uint32_t root = give(&part_a, o, BH_RIGHTS_FULL);
	uint32_t mid, leaf;

	cr_assert_eq(handle_copy(&part_a, root, BH_RIGHTS_FULL, &mid), rcOk);
	cr_assert_eq(handle_copy(&part_a, mid, BH_RIGHTS_FULL, &leaf), rcOk);
	cr_assert_eq(handle_close(&part_a, mid), rcOk);
	/* leaf now descends from root directly: revoking root still reaches it. */
	cr_assert_eq(handle_revoke(&part_a, root), rcOk);
	cr_expect_eq(get(&part_a, leaf, 0, 0), rcHandleRevoked);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_NOTICE], 1);
}

Test(handles, parents_live_while_their_children_do)
{
	struct kobj *region = new_obj(&part_a, BH_HANDLE_TYPE_MMIO);
	uint32_t hr = give(&part_a, region, BH_RIGHTS_FULL);
	struct kobj *map = new_obj(&part_a, BH_HANDLE_TYPE_MMIO_MAP);
	uint32_t hm;

	map->parent = region;
	kobj_get(region);
	hm = give(&part_a, map, BH_RIGHTS_FULL);
	cr_assert_eq(handle_close(&part_a, hr), rcOk);
	cr_expect_eq(region->type, BH_HANDLE_TYPE_MMIO, "the mapping keeps its region");
	cr_assert_eq(handle_close(&part_a, hm), rcOk);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_MMIO_MAP], 1, "unmapped");
	cr_expect_eq(region->type, 0, "then the region goes");
	cr_expect_eq(objects_gone, 2);
}

Test(handles, release_all_empties_the_table)
{
	struct kobj *a = new_obj(&part_a, BH_HANDLE_TYPE_NOTICE);
	struct kobj *b = new_obj(&part_a, BH_HANDLE_TYPE_DMA);
	uint32_t h, c;

	give(&part_a, a, BH_RIGHTS_FULL);
	h = give(&part_a, b, BH_RIGHTS_FULL);
	cr_assert_eq(handle_copy(&part_a, h, BH_RIGHTS_FULL, &c), rcOk);
	cr_assert_eq(handle_revoke(&part_a, h), rcOk); /* leaves c revoked in the table */
	give(&part_b, a, BH_RIGHTS_FULL);

	handles_release_all(&part_a);
	for (int i = 0; i < NH; i++)
		cr_expect_not(part_a.handles.e[i].used, "slot %d", i);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_DMA], 1);
	cr_expect_eq(teardowns[BH_HANDLE_TYPE_NOTICE], 0, "b's handle keeps it");
	cr_expect_eq(a->refs, 1);
}

static int hc(struct partition *p, uint32_t fn, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t *r)
{
	struct vcpu v = {.part = p};
	uint64_t x[6] = {x0, x1, x2};

	return handle_hypercall(&v, fn, x, r);
}

Test(handles, hypercalls_check_every_argument)
{
	uint64_t r[4] = {0};
	uint32_t h, c;

	cr_expect_eq(hc(&part_a, BH_HC_USER_OBJECT_CREATE, BH_HANDLE_TYPE_USER_FIRST - 1, 0, 0, r),
		     rcInvalidArgument);
	cr_expect_eq(hc(&part_a, BH_HC_USER_OBJECT_CREATE, BH_HANDLE_TYPE_USER_LAST + 1, 0, 0, r),
		     rcInvalidArgument);
	cr_expect_eq(hc(&part_a, BH_HC_USER_OBJECT_CREATE, BH_HANDLE_TYPE_IPC_CLIENT, 0, 0, r),
		     rcInvalidArgument, "a user cannot make a kernel object type");
	cr_expect_eq(
	    hc(&part_a, BH_HC_USER_OBJECT_CREATE, BH_HANDLE_TYPE_USER_FIRST, 1ull << 32, 0, r),
	    rcInvalidArgument);
	cr_assert_eq(hc(&part_a, BH_HC_USER_OBJECT_CREATE, BH_HANDLE_TYPE_USER_LAST,
			BH_RIGHT_TRANSFER, 0xfeedull, r),
		     rcOk);
	h = (uint32_t)r[0];

	cr_assert_eq(hc(&part_a, BH_HC_HANDLE_INFO, h, 0, 0, r), rcOk);
	cr_expect_eq(r[0], BH_HANDLE_TYPE_USER_LAST);
	cr_expect_eq(r[1], BH_RIGHT_TRANSFER);
	cr_expect_eq(r[2], 0xfeed);

	cr_expect_eq(hc(&part_a, BH_HC_HANDLE_INFO, (1ull << 32) | h, 0, 0, r), rcInvalidArgument,
		     "upper bits of a handle argument are not ignored");
	cr_expect_eq(hc(&part_a, BH_HC_HANDLE_COPY, h, 1ull << 32, 0, r), rcInvalidArgument);
	cr_assert_eq(hc(&part_a, BH_HC_HANDLE_COPY, h, BH_RIGHTS_FULL, 0, r), rcOk);
	c = (uint32_t)r[0];
	cr_assert_eq(hc(&part_a, BH_HC_HANDLE_INFO, c, 0, 0, r), rcOk);
	cr_expect_eq(r[1], BH_RIGHT_TRANSFER);
	cr_expect_eq(hc(&part_b, BH_HC_HANDLE_CLOSE, h, 0, 0, r), rcInvalidArgument);
	cr_expect_eq(hc(&part_a, BH_HC_HANDLE_REVOKE, h, 0, 0, r), rcOk);
	cr_expect_eq(hc(&part_a, BH_HC_HANDLE_INFO, c, 0, 0, r), rcHandleRevoked);
	cr_expect_eq(hc(&part_a, BH_HC_HANDLE_CLOSE, c, 0, 0, r), rcOk);
	cr_expect_eq(hc(&part_a, BH_HVC(0x05ff), 0, 0, 0, r), rcUnimplemented);
}

/* handle_object_of (the IPC fast path's look-up) finds exactly what handle_get finds with no
 * rights asked, for every kind of handle value and every state of its entry. */
static void expect_same_lookup(struct partition *p, uint64_t h, uint32_t type)
{
	struct kobj *got = NULL;
	int rc = h > UINT32_MAX ? rcInvalidArgument
				: handle_get(p, (uint32_t)h, type, 0, &got, NULL);

	cr_expect_eq(handle_object_of(&p->handles, h, type), rc == rcOk ? got : NULL,
		     "handle %#llx type %u: handle_get says %d", (unsigned long long)h, type, rc);
}

Test(handles, the_fast_lookup_agrees_with_handle_get)
{
	struct kobj *o = new_obj(&part_a, BH_HANDLE_TYPE_IPC_CLIENT);
	uint32_t h = give(&part_a, o, BH_RIGHTS_FULL);
	uint32_t dma = give(&part_a, new_obj(&part_a, BH_HANDLE_TYPE_DMA), BH_RIGHTS_FULL);
	const uint32_t types[] = {BH_HANDLE_TYPE_IPC_CLIENT, BH_HANDLE_TYPE_IPC_LISTENER,
				  BH_HANDLE_TYPE_DMA};
	uint32_t copy, stale;

	cr_assert_eq(handle_object_of(&part_a.handles, h, BH_HANDLE_TYPE_IPC_CLIENT), o);
	cr_assert_eq(handle_copy(&part_a, h, BH_RIGHTS_FULL, &copy), rcOk);
	stale = give(&part_a, new_obj(&part_a, BH_HANDLE_TYPE_IPC_CLIENT), BH_RIGHTS_FULL);
	cr_assert_eq(handle_close(&part_a, stale), rcOk);
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		const uint64_t values[] = {
		    h,
		    dma,
		    copy,
		    stale,
		    0,
		    BH_INVALID_HANDLE,
		    h ^ (1u << 16),
		    (h & 0xffff0000u) | NH,
		    (h & 0xffff0000u) | 0xffff,
		    /* bits above the handle: the type added to a key, or anything else */
		    h + ((uint64_t)types[t] << 32),
		    h | 1ull << 32,
		    h | 1ull << 63,
		    (uint64_t)-1,
		};

		for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			expect_same_lookup(&part_a, values[i], types[t]);
	}
	/* Revoked: the copy names nothing the fast look-up returns, nor does the original. */
	cr_assert_eq(handle_revoke(&part_a, h), rcOk);
	expect_same_lookup(&part_a, copy, BH_HANDLE_TYPE_IPC_CLIENT);
	expect_same_lookup(&part_a, h, BH_HANDLE_TYPE_IPC_CLIENT);
	cr_expect_null(handle_object_of(&part_a.handles, copy, BH_HANDLE_TYPE_IPC_CLIENT));
	/* Another partition's table knows none of them. */
	cr_expect_null(handle_object_of(&part_b.handles, dma, BH_HANDLE_TYPE_DMA));
	/* Released with the partition: nothing is found any more. */
	cr_assert_not_null(handle_object_of(&part_a.handles, dma, BH_HANDLE_TYPE_DMA));
	handles_release_all(&part_a);
	cr_expect_null(handle_object_of(&part_a.handles, dma, BH_HANDLE_TYPE_DMA));
}
