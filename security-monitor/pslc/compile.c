// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checking and compiling bindings: selectors to (class, riid, mid) targets, statements and
 * expressions to nodes. What an event of a binding can be is tracked as a candidate set of
 * (endpoint, method) pairs, so that `message.x` is checked against the IDL of those methods
 * and a binding that can never match is reported.
 */
#include <stdlib.h>
#include <string.h>

#include "sema.h"
#include "specs/specs.h"

struct ectx {
	struct pslc *c;
	struct compiled *k;
	uint32_t kind; /* PSL_NONE: constant context (configuration) */
	struct cand *cands;
	size_t n_cands;
	uint32_t *audit; /* the binding's audit profile */
};

static const char *ty_name(enum ty_kind k)
{
	static const char *const n[] = {"any",	 "an integer", "a text",       "a Boolean",  "()",
					"a Sid", "a list",     "a dictionary", "the message"};
	return n[k];
}

static uint32_t compile_expr(struct ectx *x, struct ast *e, struct ty *t);

static struct ty spec_ty(const struct spec_type *st)
{
	struct ty t = {TY_ANY, NULL, NULL};

	st = spec_type_resolve(st);
	if (!st)
		return t;
	if (spec_type_is_integer(st) || st->kind == SPEC_T_CHAR)
		t.k = TY_INT;
	else if (st->kind == SPEC_T_BOOLEAN)
		t.k = TY_BOOL;
	else if (st->kind == SPEC_T_STRING)
		t.k = TY_TEXT;
	else if (st->kind == SPEC_T_BYTES || st->kind == SPEC_T_ARRAY ||
		 st->kind == SPEC_T_SEQUENCE)
		t.k = TY_LIST;
	else if (st->kind == SPEC_T_STRUCT || st->kind == SPEC_T_HANDLE)
		t.k = TY_DICT;
	t.spec = st;
	return t;
}

static enum spec_dir dir_of(uint32_t kind)
{
	return kind == PSL_EV_RESPONSE ? SPEC_OUT : kind == PSL_EV_ERROR ? SPEC_ERROR : SPEC_IN;
}

/* message.<name>: the field must be a parameter of at least one candidate method. */
static bool message_field(struct ectx *x, struct ast *e, struct ty *t)
{
	const struct spec_type *found = NULL;
	bool any = false, conflict = false;

	if (x->kind == PSL_EV_EXECUTE) {
		pslc_error(x->c, e->loc, "execute events have no message fields ('%s')", e->s);
		return false;
	}
	for (size_t i = 0; i < x->n_cands; i++) {
		size_t n;
		const struct spec_param *p =
		    method_params(&x->k->eps[x->cands[i].ep], x->cands[i].mid, &n);
		for (size_t j = 0; j < n; j++) {
			if (p[j].dir != dir_of(x->kind) || strcmp(p[j].name, e->s))
				continue;
			if (any && spec_ty(found).k != spec_ty(p[j].type).k)
				conflict = true;
			any = true;
			found = p[j].type;
		}
	}
	if (!any && x->n_cands) {
		const struct ep *ep = &x->k->eps[x->cands[0].ep];
		pslc_error(x->c, e->loc,
			   "unknown message field '%s' (no %s parameter of that name in "
			   "%s%s)",
			   e->s,
			   x->kind == PSL_EV_RESPONSE ? "out"
			   : x->kind == PSL_EV_ERROR  ? "error"
						      : "in",
			   x->n_cands == 1 ? "method "
					   : "the methods this binding can match, e.g. ",
			   ep_method_name(ep, x->cands[0].mid));
		return false;
	}
	*t = any && !conflict ? spec_ty(found) : (struct ty){TY_ANY, NULL, NULL};
	return true;
}

static bool struct_field(struct ectx *x, struct ast *e, struct ty *inner, struct ty *t)
{
	const struct spec_type *st = inner->spec;

	*t = (struct ty){TY_ANY, NULL, NULL};
	if (!st)
		return true;
	if (st->kind == SPEC_T_HANDLE) {
		if (!strcmp(e->s, "handle"))
			t->k = TY_SID;
		else if (!strcmp(e->s, "rights"))
			t->k = TY_INT;
		else {
			pslc_error(x->c, e->loc,
				   "a HandleDesc has the fields handle and rights, "
				   "not '%s'",
				   e->s);
			return false;
		}
		return true;
	}
	for (size_t i = 0; i < st->nfields; i++)
		if (!strcmp(st->fields[i].name, e->s)) {
			*t = spec_ty(st->fields[i].type);
			return true;
		}
	pslc_error(x->c, e->loc, "unknown field '%s' of %s", e->s, st->name ? st->name : "struct");
	return false;
}

