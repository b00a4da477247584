// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mic (Mandatory Integrity Control). A level is a degree and a set of categories; level a is
 * at most level b when a's degree is not above b's and a's categories are a subset of b's, so
 * two levels can be incomparable. Linear configurations have no categories. State per SID:
 * the level and, for subjects, levelR (the lowest level it may receive data from).
 */
#include <string.h>

#include "engine_internal.h"

struct mic_level {
	uint8_t deg;
	uint32_t cats;
};

struct mic_sid {
	uint8_t has, has_r, deg, deg_r;
	uint32_t cats, cats_r;
};

size_t psl_mic_state_size(uint32_t max_sids)
{
	return (size_t)max_sids * sizeof(struct mic_sid);
}

static bool leq(struct mic_level a, struct mic_level b)
{
	return a.deg <= b.deg && !(a.cats & ~b.cats);
}

static int name_index(const struct psl_engine *e, const uint32_t *ids, uint32_t n,
		      const struct psl_value *v)
{
	if (v->kind != PSL_V_TEXT)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const char *s = psl_image_string(&e->img, ids[i]);
		if (strlen(s) == v->n && !memcmp(s, v->text, v->n))
			return (int)i;
	}
	return -1;
}

/* Text "HIGH" or { degree : Text | (), categories : List<Text> | () }. */
static enum psl_status parse_level(const struct psl_engine *e, const uint32_t *c,
				   const struct psl_value *v, struct mic_level *out)
{
	const uint32_t *degs = c + 2, *cats = c + 2 + c[0];
	int d;

	out->deg = 0;
	out->cats = 0;
	if (v->kind == PSL_V_TEXT) {
		if ((d = name_index(e, degs, c[0], v)) < 0)
			return PSL_E_TYPE;
		out->deg = (uint8_t)d;
		return PSL_OK;
	}
	if (v->kind != PSL_V_DICT)
		return PSL_E_TYPE;
	const struct psl_value *dv = psl_dict_get(v, "degree");
	const struct psl_value *cv = psl_dict_get(v, "categories");
	if (dv && dv->kind != PSL_V_UNIT) {
		if ((d = name_index(e, degs, c[0], dv)) < 0)
			return PSL_E_TYPE;
		out->deg = (uint8_t)d;
	}
	if (cv && cv->kind != PSL_V_UNIT) {
		if (cv->kind != PSL_V_LIST)
			return PSL_E_TYPE;
		for (uint32_t i = 0; i < cv->n; i++) {
			int k = name_index(e, cats, c[1], &cv->items[i]);
			if (k < 0)
				return PSL_E_TYPE;
			out->cats |= 1u << k;
		}
	}
	return PSL_OK;
}

static struct mic_sid *sid_rec(const struct psl_engine *e, uint32_t obj, uint32_t sid)
{
	return (struct mic_sid *)(psl_state_read(e, obj)) + sid;
}

static struct mic_level level_of(const struct mic_sid *s)
{
	struct mic_level l = {s->deg, s->cats};
	return l;
}

static struct mic_level level_r_of(const struct mic_sid *s)
{
	struct mic_level l = {s->deg_r, s->cats_r};
	return l;
}

/* An optional SID argument: () or absent means none. */
static enum psl_status opt_sid(const struct psl_engine *e, const struct psl_value *arg,
			       const char *f, uint32_t *sid)
{
	const struct psl_value *v = psl_dict_get(arg, f);

	if (!v || v->kind == PSL_V_UNIT) {
		*sid = PSL_NONE;
		return PSL_OK;
	}
	return psl_arg_sid(e, arg, f, sid);
}

static enum psl_status opt_level(const struct psl_engine *e, const uint32_t *c,
				 const struct psl_value *arg, const char *f, bool *given,
				 struct mic_level *l)
{
	const struct psl_value *v = psl_dict_get(arg, f);

	*given = v && v->kind != PSL_V_UNIT;
	return *given ? parse_level(e, c, v, l) : PSL_OK;
}

static enum psl_status query_level(const struct psl_engine *e, uint32_t obj, const uint32_t *c,
				   const struct psl_value *arg, struct psl_value *out)
{
	uint32_t sid;
	enum psl_status rc = psl_arg_sid(e, arg, "source", &sid);
	struct psl_builder db, lb;

	if (rc)
		return rc;
	const struct mic_sid *s = sid_rec(e, obj, sid);
	if (!s->has)
		return PSL_E_SID;
	const char *deg = psl_image_string(&e->img, c[2 + s->deg]);
	if (!c[1]) {
		*out = psl_cstr(deg);
		return PSL_OK;
	}
	if (!psl_dict_new((struct psl_arena *)&e->scratch, &db, 2) ||
	    !psl_list_new((struct psl_arena *)&e->scratch, &lb, c[1]))
		return PSL_E_MEMORY;
	for (uint32_t k = 0; k < c[1]; k++)
		if (s->cats & (1u << k))
			psl_list_add(&lb, psl_cstr(psl_image_string(&e->img, c[2 + c[0] + k])));
	psl_dict_put(&db, "degree", psl_cstr(deg));
	psl_dict_put(&db, "categories", *lb.value);
	*out = *db.value;
	return PSL_OK;
}

