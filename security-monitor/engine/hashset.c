// SPDX-License-Identifier: GPL-2.0-only
/*
 * HashSet: a pool of pool_size sets, each owned by one SID and holding up to set_size entries.
 * Entries are stored in their canonical encoding (entry_bytes at most), so any PSL value, a
 * tuple included, can be an entry. Slot layout: owner (SID + 1, 0 = free), count, then
 * set_size entries of (u16 length, entry_bytes bytes).
 */
#include <string.h>

#include "engine_internal.h"

#define HDR 8u

static uint32_t entry_stride(const uint32_t *c)
{
	return (2 + c[2] + 3) & ~3u;
}

static uint32_t slot_size(const uint32_t *c)
{
	return HDR + c[0] * entry_stride(c);
}

size_t psl_hashset_state_size(const uint32_t *c)
{
	return (size_t)c[1] * slot_size(c);
}

static int find_slot(const uint8_t *st, const uint32_t *c, uint32_t sid)
{
	for (uint32_t i = 0; i < c[1]; i++) {
		uint32_t owner;
		memcpy(&owner, st + i * slot_size(c), 4);
		if (owner == sid + 1)
			return (int)i;
	}
	return -1;
}

static int find_entry(const uint8_t *slot, const uint32_t *c, const uint8_t *enc, uint16_t len)
{
	uint32_t count;

	memcpy(&count, slot + 4, 4);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *ent = slot + HDR + i * entry_stride(c);
		uint16_t l;
		memcpy(&l, ent, 2);
		if (l == len && !memcmp(ent + 2, enc, len))
			return (int)i;
	}
	return -1;
}

enum psl_status psl_hashset_call(struct psl_engine *e, uint32_t obj, uint32_t method,
				 const struct psl_value *arg, struct psl_value *out)
{
	const uint32_t *c = psl_obj_config(e, obj);
	const uint8_t *st = psl_state_read(e, obj);
	uint8_t *enc = NULL;
	const struct psl_value *entry = NULL;
	uint32_t sid, zero = 0;
	size_t len = 0;
	int slot, idx = -1;
	enum psl_status rc = psl_arg_sid(e, arg, "sid", &sid);

	if (rc)
		return rc;
	if (method != PSL_HS_INIT && method != PSL_HS_FINI) {
		if ((rc = psl_arg(arg, "entry", 0xff, &entry)))
			return rc;
		enc = psl_arena_alloc(&e->scratch, c[2]);
		if (!enc)
			return PSL_E_MEMORY;
		len = psl_value_encode(entry, enc, c[2]);
		if (!len)
			return PSL_E_MEMORY; /* larger than an entry slot */
	}
	slot = find_slot(st, c, sid);
	if (slot >= 0 && entry)
		idx = find_entry(st + slot * slot_size(c), c, enc, (uint16_t)len);

	if (method == PSL_HS_CONTAINS) {
		if (slot < 0)
			return PSL_E_SID;
		*out = psl_bool(idx >= 0);
		return PSL_OK;
	}
	switch (method) {
	case PSL_HS_INIT:
		if (slot >= 0)
			rc = PSL_E_DENIED;
		else if ((slot = find_slot(st, c, PSL_NONE)) < 0) /* owner 0: free */
			rc = PSL_E_DENIED;			  /* pool exhausted */
		else {
			uint8_t *w = psl_state_write(e, obj) + slot * slot_size(c);
			uint32_t owner = sid + 1;
			memcpy(w, &owner, 4);
			memcpy(w + 4, &zero, 4);
		}
		break;
	case PSL_HS_FINI:
		if (slot < 0)
			rc = PSL_E_DENIED;
		else
			memset(psl_state_write(e, obj) + slot * slot_size(c), 0, slot_size(c));
		break;
	case PSL_HS_ADD: {
		uint32_t count;
		if (slot < 0) {
			rc = PSL_E_DENIED;
			break;
		}
		if (idx >= 0)
			break; /* already present: granted, nothing changes */
		memcpy(&count, st + slot * slot_size(c) + 4, 4);
		if (count >= c[0]) {
			rc = PSL_E_DENIED; /* set full */
			break;
		}
		uint8_t *w = psl_state_write(e, obj) + slot * slot_size(c);
		uint16_t l = (uint16_t)len;
		memcpy(w + HDR + count * entry_stride(c), &l, 2);
		memcpy(w + HDR + count * entry_stride(c) + 2, enc, len);
		count++;
		memcpy(w + 4, &count, 4);
		break;
	}
	case PSL_HS_REMOVE: {
		uint32_t count;
		if (slot < 0) {
			rc = PSL_E_DENIED;
			break;
		}
		if (idx < 0)
			break; /* absent: nothing to remove, granted */
		uint8_t *w = psl_state_write(e, obj) + slot * slot_size(c);
		memcpy(&count, w + 4, 4);
		count--;
		memmove(w + HDR + idx * entry_stride(c), w + HDR + count * entry_stride(c),
			entry_stride(c));
		memcpy(w + 4, &count, 4);
		break;
	}
	default:
		return PSL_E_IMAGE;
	}
	psl_audit_note(e, obj, method, rc == PSL_OK, PSL_NONE, PSL_NONE);
	return rc;
}