static uint32_t text_node(struct compiled *k, const char *s, size_t len)
{
	uint32_t id;

	if (strlen(s) == len) {
		id = str_id(k, s);
	} else { /* embedded NUL: store the bytes as they are */
		id = vec_put(&k->sec[PSL_SEC_STRINGS], s, len);
		vec_put(&k->sec[PSL_SEC_STRINGS], "", 1);
	}
	return node_add(k, PSL_N_TEXT, 0, id, (uint32_t)len, 0);
}

static bool want(struct ectx *x, struct ast *e, struct ty t, enum ty_kind k, const char *what)
{
	if (t.k == TY_ANY || t.k == k)
		return true;
	pslc_error(x->c, e->loc, "%s needs %s, not %s", what, ty_name(k), ty_name(t.k));
	return false;
}

static uint32_t compile_binop(struct ectx *x, struct ast *e, struct ty *t)
{
	static const char *const ops[] = {"==", "!=",  "<", "<=", ">", ">=", "&&",
					  "||", "==>", "+", "-",  "*", "&",  "|"};
	struct ty ta, tb;
	uint32_t a = compile_expr(x, e->a, &ta), b = compile_expr(x, e->b, &tb);
	char what[32];

	if (a == PSL_NONE || b == PSL_NONE)
		return PSL_NONE;
	snprintf(what, sizeof(what), "operator %s", ops[e->i]);
	switch (e->i) {
	case PSL_OP_AND:
	case PSL_OP_OR:
	case PSL_OP_IMPLIES:
		if (!want(x, e->a, ta, TY_BOOL, what) || !want(x, e->b, tb, TY_BOOL, what))
			return PSL_NONE;
		t->k = TY_BOOL;
		break;
	case PSL_OP_EQ:
	case PSL_OP_NE:
	case PSL_OP_LT:
	case PSL_OP_LE:
	case PSL_OP_GT:
	case PSL_OP_GE:
		if (ta.k != TY_ANY && tb.k != TY_ANY && ta.k != tb.k &&
		    !((ta.k == TY_SID && tb.k == TY_INT) || (ta.k == TY_INT && tb.k == TY_SID))) {
			pslc_error(x->c, e->loc, "%s compares %s with %s", what, ty_name(ta.k),
				   ty_name(tb.k));
			return PSL_NONE;
		}
		if (e->i >= PSL_OP_LT && ta.k != TY_ANY && ta.k != TY_INT && ta.k != TY_TEXT &&
		    ta.k != TY_SID) {
			pslc_error(x->c, e->loc, "%s cannot order %s", what, ty_name(ta.k));
			return PSL_NONE;
		}
		t->k = TY_BOOL;
		break;
	default:
		if (!want(x, e->a, ta, TY_INT, what) || !want(x, e->b, tb, TY_INT, what))
			return PSL_NONE;
		t->k = TY_INT;
	}
	return node_add(x->k, PSL_N_BINOP, (uint16_t)e->i, a, b, 0);
}

/* The argument of a model method: a dictionary with exactly the fields the method takes. */
static bool check_fields(struct ectx *x, struct ast *call, const struct obj *o, uint32_t m,
			 struct ast *arg, struct ty at)
{
	const char *const *f = psl_methods[m].fields;

	if (!f)
		return true;
	if (arg->kind != A_DICT) {
		if (at.k == TY_ANY || at.k == TY_DICT || at.k == TY_MSG)
			return true;
		pslc_error(x->c, arg->loc, "%s.%s takes a dictionary, not %s", o->name,
			   psl_methods[m].name, ty_name(at.k));
		return false;
	}
	for (struct ast *en = arg->a; en; en = en->next) {
		bool known = false;
		for (size_t i = 0; f[i]; i++)
			known = known || !strcmp(f[i], en->s);
		if (!known) {
			char list[256] = "";
			for (size_t i = 0; f[i]; i++) {
				strcat(list, i ? ", " : "");
				strncat(list, f[i], sizeof(list) - strlen(list) - 3);
			}
			pslc_error(x->c, en->loc, "%s.%s has no argument '%s' (it takes %s)",
				   o->name, psl_methods[m].name, en->s, list);
			return false;
		}
	}
	if (o->model == PSL_M_MIC)
		return true; /* optional fields default to () */
	for (size_t i = 0; f[i]; i++)
		if (!dict_get(arg, f[i])) {
			pslc_error(x->c, arg->loc, "%s.%s needs the argument '%s'", o->name,
				   psl_methods[m].name, f[i]);
			return false;
		}
	(void)call;
	return true;
}

