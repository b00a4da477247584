// SPDX-License-Identifier: GPL-2.0-only
/*
 * Plans (psl/plan.h): the statements an event tuple runs, found once by walking its bindings
 * and match statements as the general walk (engine.c) would, and run in that order with the
 * nesting depth each would have had. Base rules over constants and message fields run in
 * their fast form; every other statement runs through the general statement code.
 */
#include <string.h>

#include "engine_internal.h"

static const struct psl_value empty_message = {.kind = PSL_V_DICT};

/* message, message.k1 ... (at most PSL_FAST_KEYS names), or false. */
static bool path_of(const struct psl_engine *e, uint32_t node, struct psl_fast_operand *o)
{
	const char *keys[PSL_FAST_KEYS];
	uint32_t n = 0;

	for (;;) {
		const struct psl_node *x;

		if (node >= e->img.n_nodes)
			return false;
		x = &e->img.nodes[node];
		if (x->op == PSL_N_MESSAGE)
			break;
		if (x->op != PSL_N_FIELD || n == PSL_FAST_KEYS)
			return false;
		keys[n++] = psl_image_string(&e->img, x->b);
		node = x->a;
	}
	o->n_keys = (uint8_t)n;
	for (uint32_t i = 0; i < n; i++) /* the walk met the outermost name first */
		o->keys[i] = keys[n - 1 - i];
	return true;
}

/* The leaves psl_eval computes without looking at the event, as it computes them. */
static bool constant_of(const struct psl_engine *e, const struct psl_node *x, struct psl_value *v)
{
	const uint32_t *w;

	switch (x->op) {
	case PSL_N_INT:
		w = e->img.ints + 2 * x->a;
		*v = psl_int((int64_t)((uint64_t)w[1] << 32 | w[0]));
		return true;
	case PSL_N_BOOL:
		*v = psl_bool(x->sub);
		return true;
	case PSL_N_UNIT:
		*v = psl_unit();
		return true;
	case PSL_N_TEXT:
		*v = psl_text(e->img.strings + x->a, x->b);
		return true;
	}
	return false;
}

static bool operand_of(const struct psl_engine *e, uint32_t node, struct psl_fast_operand *o)
{
	const struct psl_node *x;

	if (node >= e->img.n_nodes)
		return false;
	x = &e->img.nodes[node];
	memset(o, 0, sizeof(*o));
	if (constant_of(e, x, &o->value)) {
		o->kind = PSL_FAST_CONST;
		return true;
	}
	if (x->op == PSL_N_SIZE) {
		o->kind = PSL_FAST_SIZE;
		return path_of(e, x->a, o);
	}
	o->kind = PSL_FAST_PATH;
	return path_of(e, node, o);
}

/* The fast form of rule n, or false when it has none. */
static bool fast_rule_of(const struct psl_engine *e, const struct psl_node *n,
			 struct psl_fast_rule *r)
{
	const struct psl_node *arg;

	if (n->op != PSL_S_CALL || psl_method_model(n->sub) != PSL_M_BASE ||
	    n->b >= e->img.n_nodes)
		return false;
	r->method = n->sub;
	r->object = n->a;
	arg = &e->img.nodes[n->b];
	if (arg->op == PSL_N_BINOP && arg->sub <= PSL_OP_GE) {
		r->op = arg->sub;
		return operand_of(e, arg->a, &r->a) && operand_of(e, arg->b, &r->b);
	}
	r->op = PSL_OP_COUNT;
	return operand_of(e, n->b, &r->a);
}

struct planner {
	struct psl_engine *e;
	struct psl_plan *p;
	uint32_t binding;
	uint32_t visits;
};