/* The SIDs that must dominate a created or upgraded resource: source, driver, container. */
static enum psl_status check_dominated(const struct psl_engine *e, uint32_t obj,
				       const struct psl_value *arg, struct mic_level l)
{
	static const char *const who[] = {"source", "driver", "container"};
	uint32_t sid;

	for (int i = 0; i < 3; i++) {
		enum psl_status rc =
		    i < 2 ? psl_arg_sid(e, arg, who[i], &sid) : opt_sid(e, arg, who[i], &sid);
		if (rc)
			return rc;
		if (sid == PSL_NONE)
			continue;
		const struct mic_sid *s = sid_rec(e, obj, sid);
		if (!s->has || !leq(l, level_of(s)))
			return PSL_E_DENIED;
	}
	return PSL_OK;
}

static enum psl_status mic_rule(struct psl_engine *e, uint32_t obj, uint32_t method,
				const uint32_t *c, const struct psl_value *arg)
{
	uint32_t src, tgt, img;
	struct mic_level lvl, lvl_r;
	bool given, given_r;
	enum psl_status rc;
	struct mic_sid *t;

	switch (method) {
	case PSL_MIC_CREATE:
	case PSL_MIC_UPGRADE:
		if ((rc = psl_arg_sid(e, arg, "source", &src)) ||
		    (rc = psl_arg_sid(e, arg, "target", &tgt)) ||
		    (rc = opt_level(e, c, arg, "level", &given, &lvl)))
			return rc;
		if (!given) {
			/* level () takes the level of the requesting process. */
			if (method == PSL_MIC_UPGRADE || !sid_rec(e, obj, src)->has)
				return PSL_E_DENIED;
			lvl = level_of(sid_rec(e, obj, src));
		}
		if ((rc = check_dominated(e, obj, arg, lvl)))
			return rc;
		t = sid_rec(e, obj, tgt);
		if (method == PSL_MIC_CREATE ? t->has : (!t->has || !leq(level_of(t), lvl)))
			return PSL_E_DENIED;
		t = (struct mic_sid *)psl_state_write(e, obj) + tgt;
		t->has = 1;
		t->deg = lvl.deg;
		t->cats = lvl.cats;
		return PSL_OK;
	case PSL_MIC_DELETE:
		if ((rc = psl_arg_sid(e, arg, "source", &src)) ||
		    (rc = psl_arg_sid(e, arg, "target", &tgt)))
			return rc;
		if (!sid_rec(e, obj, src)->has || !sid_rec(e, obj, tgt)->has ||
		    !leq(level_of(sid_rec(e, obj, tgt)), level_of(sid_rec(e, obj, src))))
			return PSL_E_DENIED;
		memset((struct mic_sid *)psl_state_write(e, obj) + tgt, 0, sizeof(struct mic_sid));
		return PSL_OK;
	case PSL_MIC_EXECUTE:
		if ((rc = opt_sid(e, arg, "image", &img)) ||
		    (rc = psl_arg_sid(e, arg, "target", &tgt)) ||
		    (rc = opt_level(e, c, arg, "level", &given, &lvl)) ||
		    (rc = opt_level(e, c, arg, "levelR", &given_r, &lvl_r)))
			return rc;
		if (img != PSL_NONE) {
			const struct mic_sid *is = sid_rec(e, obj, img);
			if (!is->has)
				return PSL_E_DENIED;
			if (!given)
				lvl = level_of(is);
			else if (!leq(lvl, level_of(is)))
				return PSL_E_DENIED;
		} else if (!given) {
			return PSL_E_DENIED; /* image () needs an explicit level */
		}
		if (!given_r)
			lvl_r = lvl;
		if (!leq(lvl_r, lvl) || sid_rec(e, obj, tgt)->has)
			return PSL_E_DENIED;
		t = (struct mic_sid *)psl_state_write(e, obj) + tgt;
		t->has = t->has_r = 1;
		t->deg = lvl.deg;
		t->cats = lvl.cats;
		t->deg_r = lvl_r.deg;
		t->cats_r = lvl_r.cats;
		return PSL_OK;
	case PSL_MIC_INVOKE:
	case PSL_MIC_WRITE:
	case PSL_MIC_READ:
	case PSL_MIC_CALL: {
		if ((rc = psl_arg_sid(e, arg, "source", &src)) ||
		    (rc = psl_arg_sid(e, arg, "target", &tgt)))
			return rc;
		const struct mic_sid *s = sid_rec(e, obj, src), *d = sid_rec(e, obj, tgt);
		if (!s->has || !d->has)
			return PSL_E_DENIED;
		if (method == PSL_MIC_INVOKE || method == PSL_MIC_WRITE)
			return leq(level_of(d), level_of(s)) ? PSL_OK : PSL_E_DENIED;
		/* read/call: no read-down unless levelR allows it. */
		if (leq(level_of(s), level_of(d)))
			return PSL_OK;
		struct mic_level r = s->has_r ? level_r_of(s) : level_of(s);
		return leq(r, level_of(d)) ? PSL_OK : PSL_E_DENIED;
	}
	}
	return PSL_E_IMAGE;
}

enum psl_status psl_mic_call(struct psl_engine *e, uint32_t obj, uint32_t method,
			     const struct psl_value *arg, struct psl_value *out)
{
	const uint32_t *c = psl_obj_config(e, obj);
	enum psl_status rc;

	if (arg->kind != PSL_V_DICT)
		return PSL_E_TYPE;
	if (method == PSL_MIC_QUERY_LEVEL)
		return query_level(e, obj, c, arg, out);
	rc = mic_rule(e, obj, method, c, arg);
	psl_audit_note(e, obj, method, rc == PSL_OK, PSL_NONE, PSL_NONE);
	return rc;
}