static bool check_state_literal(struct ectx *x, const struct obj *o, struct ast *v)
{
	if (v && v->kind == A_TEXT && flow_state(o, v->s) < 0) {
		pslc_error(x->c, v->loc, "Flow object '%s' has no state '%s'", o->name, v->s);
		return false;
	}
	return true;
}

/* Model-specific checks of the argument's values. */
static bool check_values(struct ectx *x, const struct obj *o, uint32_t m, struct ast *arg,
			 struct ty at)
{
	switch (m) {
	case PSL_BASE_GRANT:
		if (at.k != TY_UNIT) {
			pslc_error(x->c, arg->loc, "grant takes ()");
			return false;
		}
		return true;
	case PSL_BASE_DENY:
		if (at.k != TY_UNIT && at.k != TY_BOOL && at.k != TY_ANY) {
			pslc_error(x->c, arg->loc, "deny takes () or a Boolean condition, not %s",
				   ty_name(at.k));
			return false;
		}
		return true;
	case PSL_BASE_ASSERT:
		return want(x, arg, at, TY_BOOL, "assert");
	case PSL_BOOL_ALL:
	case PSL_BOOL_ANY:
	case PSL_MATH_SUM:
	case PSL_MATH_PRODUCT:
		return want(x, arg, at, TY_LIST, psl_methods[m].name);
	case PSL_MATH_NEG:
	case PSL_MATH_ABS:
		return want(x, arg, at, TY_INT, psl_methods[m].name);
	case PSL_FLOW_ENTER:
		return check_state_literal(x, o, dict_get(arg, "state"));
	case PSL_FLOW_ALLOW: {
		struct ast *l = dict_get(arg, "states");
		if (l && l->kind == A_LIST)
			for (struct ast *s = l->a; s; s = s->next)
				if (!check_state_literal(x, o, s))
					return false;
		return true;
	}
	}
	return true;
}

static struct ty result_ty(uint32_t m, const struct obj *o)
{
	struct ty t = {TY_ANY, NULL, NULL};

	switch (m) {
	case PSL_PRED_EMPTY:
	case PSL_BOOL_ALL:
	case PSL_BOOL_ANY:
	case PSL_RE_MATCH:
	case PSL_HS_CONTAINS:
		t.k = TY_BOOL;
		break;
	case PSL_MATH_NEG:
	case PSL_MATH_ABS:
	case PSL_MATH_SUM:
	case PSL_MATH_PRODUCT:
		t.k = TY_INT;
		break;
	case PSL_FLOW_QUERY:
		t.k = TY_TEXT;
		t.flow = o;
		break;
	}
	return t;
}

/* Object and method of `obj.method` (obj NULL: a Base method of the object `base`). */
static bool resolve_method(struct ectx *x, struct ast *e, const char *objname, const char *mname,
			   const struct obj **o, uint32_t *m)
{
	uint32_t oi;

	if (!objname) {
		if (strcmp(mname, "grant") && strcmp(mname, "deny") && strcmp(mname, "assert")) {
			pslc_error(x->c, e->loc,
				   "unknown rule '%s' (a call is object.method; "
				   "only grant, deny and assert go without object)",
				   mname);
			return false;
		}
		if (x->k->base_obj == PSL_NONE) {
			pslc_error(x->c, e->loc, "%s needs the Base model: add use nk.base._",
				   mname);
			return false;
		}
		oi = x->k->base_obj;
	} else {
		oi = obj_find(x->k, objname);
		if (oi == PSL_NONE) {
			pslc_error(x->c, e->loc, "unknown policy object '%s'", objname);
			return false;
		}
	}
	*o = &x->k->objs[oi];
	*m = psl_method_find((*o)->model, mname);
	if (*m == PSL_NONE) {
		pslc_error(x->c, e->loc, "%s object '%s' has no method '%s'",
			   psl_model_names[(*o)->model], (*o)->name, mname);
		return false;
	}
	return true;
}

