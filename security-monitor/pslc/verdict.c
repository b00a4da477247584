// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verdict table: for every (kind, src class, dst class, riid, mid) the policy can see,
 * decide whether the outcome is fixed at compile time. A tuple is STATIC GRANT when every rule
 * that can run for it is an unconditional grant (and at least one runs), STATIC DENY when no
 * rule runs or an unconditional deny is always reached, DYNAMIC otherwise — also whenever a
 * rule's object is audited, so that the shortcut never swallows an audit record.
 */
#include <stdlib.h>
#include <string.h>

#include "sema.h"

enum outcome { O_NONE, O_GRANT, O_DYN, O_DENY };

struct tuple {
	uint32_t kind, src, dst, riid, mid;
};

static const struct psl_node *nd(const struct compiled *k, uint32_t i)
{
	return (const struct psl_node *)k->sec[PSL_SEC_NODES].data + i;
}

static const uint32_t *lst(const struct compiled *k, uint32_t ref)
{
	return (const uint32_t *)k->sec[PSL_SEC_LISTS].data + ref;
}

static bool sel_match(const struct compiled *k, uint32_t sel, const struct tuple *t)
{
	const struct psl_selector *s =
	    (const struct psl_selector *)k->sec[PSL_SEC_SELECTORS].data + sel;

	if (s->src_class != PSL_NONE && s->src_class != t->src)
		return false;
	if (s->dst_class != PSL_NONE && s->dst_class != t->dst)
		return false;
	if (s->targets == PSL_NONE)
		return true;
	if (t->kind == PSL_EV_EXECUTE)
		return false;
	uint32_t owner = t->kind == PSL_EV_REQUEST ? t->dst : t->src;
	const uint32_t *l = lst(k, s->targets);
	for (uint32_t i = 0; i < l[0]; i++) {
		const uint32_t *x = l + 1 + 3 * i;
		if (x[0] == owner && x[1] == t->riid && (x[2] == PSL_NONE || x[2] == t->mid))
			return true;
	}
	return false;
}

static enum outcome combine(enum outcome a, enum outcome b)
{
	return a > b ? a : b; /* NONE < GRANT < DYN < DENY */
}

static enum outcome body(const struct compiled *k, uint32_t list, const struct tuple *t);

static enum outcome stmt(const struct compiled *k, uint32_t i, const struct tuple *t)
{
	const struct psl_node *n = nd(k, i);
	const struct psl_node *arg;

	switch (n->op) {
	case PSL_S_CALL:
		if (k->objs[n->a].audited)
			return O_DYN;
		arg = nd(k, n->b);
		if (n->sub == PSL_BASE_GRANT)
			return O_GRANT;
		if (n->sub == PSL_BASE_DENY && arg->op == PSL_N_UNIT)
			return O_DENY;
		if ((n->sub == PSL_BASE_DENY || n->sub == PSL_BASE_ASSERT) && arg->op == PSL_N_BOOL)
			return (n->sub == PSL_BASE_ASSERT) == (arg->sub != 0) ? O_GRANT : O_DENY;
		return O_DYN;
	case PSL_S_MATCH:
		return sel_match(k, n->a, t) ? body(k, n->b, t) : O_NONE;
	default:
		return O_DYN;
	}
}

static enum outcome body(const struct compiled *k, uint32_t list, const struct tuple *t)
{
	const uint32_t *l = lst(k, list);
	enum outcome o = O_NONE;

	for (uint32_t i = 0; i < l[0]; i++)
		o = combine(o, stmt(k, l[1 + i], t));
	return o;
}

static uint32_t decide(const struct compiled *k, const struct tuple *t)
{
	const struct psl_binding *b = (const struct psl_binding *)k->sec[PSL_SEC_BINDINGS].data;
	size_t nb = k->sec[PSL_SEC_BINDINGS].len / sizeof(*b);
	enum outcome o = O_NONE;

	for (size_t i = 0; i < nb; i++)
		if (b[i].kind == t->kind && sel_match(k, b[i].selector, t))
			o = combine(o, body(k, b[i].body, t));
	return o == O_GRANT ? PSL_VERDICT_GRANT
	       : o == O_DYN ? PSL_VERDICT_DYNAMIC
			    : PSL_VERDICT_DENY;
}

static void emit(struct compiled *k, const struct tuple *t)
{
	struct psl_verdict v = {t->kind, t->src, t->dst, t->riid, t->mid, decide(k, t)};

	vec_put(&k->sec[PSL_SEC_VERDICTS], &v, sizeof(v));
}

static int verdict_order(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	for (int i = 0; i < 5; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static void tuples(struct compiled *k);

/* The table is sorted by (kind, src, dst, riid, mid): the engine looks tuples up by bisection. */
void verdicts_build(struct pslc *c, struct compiled *k)
{
	(void)c;
	tuples(k);
	if (!k->sec[PSL_SEC_VERDICTS].len)
		return; /* no classes: qsort may not be given a null table */
	qsort(k->sec[PSL_SEC_VERDICTS].data,
	      k->sec[PSL_SEC_VERDICTS].len / sizeof(struct psl_verdict), sizeof(struct psl_verdict),
	      verdict_order);
}

static void tuples(struct compiled *k)
{
	struct tuple t;

	for (t.kind = 0; t.kind < PSL_EV_COUNT; t.kind++) {
		for (t.src = 0; t.src < k->n_classes; t.src++) {
			if (t.kind == PSL_EV_SECURITY) {
				/* Security events: riid PSL_RIID_SECURITY sorts after every real
				 * riid. */
				t.dst = PSL_NONE;
				for (uint32_t e = 0; e < k->n_eps; e++) {
					const struct ep *ep = &k->eps[e];
					if (ep->cls != t.src || ep->riid != PSL_RIID_SECURITY)
						continue;
					t.riid = ep->riid;
					for (t.mid = 0; t.mid < ep_method_count(ep); t.mid++)
						emit(k, &t);
				}
				continue;
			}
			for (t.dst = 0; t.dst < k->n_classes; t.dst++) {
				if (t.kind == PSL_EV_EXECUTE) {
					t.riid = PSL_NONE;
					t.mid = 0;
					emit(k, &t);
					continue;
				}
				uint32_t owner = t.kind == PSL_EV_REQUEST ? t.dst : t.src;
				const struct cls *cl = &k->classes[owner];
				for (uint32_t e = cl->first_ep; e < cl->first_ep + cl->n_ep; e++) {
					const struct ep *ep = &k->eps[e];
					if (ep->riid == PSL_RIID_SECURITY)
						continue;
					t.riid = ep->riid;
					for (t.mid = 0; t.mid < ep_method_count(ep); t.mid++)
						emit(k, &t);
				}
			}
		}
	}
}
