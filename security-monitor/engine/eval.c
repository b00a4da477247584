// SPDX-License-Identifier: GPL-2.0-only
/*
 * The expression evaluator: walks the node tree of the image. Every failure (wrong kind,
 * missing field, bad index, overflow, exhausted scratch memory, nesting too deep) is a status
 * that ends the event with a denial; nothing here trusts the shape of the message.
 */
#include <string.h>

#include "engine_internal.h"


static const struct psl_value empty_message = {.kind = PSL_V_DICT};

static enum psl_status eval_list(struct psl_engine *e, const struct psl_node *n,
				 struct psl_value *out)
{
	const uint32_t *l = e->img.lists + n->a;
	struct psl_value *items = psl_arena_alloc(&e->scratch, sizeof(*items) * (l[0] ? l[0] : 1));

	if (!items)
		return PSL_E_MEMORY;
	for (uint32_t i = 0; i < l[0]; i++) {
		enum psl_status st = psl_eval(e, l[1 + i], &items[i]);
		if (st)
			return st;
	}
	out->kind = PSL_V_LIST;
	out->n = l[0];
	out->items = items;
	return PSL_OK;
}

static enum psl_status eval_dict(struct psl_engine *e, const struct psl_node *n,
				 struct psl_value *out)
{
	const uint32_t *l = e->img.lists + n->a;
	struct psl_dict_entry *ent = psl_arena_alloc(&e->scratch, sizeof(*ent) * (l[0] ? l[0] : 1));

	if (!ent)
		return PSL_E_MEMORY;
	for (uint32_t i = 0; i < l[0]; i++) {
		ent[i].key = psl_image_string(&e->img, l[1 + 2 * i]);
		enum psl_status st = psl_eval(e, l[2 + 2 * i], &ent[i].value);
		if (st)
			return st;
	}
	out->kind = PSL_V_DICT;
	out->n = l[0];
	out->entries = ent;
	return PSL_OK;
}

static enum psl_status eval_binop(struct psl_engine *e, const struct psl_node *n,
				  struct psl_value *out)
{
	struct psl_value a, b;
	enum psl_status st = psl_eval(e, n->a, &a);