static uint32_t regex_literal(struct ectx *x, struct ast *pat)
{
	char err[128];
	size_t pos;
	uint32_t dfa;

	if (!pat || pat->kind != A_TEXT) {
		pslc_error(x->c, pat ? pat->loc : (struct psl_loc){0},
			   "a regular expression must be a text literal (it is compiled with the "
			   "policy)");
		return PSL_NONE;
	}
	if (!regex_compile(x->k, pat->s, (size_t)pat->i, &dfa, err, sizeof(err), &pos)) {
		struct psl_loc l = pat->loc;
		l.col += 1 + (int)pos;
		pslc_error(x->c, l, "bad regular expression: %s", err);
		return PSL_NONE;
	}
	return dfa;
}

static uint32_t compile_apply(struct ectx *x, struct ast *e, struct ty *t, bool as_rule)
{
	const struct obj *o;
	uint32_t m, arg, dfa = 0;
	struct ty at;

	if (!e->s && !as_rule) {
		if (strcmp(e->s2, "size")) {
			pslc_error(x->c, e->loc,
				   "unknown function '%s' (expressions of models are "
				   "called as object.method)",
				   e->s2);
			return PSL_NONE;
		}
		arg = compile_expr(x, e->a, &at);
		if (arg == PSL_NONE)
			return PSL_NONE;
		if (at.k != TY_ANY && at.k != TY_TEXT && at.k != TY_LIST && at.k != TY_DICT) {
			pslc_error(x->c, e->a->loc, "size needs a text or a sequence, not %s",
				   ty_name(at.k));
			return PSL_NONE;
		}
		t->k = TY_INT;
		return node_add(x->k, PSL_N_SIZE, 0, arg, 0, 0);
	}
	if (!resolve_method(x, e, e->s, e->s2, &o, &m))
		return PSL_NONE;
	if (psl_methods[m].rule != as_rule) {
		pslc_error(x->c, e->loc, "%s.%s is %s", o->name, psl_methods[m].name,
			   as_rule ? "an expression, not a rule: use it in assert, choice or an "
				     "argument"
				   : "a rule, not an expression: call it on its own line");
		return PSL_NONE;
	}
	if (m == PSL_RE_SELECT) {
		pslc_error(x->c, e->loc,
			   "re.select is the subject of a choice whose branches are "
			   "patterns");
		return PSL_NONE;
	}
	arg = compile_expr(x, e->a, &at);
	if (arg == PSL_NONE || !check_fields(x, e, o, m, e->a, at) ||
	    !check_values(x, o, m, e->a, at))
		return PSL_NONE;
	if (m == PSL_RE_MATCH && (dfa = regex_literal(x, dict_get(e->a, "pattern"))) == PSL_NONE)
		return PSL_NONE;
	*t = result_ty(m, o);
	return node_add(x->k, as_rule ? PSL_S_CALL : PSL_N_EXPR, (uint16_t)m, o->index, arg, dfa);
}

