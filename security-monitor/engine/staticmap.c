// SPDX-License-Identifier: GPL-2.0-only
/*
 * StaticMap: a pool of maps with a fixed key set, each owned by one SID, each with a base copy
 * (what get reads) and a working copy (what set writes; commit and rollback move one into the
 * other). Slot layout: owner (SID + 1), then n_keys values of the base copy, then n_keys of the
 * working copy, each value a (u16 length, value_bytes bytes) cell in canonical encoding.
 */
#include <string.h>

#include "engine_internal.h"

static uint32_t cell(const uint32_t *c)
{
	return (2 + c[1] + 3) & ~3u;
}

static uint32_t slot_size(const uint32_t *c)
{
	return 4 + 2 * c[2] * cell(c);
}

size_t psl_staticmap_state_size(const uint32_t *c)
{
	return (size_t)c[0] * slot_size(c);
}

static int find_slot(const uint8_t *st, const uint32_t *c, uint32_t owner)
{
	for (uint32_t i = 0; i < c[0]; i++) {
		uint32_t o;
		memcpy(&o, st + i * slot_size(c), 4);
		if (o == owner)
			return (int)i;
	}
	return -1;
}

static int find_key(const struct psl_engine *e, const uint32_t *c, const struct psl_value *key)
{
	for (uint32_t k = 0; k < c[2]; k++) {
		const char *name = psl_image_string(&e->img, c[3 + 2 * k]);
		if (strlen(name) == key->n && !memcmp(name, key->text, key->n))
			return (int)k;
	}
	return -1;
}

static enum psl_status store(uint8_t *cellp, const uint32_t *c, const struct psl_value *v)
{
	size_t len = psl_value_encode(v, cellp + 2, c[1]);
	uint16_t l = (uint16_t)len;

	if (!len)
		return PSL_E_MEMORY;
	memcpy(cellp, &l, 2);
	return PSL_OK;
}

static enum psl_status init_slot(struct psl_engine *e, uint32_t obj, int slot, uint32_t sid)
{
	const uint32_t *c = psl_obj_config(e, obj);
	uint8_t *w = psl_state_write(e, obj) + slot * slot_size(c);
	uint32_t owner = sid + 1;

	memcpy(w, &owner, 4);
	for (uint32_t k = 0; k < c[2]; k++) {
		struct psl_value def;
		enum psl_status st = psl_eval(e, c[4 + 2 * k], &def);
		if (st)
			return st;
		if ((st = store(w + 4 + k * cell(c), c, &def)) ||
		    (st = store(w + 4 + (c[2] + k) * cell(c), c, &def)))
			return st;
	}
	return PSL_OK;
}

enum psl_status psl_staticmap_call(struct psl_engine *e, uint32_t obj, uint32_t method,
				   const struct psl_value *arg, struct psl_value *out)
{
	const uint32_t *c = psl_obj_config(e, obj);
	const uint8_t *st = psl_state_read(e, obj);
	const struct psl_value *key = NULL, *value = NULL;
	uint32_t sid;
	int slot, k = -1;
	enum psl_status rc = psl_arg_sid(e, arg, "sid", &sid);

	if (rc)
		return rc;
	slot = find_slot(st, c, sid + 1);
	if (method == PSL_SM_SET || method == PSL_SM_GET || method == PSL_SM_GET_UNCOMMITTED) {
		if ((rc = psl_arg(arg, "key", PSL_V_TEXT, &key)))
			return rc;
		k = find_key(e, c, key);
	}
	if (method == PSL_SM_GET || method == PSL_SM_GET_UNCOMMITTED) {
		if (slot < 0)
			return PSL_E_SID;
		if (k < 0)
			return PSL_E_FIELD;
		const uint8_t *cp = st + slot * slot_size(c) + 4 +
				    ((method == PSL_SM_GET ? 0 : c[2]) + k) * cell(c);
		uint16_t l;
		memcpy(&l, cp, 2);
		return psl_value_decode(cp + 2, l, &e->scratch, out) ? PSL_OK : PSL_E_MEMORY;
	}
	switch (method) {
	case PSL_SM_INIT:
		if (slot >= 0 || (slot = find_slot(st, c, 0)) < 0)
			rc = PSL_E_DENIED; /* already has a map, or the pool is exhausted */
		else
			rc = init_slot(e, obj, slot, sid);
		break;
	case PSL_SM_FINI:
		if (slot < 0)
			rc = PSL_E_DENIED;
		else
			memset(psl_state_write(e, obj) + slot * slot_size(c), 0, slot_size(c));
		break;
	case PSL_SM_SET:
		if ((rc = psl_arg(arg, "value", 0xff, &value)))
			return rc;
		if (slot < 0 || k < 0)
			rc = PSL_E_DENIED;
		else
			rc = store(psl_state_write(e, obj) + slot * slot_size(c) + 4 +
				       (c[2] + k) * cell(c),
				   c, value);
		break;
	case PSL_SM_COMMIT:
	case PSL_SM_ROLLBACK:
		if (slot < 0) {
			rc = PSL_E_DENIED;
			break;
		}
		uint8_t *w = psl_state_write(e, obj) + slot * slot_size(c) + 4;
		size_t half = (size_t)c[2] * cell(c);
		if (method == PSL_SM_COMMIT)
			memcpy(w, w + half, half);
		else
			memcpy(w + half, w, half);
		break;
	default:
		return PSL_E_IMAGE;
	}
	psl_audit_note(e, obj, method, rc == PSL_OK, PSL_NONE, PSL_NONE);
	return rc;
}