static bool plan_list(struct planner *pl, uint32_t list, uint32_t depth)
{
	const struct psl_engine *e = pl->e;
	const uint32_t *l = e->img.lists + list;

	for (uint32_t i = 0; i < l[0]; i++) {
		uint32_t idx = l[1 + i];
		const struct psl_node *n = &e->img.nodes[idx];
		struct psl_plan_step *s;

		if (++pl->visits > PSL_PLAN_VISITS || depth > PSL_PLAN_DEPTH)
			return false;
		if (n->op == PSL_S_MATCH) {
			if (psl_selector_match(pl->e, n->a, e->ev) &&
			    !plan_list(pl, n->b, depth + 1))
				return false;
			continue;
		}
		if (pl->p->n_steps == PSL_PLAN_STEPS)
			return false;
		s = &pl->p->steps[pl->p->n_steps++];
		s->binding = pl->binding;
		s->profile = e->img.bindings[pl->binding].audit != PSL_NONE
				 ? e->img.bindings[pl->binding].audit
				 : e->img.hdr->audit_profile;
		s->stmt = idx;
		s->depth = depth;
		s->fast = fast_rule_of(e, n, &s->rule);
	}
	return true;
}

void psl_plan_make(struct psl_engine *e, struct psl_plan *p, uint32_t first, uint32_t last)
{
	struct planner pl = {.e = e, .p = p};

	p->n_steps = 0;
	p->state = PSL_PLAN_MADE;
	for (uint32_t i = first; i < last; i++) {
		pl.binding = e->by_kind[i];
		if (!psl_selector_match(e, e->img.bindings[pl.binding].selector, e->ev))
			continue;
		if (!plan_list(&pl, e->img.bindings[pl.binding].body, 1)) {
			p->state = PSL_PLAN_GENERAL;
			return;
		}
	}
}

static inline enum psl_status fast_operand(const struct psl_engine *e,
					   const struct psl_fast_operand *o,
					   struct psl_value *out)
{
	const struct psl_value *v;

	if (o->kind == PSL_FAST_CONST) {
		*out = o->value;
		return PSL_OK;
	}
	v = e->ev->message ? e->ev->message : &empty_message;
	/* psl_eval's checks in its order: the message, then each field's container */
	if (v->kind != PSL_V_DICT)
		return PSL_E_TYPE;
	for (uint32_t k = 0; k < o->n_keys; k++) {
		if (v->kind != PSL_V_DICT)
			return PSL_E_TYPE;
		v = psl_dict_get(v, o->keys[k]);
		if (!v)
			return PSL_E_FIELD;
	}
	if (o->kind == PSL_FAST_PATH) {
		*out = *v;
		return PSL_OK;
	}
	if (v->kind != PSL_V_TEXT && v->kind != PSL_V_LIST && v->kind != PSL_V_DICT)
		return PSL_E_TYPE;
	*out = psl_int(v->n);
	return PSL_OK;
}

/* exec_stmt_at's PSL_S_CALL for a Base method, without the tree walk. */
static inline enum psl_status fast_rule(struct psl_engine *e, const struct psl_fast_rule *r)
{
	struct psl_value arg, a, b;
	enum psl_status st;

	if (r->op == PSL_OP_COUNT) {
		st = fast_operand(e, &r->a, &arg);
	} else {
		st = fast_operand(e, &r->a, &a);
		if (!st)
			st = fast_operand(e, &r->b, &b);
		if (!st)
			st = psl_compare_op(r->op, &a, &b, &arg);
	}
	if (st)
		return st;
	e->rules_run++;
	st = psl_base_call(r->method, &arg);
	psl_audit_note(e, r->object, r->method, st == PSL_OK, PSL_NONE, PSL_NONE);
	if (st) {
		e->deny_object = r->object;
		e->deny_method = r->method;
	}
	return st;
}

enum psl_status psl_plan_run(struct psl_engine *e, const struct psl_plan *p)
{
	for (uint32_t i = 0; i < p->n_steps; i++) {
		const struct psl_plan_step *s = &p->steps[i];
		enum psl_status st;

		e->audit_profile = s->profile;
		if (s->fast) { /* evaluates nothing deep enough to need the depth */
			st = fast_rule(e, &s->rule);
		} else {
			e->depth = s->depth;
			st = psl_exec_stmt_at(e, s->stmt);
			e->depth = 0;
		}
		if (st) {
			e->deny_binding = s->binding;
			return st;
		}
	}
	return PSL_OK;
}