static uint32_t compile_expr(struct ectx *x, struct ast *e, struct ty *t)
{
	struct ty it;
	uint32_t a, b;

	*t = (struct ty){TY_ANY, NULL, NULL};
	switch (e->kind) {
	case A_INT:
		t->k = TY_INT;
		return node_add(x->k, PSL_N_INT, 0, int_const(x->k, e->i), 0, 0);
	case A_TEXT:
		t->k = TY_TEXT;
		return text_node(x->k, e->s, (size_t)e->i);
	case A_BOOL:
		t->k = TY_BOOL;
		return node_add(x->k, PSL_N_BOOL, (uint16_t)e->i, 0, 0, 0);
	case A_UNIT:
		t->k = TY_UNIT;
		return node_add(x->k, PSL_N_UNIT, 0, 0, 0, 0);
	case A_LIST: {
		size_t n = ast_count(e->a), i = 0;
		uint32_t *items = calloc(n + 1, sizeof(*items));
		for (struct ast *it2 = e->a; it2; it2 = it2->next, i++)
			if ((items[i] = compile_expr(x, it2, &it)) == PSL_NONE) {
				free(items);
				return PSL_NONE;
			}
		uint32_t l = list_add(x->k, items, (uint32_t)n, 1);
		free(items);
		t->k = TY_LIST;
		return node_add(x->k, PSL_N_LIST, 0, l, 0, 0);
	}
	case A_DICT: {
		size_t n = ast_count(e->a), i = 0;
		uint32_t *pairs = calloc(2 * n + 1, sizeof(*pairs));
		for (struct ast *en = e->a; en; en = en->next, i++) {
			for (struct ast *p = e->a; p != en; p = p->next)
				if (!strcmp(p->s, en->s)) {
					pslc_error(x->c, en->loc, "field '%s' given twice", en->s);
					free(pairs);
					return PSL_NONE;
				}
			pairs[2 * i] = str_id(x->k, en->s);
			if ((pairs[2 * i + 1] = compile_expr(x, en->a, &it)) == PSL_NONE) {
				free(pairs);
				return PSL_NONE;
			}
		}
		uint32_t l = list_add(x->k, pairs, (uint32_t)n, 2);
		free(pairs);
		t->k = TY_DICT;
		return node_add(x->k, PSL_N_DICT, 0, l, 0, 0);
	}
	case A_MESSAGE:
	case A_SRC_SID:
	case A_DST_SID:
		if (x->kind == PSL_NONE) {
			pslc_error(x->c, e->loc, "a configuration value must be a constant");
			return PSL_NONE;
		}
		if (e->kind == A_DST_SID && x->kind == PSL_EV_SECURITY) {
			pslc_error(x->c, e->loc, "security events have no destination (dst_sid)");
			return PSL_NONE;
		}
		t->k = e->kind == A_MESSAGE ? TY_MSG : TY_SID;
		return node_add(x->k,
				e->kind == A_MESSAGE   ? PSL_N_MESSAGE
				: e->kind == A_SRC_SID ? PSL_N_SRC_SID
						       : PSL_N_DST_SID,
				0, 0, 0, 0);
	case A_FIELD:
		if ((a = compile_expr(x, e->a, &it)) == PSL_NONE)
			return PSL_NONE;
		if (it.k == TY_MSG ? !message_field(x, e, t) : !struct_field(x, e, &it, t))
			return PSL_NONE;
		if (it.k != TY_MSG && !want(x, e->a, it, TY_DICT, "field access"))
			return PSL_NONE;
		return node_add(x->k, PSL_N_FIELD, 0, a, str_id(x->k, e->s), 0);
	case A_INDEX:
		if ((a = compile_expr(x, e->a, &it)) == PSL_NONE ||
		    !want(x, e->a, it, TY_LIST, "indexing"))
			return PSL_NONE;
		{
			struct ty ti;
			if ((b = compile_expr(x, e->b, &ti)) == PSL_NONE ||
			    !want(x, e->b, ti, TY_INT, "an index"))
				return PSL_NONE;
		}
		if (it.spec && it.spec->elem)
			*t = spec_ty(it.spec->elem);
		else if (it.spec && it.spec->kind == SPEC_T_BYTES)
			t->k = TY_INT;
		return node_add(x->k, PSL_N_INDEX, 0, a, b, 0);
	case A_BINOP:
		return compile_binop(x, e, t);
	case A_UNOP:
		if ((a = compile_expr(x, e->a, &it)) == PSL_NONE)
			return PSL_NONE;
		if (!want(x, e->a, it, e->i == PSL_OP_NOT ? TY_BOOL : TY_INT,
			  e->i == PSL_OP_NOT ? "operator !" : "a negation"))
			return PSL_NONE;
		t->k = e->i == PSL_OP_NOT ? TY_BOOL : TY_INT;
		return node_add(x->k, PSL_N_UNOP, (uint16_t)e->i, a, 0, 0);
	case A_APPLY:
		if (x->kind == PSL_NONE) {
			pslc_error(x->c, e->loc, "a configuration value must be a constant");
			return PSL_NONE;
		}
		return compile_apply(x, e, t, false);
	default:
		pslc_error(x->c, e->loc, "not an expression");
		return PSL_NONE;
	}
}

uint32_t compile_const(struct pslc *c, struct compiled *k, struct ast *e, struct ty *t)
{
	struct ectx x = {c, k, PSL_NONE, NULL, 0, NULL};

	return compile_expr(&x, e, t);
}

/* ---- selectors ---- */

