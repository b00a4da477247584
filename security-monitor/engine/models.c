// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dispatch of model methods, and the stateless models: Base (grant, deny, assert), Pred, Bool,
 * Math and Regex. Stateful models live in their own files.
 */
#include <string.h>

#include "engine_internal.h"

enum psl_status psl_base_call(uint32_t method, const struct psl_value *arg)
{
	switch (method) {
	case PSL_BASE_GRANT:
		return PSL_OK;
	case PSL_BASE_DENY:
		/* deny () denies; deny (condition) denies when the condition holds. */
		if (arg->kind == PSL_V_UNIT)
			return PSL_E_DENIED;
		if (arg->kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		return arg->b ? PSL_E_DENIED : PSL_OK;
	case PSL_BASE_ASSERT:
		if (arg->kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		return arg->b ? PSL_OK : PSL_E_DENIED;
	}
	return PSL_E_IMAGE;
}

static enum psl_status bool_call(uint32_t method, const struct psl_value *arg,
				 struct psl_value *out)
{
	const struct psl_value *c, *t, *f;
	enum psl_status st;

	if (method == PSL_BOOL_COND) {
		if ((st = psl_arg(arg, "if", PSL_V_BOOL, &c)) ||
		    (st = psl_arg(arg, "then", 0xff, &t)) || (st = psl_arg(arg, "else", 0xff, &f)))
			return st;
		*out = c->b ? *t : *f;
		return PSL_OK;
	}
	if (arg->kind != PSL_V_LIST)
		return PSL_E_TYPE;
	bool all = true, any = false;
	for (uint32_t i = 0; i < arg->n; i++) {
		if (arg->items[i].kind != PSL_V_BOOL)
			return PSL_E_TYPE;
		all = all && arg->items[i].b;
		any = any || arg->items[i].b;
	}
	*out = psl_bool(method == PSL_BOOL_ALL ? all : any);
	return PSL_OK;
}

static enum psl_status math_call(uint32_t method, const struct psl_value *arg,
				 struct psl_value *out)
{
	int64_t acc;

	if (method == PSL_MATH_NEG || method == PSL_MATH_ABS) {
		if (arg->kind != PSL_V_INT)
			return PSL_E_TYPE;
		if (arg->i == INT64_MIN)
			return PSL_E_OVERFLOW;
		*out = psl_int(method == PSL_MATH_NEG || arg->i < 0 ? -arg->i : arg->i);
		return PSL_OK;
	}
	if (arg->kind != PSL_V_LIST)
		return PSL_E_TYPE;
	acc = method == PSL_MATH_SUM ? 0 : 1;
	for (uint32_t i = 0; i < arg->n; i++) {
		const struct psl_value *v = &arg->items[i];
		if (v->kind != PSL_V_INT)
			return PSL_E_TYPE;
		if (method == PSL_MATH_SUM ? __builtin_add_overflow(acc, v->i, &acc)
					   : __builtin_mul_overflow(acc, v->i, &acc))
			return PSL_E_OVERFLOW;
	}
	*out = psl_int(acc);
	return PSL_OK;
}

static enum psl_status pred_call(const struct psl_value *arg, struct psl_value *out)
{
	if (arg->kind != PSL_V_TEXT && arg->kind != PSL_V_LIST && arg->kind != PSL_V_DICT)
		return PSL_E_TYPE;
	*out = psl_bool(arg->n == 0);
	return PSL_OK;
}

bool psl_dfa_match(const struct psl_image *img, uint32_t dfa, const char *text, uint32_t len)
{
	const struct psl_dfa *d = (const struct psl_dfa *)(img->regex + dfa);
	const uint8_t *cls = img->regex + dfa + sizeof(*d);
	const uint8_t *next = cls + 256;
	const uint8_t *accept = next + 2u * d->n_states * d->n_classes;
	uint32_t s = 0;

	/* One table step per byte: linear in the text whatever the pattern. */
	for (uint32_t i = 0; i < len; i++) {
		uint32_t t = 2 * (s * d->n_classes + cls[(uint8_t)text[i]]);
		s = next[t] | next[t + 1] << 8;
		if (s == PSL_DFA_DEAD)
			return false;
	}
	return accept[s];
}

static enum psl_status regex_match(struct psl_engine *e, const struct psl_node *n,
				   const struct psl_value *arg, struct psl_value *out)
{
	const struct psl_value *text;
	enum psl_status st = psl_arg(arg, "text", PSL_V_TEXT, &text);

	if (st)
		return st;
	*out = psl_bool(psl_dfa_match(&e->img, n->c, text->text, text->n));
	psl_audit_note(e, n->a, PSL_RE_MATCH, out->b, PSL_NONE, PSL_NONE);
	return PSL_OK;
}

enum psl_status psl_model_call(struct psl_engine *e, const struct psl_node *n,
			       const struct psl_value *arg, struct psl_value *out)
{
	uint32_t obj = n->a, method = n->sub;
	enum psl_status st;

	*out = psl_unit();
	switch (psl_method_model(method)) {
	case PSL_M_BASE:
		st = psl_base_call(method, arg);
		psl_audit_note(e, obj, method, st == PSL_OK, PSL_NONE, PSL_NONE);
		return st;
	case PSL_M_PRED:
		return pred_call(arg, out);
	case PSL_M_BOOL:
		return bool_call(method, arg, out);
	case PSL_M_MATH:
		return math_call(method, arg, out);
	case PSL_M_REGEX:
		/* re.select is compiled into a choice; only re.match is a call. */
		return method == PSL_RE_MATCH ? regex_match(e, n, arg, out) : PSL_E_IMAGE;
	case PSL_M_HASHSET:
		return psl_hashset_call(e, obj, method, arg, out);
	case PSL_M_STATICMAP:
		return psl_staticmap_call(e, obj, method, arg, out);
	case PSL_M_FLOW:
		return psl_flow_call(e, obj, method, arg, out);
	case PSL_M_MIC:
		return psl_mic_call(e, obj, method, arg, out);
	}
	return PSL_E_IMAGE;
}