	if (st)
		return st;
	/* && || ==> evaluate their right operand only when it decides the result. */
	if (n->sub == PSL_OP_AND || n->sub == PSL_OP_OR || n->sub == PSL_OP_IMPLIES) {
		if (a.kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		if ((n->sub == PSL_OP_AND && !a.b) || (n->sub == PSL_OP_OR && a.b) ||
		    (n->sub == PSL_OP_IMPLIES && !a.b)) {
			*out = psl_bool(n->sub != PSL_OP_AND);
			return PSL_OK;
		}
		st = psl_eval(e, n->b, &b);
		if (st)
			return st;
		if (b.kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		*out = b;
		return PSL_OK;
	}
	st = psl_eval(e, n->b, &b);
	if (st)
		return st;
	if (n->sub <= PSL_OP_GE) /* PSL_OP_EQ is 0 */
		return psl_compare_op(n->sub, &a, &b, out);
	if (a.kind != PSL_V_INT || b.kind != PSL_V_INT)
		return PSL_E_TYPE;
	out->kind = PSL_V_INT;
	switch (n->sub) {
	case PSL_OP_ADD:
		return __builtin_add_overflow(a.i, b.i, &out->i) ? PSL_E_OVERFLOW : PSL_OK;
	case PSL_OP_SUB:
		return __builtin_sub_overflow(a.i, b.i, &out->i) ? PSL_E_OVERFLOW : PSL_OK;
	case PSL_OP_MUL:
		return __builtin_mul_overflow(a.i, b.i, &out->i) ? PSL_E_OVERFLOW : PSL_OK;
	case PSL_OP_BITAND:
		out->i = a.i & b.i;
		return PSL_OK;
	case PSL_OP_BITOR:
		out->i = a.i | b.i;
		return PSL_OK;
	}
	return PSL_E_IMAGE;
}

static enum psl_status eval_unop(struct psl_engine *e, const struct psl_node *n,
				 struct psl_value *out)
{
	struct psl_value a;
	enum psl_status st = psl_eval(e, n->a, &a);

	if (st)
		return st;
	if (n->sub == PSL_OP_NOT) {
		if (a.kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		*out = psl_bool(!a.b);
		return PSL_OK;
	}
	if (a.kind != PSL_V_INT)
		return PSL_E_TYPE;
	if (n->sub == PSL_OP_BITNOT) {
		*out = psl_int(~a.i);
		return PSL_OK;
	}
	if (a.i == INT64_MIN)
		return PSL_E_OVERFLOW;
	*out = psl_int(-a.i);
	return PSL_OK;
}

static enum psl_status eval_node(struct psl_engine *e, const struct psl_node *n,
				 struct psl_value *out)
{
	struct psl_value a, idx;
	enum psl_status st;

	switch (n->op) { /* INT, MESSAGE and BOOL: psl_eval */
	case PSL_N_TEXT:
		*out = psl_text(e->img.strings + n->a, n->b);
		return PSL_OK;
	case PSL_N_UNIT:
		*out = psl_unit();
		return PSL_OK;
	case PSL_N_LIST:
		return eval_list(e, n, out);
	case PSL_N_DICT:
		return eval_dict(e, n, out);
	case PSL_N_SRC_SID:
		*out = psl_sid(e->ev->src_sid);
		return PSL_OK;
	case PSL_N_DST_SID:
		if (e->ev->dst_sid == PSL_NONE)
			return PSL_E_SID;
		*out = psl_sid(e->ev->dst_sid);
		return PSL_OK;
	case PSL_N_FIELD: {
		st = psl_eval(e, n->a, &a);
		if (st)
			return st;
		if (a.kind != PSL_V_DICT)
			return PSL_E_TYPE;
		const struct psl_value *f = psl_dict_get(&a, psl_image_string(&e->img, n->b));
		if (!f)
			return PSL_E_FIELD;
		*out = *f;
		return PSL_OK;
	}
	case PSL_N_INDEX:
		st = psl_eval(e, n->a, &a);
		if (!st)
			st = psl_eval(e, n->b, &idx);
		if (st)
			return st;
		if (a.kind != PSL_V_LIST || idx.kind != PSL_V_INT)
			return PSL_E_TYPE;
		if (idx.i < 0 || idx.i >= a.n)
			return PSL_E_INDEX;
		*out = a.items[idx.i];
		return PSL_OK;
	case PSL_N_BINOP:
		return eval_binop(e, n, out);
	case PSL_N_UNOP:
		return eval_unop(e, n, out);
	case PSL_N_SIZE:
		st = psl_eval(e, n->a, &a);
		if (st)
			return st;
		if (a.kind != PSL_V_TEXT && a.kind != PSL_V_LIST && a.kind != PSL_V_DICT)
			return PSL_E_TYPE;
		*out = psl_int(a.n);
		return PSL_OK;
	case PSL_N_EXPR:
		st = psl_eval(e, n->b, &a);
		if (st)
			return st;
		return psl_model_call(e, n, &a, out);
	}
	return PSL_E_IMAGE;
}

enum psl_status psl_eval(struct psl_engine *e, uint32_t node, struct psl_value *out)
{
	const struct psl_node *n;
	enum psl_status st;

	if (node >= e->img.n_nodes)
		return PSL_E_IMAGE;
	if (e->depth >= PSL_MAX_DEPTH)
		return PSL_E_DEPTH;
	n = &e->img.nodes[node];
	/* Leaves here, without eval_node's frame: most nodes of a rule are leaves. */
	switch (n->op) {
	case PSL_N_INT: {
		const uint32_t *w = e->img.ints + 2 * n->a;
		*out = psl_int((int64_t)((uint64_t)w[1] << 32 | w[0]));
		return PSL_OK;
	}
	case PSL_N_MESSAGE:
		*out = e->ev->message ? *e->ev->message : empty_message;
		return out->kind == PSL_V_DICT ? PSL_OK : PSL_E_TYPE;
	case PSL_N_BOOL:
		*out = psl_bool(n->sub);
		return PSL_OK;
	}
	e->depth++;
	st = eval_node(e, n, out);
	e->depth--;
	return st;
}

enum psl_status psl_arg(const struct psl_value *arg, const char *field, uint8_t kind,
			const struct psl_value **out)
{
	const struct psl_value *v = psl_dict_get(arg, field);

	if (!v)
		return PSL_E_FIELD;
	if (kind != 0xff && v->kind != kind)
		return PSL_E_TYPE;
	*out = v;
	return PSL_OK;
}

/* SIDs come as Sid values; an integer is accepted too (a handle field of a message). */
enum psl_status psl_arg_sid(const struct psl_engine *e, const struct psl_value *arg,
			    const char *field, uint32_t *sid)
{
	const struct psl_value *v = psl_dict_get(arg, field);

	if (!v)
		return PSL_E_FIELD;
	if (v->kind == PSL_V_SID)
		*sid = v->sid;
	else if (v->kind == PSL_V_INT && v->i >= 0 && v->i < UINT32_MAX)
		*sid = (uint32_t)v->i;
	else
		return PSL_E_TYPE;
	return *sid < e->max_sids ? PSL_OK : PSL_E_SID;
}