static bool ep_kind_ok(const struct ep *e, uint32_t kind)
{
	return (e->riid == PSL_RIID_SECURITY) == (kind == PSL_EV_SECURITY);
}

static uint32_t sel_class(struct pslc *c, struct compiled *k, struct ast *s, bool *ok)
{
	uint32_t id = class_find(k, s->s2);

	if (id == PSL_NONE) {
		pslc_error(c, s->loc, "unknown class '%s' (is there a use EDL %s?)", s->s2, s->s2);
		*ok = false;
	}
	return id;
}

/* Does the value of an endpoint, interface, component or method selector exist anywhere? */
static bool name_exists(const struct compiled *k, const char *key, const char *v)
{
	for (uint32_t i = 0; i < k->n_eps; i++) {
		const struct ep *e = &k->eps[i];
		if ((!strcmp(key, "endpoint") && !strcmp(e->qname, v)) ||
		    (!strcmp(key, "interface") && !strcmp(e->iface, v)) ||
		    (!strcmp(key, "component") && e->component && !strcmp(e->component, v)) ||
		    (!strcmp(key, "method") && method_mid(e, v) != PSL_NONE))
			return true;
	}
	return false;
}

static bool cand_ok(const struct compiled *k, const struct cand *cd, uint32_t kind, uint32_t src,
		    uint32_t dst, struct ast *sels)
{
	const struct ep *e = &k->eps[cd->ep];
	uint32_t owner = kind == PSL_EV_REQUEST ? dst : src;

	if (!ep_kind_ok(e, kind) || (owner != PSL_NONE && e->cls != owner))
		return false;
	for (struct ast *s = sels; s; s = s->next) {
		if ((!strcmp(s->s, "endpoint") && strcmp(e->qname, s->s2)) ||
		    (!strcmp(s->s, "interface") && strcmp(e->iface, s->s2)) ||
		    (!strcmp(s->s, "component") &&
		     (!e->component || strcmp(e->component, s->s2))) ||
		    (!strcmp(s->s, "method") && strcmp(ep_method_name(e, cd->mid), s->s2)))
			return false;
	}
	return true;
}

/*
 * Compiles the selectors of a binding or match into a selector record; narrows the candidate
 * set (in/out) to what can still match.
 */
static uint32_t compile_selector(struct pslc *c, struct compiled *k, uint32_t kind,
				 struct ast *sels, struct cand **cands, size_t *n_cands,
				 bool *never)
{
	struct psl_selector rec = {PSL_NONE, PSL_NONE, PSL_NONE, 0};
	bool ok = true, targeted = false, has_method = false;

	for (struct ast *s = sels; s; s = s->next) {
		for (struct ast *p = sels; p != s; p = p->next)
			if (!strcmp(p->s, s->s)) {
				pslc_error(c, s->loc, "selector %s= given twice", s->s);
				return PSL_NONE;
			}
		if (!strcmp(s->s, "src")) {
			rec.src_class = sel_class(c, k, s, &ok);
		} else if (!strcmp(s->s, "dst")) {
			if (kind == PSL_EV_SECURITY) {
				pslc_error(c, s->loc, "security events have no dst");
				return PSL_NONE;
			}
			rec.dst_class = sel_class(c, k, s, &ok);
		} else if (kind == PSL_EV_EXECUTE) {
			if (strcmp(s->s, "method") || strcmp(s->s2, "main")) {
				pslc_error(c, s->loc,
					   "execute events are selected by src, dst and "
					   "method=main only");
				return PSL_NONE;
			}
			rec.execute_only_main = 1;
		} else {
			if (!name_exists(k, s->s, s->s2)) {
				pslc_error(c, s->loc,
					   "unknown %s '%s' in the classes of this policy", s->s,
					   s->s2);
				return PSL_NONE;
			}
			targeted = true;
			has_method = has_method || !strcmp(s->s, "method");
		}
	}
	if (!ok)
		return PSL_NONE;
	/* narrow the candidates */
	size_t n = 0;
	for (size_t i = 0; i < *n_cands; i++)
		if (cand_ok(k, &(*cands)[i], kind, rec.src_class, rec.dst_class, sels))
			(*cands)[n++] = (*cands)[i];
	*n_cands = n;
	if (kind != PSL_EV_EXECUTE && !n)
		*never = true;
	if (targeted) {
		uint32_t *t = calloc(3 * n + 1, sizeof(*t));
		uint32_t m = 0;
		for (size_t i = 0; i < n; i++) {
			const struct ep *e = &k->eps[(*cands)[i].ep];
			uint32_t mid = has_method ? (*cands)[i].mid : PSL_NONE;
			bool dup = false;
			for (uint32_t j = 0; j < m && !dup; j++)
				dup = t[3 * j] == e->cls && t[3 * j + 1] == e->riid &&
				      t[3 * j + 2] == mid;
			if (dup)
				continue;
			t[3 * m] = e->cls;
			t[3 * m + 1] = e->riid;
			t[3 * m + 2] = mid;
			m++;
		}
		rec.targets = list_add(k, t, m, 3);
		free(t);
	}
	return vec_put(&k->sec[PSL_SEC_SELECTORS], &rec, sizeof(rec)) / sizeof(rec);
}

