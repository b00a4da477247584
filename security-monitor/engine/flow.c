// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow: one finite-state machine per SID. State: one byte per SID, the index of the current
 * state or 0xff when the SID has no machine.
 */
#include <string.h>

#include "engine_internal.h"

#define NO_FSM 0xffu

static int state_index(const struct psl_engine *e, const uint32_t *c, const struct psl_value *v)
{
	if (v->kind != PSL_V_TEXT)
		return -1;
	for (uint32_t s = 0; s < c[0]; s++) {
		const char *name = psl_image_string(&e->img, c[2 + s]);
		if (strlen(name) == v->n && !memcmp(name, v->text, v->n))
			return (int)s;
	}
	return -1;
}

enum psl_status psl_flow_call(struct psl_engine *e, uint32_t obj, uint32_t method,
			      const struct psl_value *arg, struct psl_value *out)
{
	const uint32_t *c = psl_obj_config(e, obj);
	const uint32_t *masks = c + 2 + c[0];
	const struct psl_value *v;
	uint32_t sid, from, to = PSL_NONE;
	enum psl_status rc = psl_arg_sid(e, arg, "sid", &sid);

	if (rc)
		return rc;
	from = psl_state_read(e, obj)[sid];
	if (method == PSL_FLOW_QUERY) {
		if (from == NO_FSM)
			return PSL_E_SID;
		const char *name = psl_image_string(&e->img, c[2 + from]);
		*out = psl_text(name, (uint32_t)strlen(name));
		return PSL_OK;
	}
	switch (method) {
	case PSL_FLOW_INIT:
		if (from != NO_FSM) {
			rc = PSL_E_DENIED;
			break;
		}
		to = c[1];
		psl_state_write(e, obj)[sid] = (uint8_t)to;
		break;
	case PSL_FLOW_FINI:
		if (from == NO_FSM)
			rc = PSL_E_DENIED;
		else
			psl_state_write(e, obj)[sid] = NO_FSM;
		break;
	case PSL_FLOW_ENTER: {
		if ((rc = psl_arg(arg, "state", PSL_V_TEXT, &v)))
			return rc;
		int s = state_index(e, c, v);
		if (s < 0)
			return PSL_E_TYPE;
		if (from == NO_FSM || !(masks[from] & (1u << s))) {
			rc = PSL_E_DENIED;
			break;
		}
		to = (uint32_t)s;
		psl_state_write(e, obj)[sid] = (uint8_t)s;
		break;
	}
	case PSL_FLOW_ALLOW:
		if ((rc = psl_arg(arg, "states", PSL_V_LIST, &v)))
			return rc;
		rc = PSL_E_DENIED;
		for (uint32_t i = 0; i < v->n; i++) {
			int s = state_index(e, c, &v->items[i]);
			if (s < 0)
				return PSL_E_TYPE;
			if (from != NO_FSM && (uint32_t)s == from)
				rc = PSL_OK;
		}
		break;
	default:
		return PSL_E_IMAGE;
	}
	psl_audit_note(e, obj, method, rc == PSL_OK, from == NO_FSM ? PSL_NONE : from, to);
	return rc;
}