static struct cand *all_cands(const struct compiled *k, size_t *n)
{
	size_t cap = 0;
	struct cand *cs;

	for (uint32_t i = 0; i < k->n_eps; i++)
		cap += ep_method_count(&k->eps[i]);
	cs = calloc(cap + 1, sizeof(*cs));
	*n = 0;
	for (uint32_t i = 0; i < k->n_eps; i++)
		for (size_t m = 0; m < ep_method_count(&k->eps[i]); m++) {
			cs[*n].ep = i;
			cs[(*n)++].mid = (uint32_t)m;
		}
	return cs;
}

/* ---- statements ---- */

static bool compile_stmts(struct ectx *x, struct ast *list, struct vec *out);

static uint32_t compile_choice(struct ectx *x, struct ast *s)
{
	struct ast *subj = s->a;
	bool regex = false;
	const struct obj *re = NULL;
	uint32_t subject;
	struct ty st;
	struct vec cases = {0};

	if (subj->kind == A_APPLY && subj->s) {
		uint32_t oi = obj_find(x->k, subj->s);
		if (oi != PSL_NONE && x->k->objs[oi].model == PSL_M_REGEX &&
		    !strcmp(subj->s2, "select")) {
			re = &x->k->objs[oi];
			if (!check_fields(x, subj, re, PSL_RE_SELECT, subj->a,
					  (struct ty){TY_DICT, NULL, NULL}))
				return PSL_NONE;
			regex = true;
		}
	}
	if (regex) {
		struct ast *text = dict_get(subj->a, "text");

		if (!text) {
			pslc_error(x->c, subj->loc, "re.select needs a 'text' field");
			return PSL_NONE;
		}
		subject = compile_expr(x, text, &st);
		if (subject != PSL_NONE && !want(x, subj->a, st, TY_TEXT, "re.select"))
			return PSL_NONE;
	} else {
		subject = compile_expr(x, subj, &st);
	}
	if (subject == PSL_NONE)
		return PSL_NONE;
	for (struct ast *cs = s->b; cs; cs = cs->next) {
		struct vec labels = {0}, body = {0};
		bool wild = false, ok = true;
		for (struct ast *l = cs->a; l && ok; l = l->next) {
			uint32_t node;
			struct ty lt;
			if (l->kind == A_WILDCARD) {
				wild = true;
				continue;
			}
			if (regex) {
				node = regex_literal(x, l);
			} else {
				if (st.flow && l->kind == A_TEXT && flow_state(st.flow, l->s) < 0) {
					pslc_error(x->c, l->loc,
						   "Flow object '%s' has no state '%s'",
						   st.flow->name, l->s);
					ok = false;
					break;
				}
				node = compile_expr(x, l, &lt);
				if (node != PSL_NONE && st.k != TY_ANY && lt.k != st.k) {
					pslc_error(x->c, l->loc,
						   "choice branch is %s but the subject "
						   "is %s",
						   ty_name(lt.k), ty_name(st.k));
					node = PSL_NONE;
				}
			}
			if (node == PSL_NONE)
				ok = false;
			else
				vec_u32(&labels, node);
		}
		if (ok && !compile_stmts(x, cs->b, &body))
			ok = false;
		if (ok) {
			uint32_t lref = wild ? PSL_NONE
					     : list_add(x->k, (uint32_t *)labels.data,
							(uint32_t)(labels.len / 4), 1);
			uint32_t bref =
			    list_add(x->k, (uint32_t *)body.data, (uint32_t)(body.len / 4), 1);
			vec_u32(&cases, node_add(x->k, PSL_S_CASE, 0, lref, bref, 0));
			if (wild && cs->next)
				pslc_warning(x->c, cs->next->loc,
					     "branch after '_' is never taken");
		}
		free(labels.data);
		free(body.data);
		if (!ok) {
			free(cases.data);
			return PSL_NONE;
		}
	}
	uint32_t cref = list_add(x->k, (uint32_t *)cases.data, (uint32_t)(cases.len / 4), 1);
	free(cases.data);
	return node_add(x->k, PSL_S_CHOICE, regex, subject, cref, re ? re->index : 0);
}

static bool compile_stmt(struct ectx *x, struct ast *s, struct vec *out)
{
	uint32_t n;
	struct ty t;

	switch (s->kind) {
	case A_CALL: {
		struct ast app = *s;
		app.kind = A_APPLY;
		if (!s->s && !strcmp(s->s2, "audit")) {
			pslc_error(x->c, s->loc,
				   "audit inside a binding names a profile: audit <name>");
			return false;
		}
		n = compile_apply(x, &app, &t, true);
		break;
	}
	case A_MATCH: {
		struct cand *saved = malloc(sizeof(*saved) * (x->n_cands + 1));
		size_t n_saved = x->n_cands;
		bool never = false;
		struct vec body = {0};
		memcpy(saved, x->cands, sizeof(*saved) * x->n_cands);
		uint32_t sel =
		    compile_selector(x->c, x->k, x->kind, s->a, &x->cands, &x->n_cands, &never);
		if (never && sel != PSL_NONE)
			pslc_warning(x->c, s->loc, "this match can never match an event");
		bool ok = sel != PSL_NONE && compile_stmts(x, s->b, &body);
		memcpy(x->cands, saved, sizeof(*saved) * n_saved);
		x->n_cands = n_saved;
		free(saved);
		if (!ok) {
			free(body.data);
			return false;
		}
		uint32_t bref = list_add(x->k, (uint32_t *)body.data, (uint32_t)(body.len / 4), 1);
		free(body.data);
		n = node_add(x->k, PSL_S_MATCH, 0, sel, bref, 0);
		break;
	}
	case A_CHOICE:
		n = compile_choice(x, s);
		break;
	case A_AUDIT_USE:
		if (!profile_known(x->k, s->s)) {
			pslc_error(x->c, s->loc, "unknown audit profile '%s'", s->s);
			return false;
		}
		*x->audit = str_id(x->k, s->s);
		return true;
	case A_BLOCK:
		return compile_stmts(x, s->a, out);
	default:
		pslc_error(x->c, s->loc, "not a statement");
		return false;
	}
	if (n == PSL_NONE)
		return false;
	vec_u32(out, n);
	return true;
}

static bool compile_stmts(struct ectx *x, struct ast *list, struct vec *out)
{
	bool ok = true;

	for (struct ast *s = list; s; s = s->next)
		ok = compile_stmt(x, s, out) && ok;
	return ok;
}

bool compile_bindings(struct pslc *c, struct compiled *k)
{
	bool ok = true;

	for (struct ast *d = c->decls; d; d = d->next) {
		if (d->kind != A_BINDING)
			continue;
		size_t n_cands;
		struct cand *cands = all_cands(k, &n_cands);
		bool never = false;
		uint32_t audit = PSL_NONE;
		uint32_t sel =
		    compile_selector(c, k, (uint32_t)d->i, d->a, &cands, &n_cands, &never);
		struct ectx x = {c, k, (uint32_t)d->i, cands, n_cands, &audit};
		struct vec body = {0};
		if (sel == PSL_NONE) {
			free(cands);
			ok = false;
			continue;
		}
		if (never)
			pslc_warning(c, d->loc,
				     "this binding can never match an event (no endpoint "
				     "of the selected classes fits)");
		if (!compile_stmts(&x, d->b, &body))
			ok = false;
		struct psl_binding b = {
		    (uint32_t)d->i,
		    sel,
		    list_add(k, (uint32_t *)body.data, (uint32_t)(body.len / 4), 1),
		    audit,
		    (uint32_t)d->loc.line,
		    str_id(k, d->loc.file),
		};
		vec_put(&k->sec[PSL_SEC_BINDINGS], &b, sizeof(b));
		free(body.data);
		free(cands);
	}
	return ok;
}
