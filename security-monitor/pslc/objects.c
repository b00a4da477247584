// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policy objects and audit profiles: the model of each object, its configuration checked and
 * turned into the words of PSL_SEC_CONFIG, and the audit profiles turned into audit entries.
 */
#include <stdlib.h>
#include <string.h>

#include "compiled.h"
#include "sema.h"

struct ast *dict_get(struct ast *dict, const char *key)
{
	if (!dict || dict->kind != A_DICT)
		return NULL;
	for (struct ast *e = dict->a; e; e = e->next)
		if (!strcmp(e->s, key))
			return e->a;
	return NULL;
}

uint32_t obj_find(const struct compiled *k, const char *name)
{
	for (uint32_t i = 0; i < k->n_objs; i++)
		if (!strcmp(k->objs[i].name, name))
			return i;
	return PSL_NONE;
}

static struct ast *need(struct pslc *c, struct ast *dict, const char *key, enum ast_kind kind,
			struct obj *o, struct psl_loc where)
{
	struct ast *v = dict_get(dict, key);

	if (!v) {
		pslc_error(c, where, "configuration of %s object '%s' needs '%s'",
			   psl_model_names[o->model], o->name, key);
		return NULL;
	}
	if (v->kind != kind) {
		pslc_error(c, v->loc, "'%s' of %s object '%s' must be %s", key,
			   psl_model_names[o->model], o->name,
			   kind == A_INT    ? "an integer"
			   : kind == A_LIST ? "a list"
			   : kind == A_DICT ? "a dictionary"
					    : "a text");
		return NULL;
	}
	return v;
}

static int state_of(const struct obj *o, const char *name)
{
	for (uint32_t i = 0; i < o->n_states; i++)
		if (o->states[i] && !strcmp(o->states[i], name))
			return (int)i;
	return -1;
}

int flow_state(const struct obj *o, const char *name)
{
	return state_of(o, name);
}

static const char *type_alias(struct ast *decl, const char *name, struct ast **out)
{
	for (struct ast *m = decl->a; m; m = m->next)
		if (m->kind == A_TYPE_ALIAS && !strcmp(m->s, name)) {
			*out = m->a;
			return m->s;
		}
	*out = NULL;
	return NULL;
}

/* Bytes a stored value may take: small for scalar types, 256 for anything else. */
static uint32_t value_bytes(struct ast *decl, const char *alias)
{
	static const char *const scalars[] = {"UInt8",	"UInt16", "UInt32", "UInt64",  "SInt8",
					      "SInt16", "SInt32", "SInt64", "Boolean", "Sid"};
	struct ast *t;

	type_alias(decl, alias, &t);
	if (t && t->kind == A_T_NAME && !t->a)
		for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
			if (!strcmp(t->s, scalars[i]))
				return 16;
	return 256;
}

static bool config_flow(struct pslc *c, struct compiled *k, struct obj *o, struct ast *cfg,
			uint32_t *words, uint32_t *n)
{
	struct ast *states = need(c, cfg, "states", A_LIST, o, cfg->loc);
	struct ast *initial = need(c, cfg, "initial", A_TEXT, o, cfg->loc);
	struct ast *trans = need(c, cfg, "transitions", A_DICT, o, cfg->loc);

	if (!states || !initial || !trans)
		return false;
	o->n_states = (uint32_t)ast_count(states->a);
	if (!o->n_states || o->n_states > 32) {
		pslc_error(c, states->loc, "a Flow object has 1 to 32 states, '%s' has %u", o->name,
			   o->n_states);
		return false;
	}
	o->states = calloc(o->n_states, sizeof(*o->states));
	uint32_t i = 0;
	for (struct ast *s = states->a; s; s = s->next, i++) {
		if (s->kind != A_TEXT) {
			pslc_error(c, s->loc, "Flow states are texts");
			return false;
		}
		if (state_of(o, s->s) >= 0) {
			pslc_error(c, s->loc, "state '%s' listed twice", s->s);
			return false;
		}
		o->states[i] = s->s;
	}
	int init = state_of(o, initial->s);
	if (init < 0) {
		pslc_error(c, initial->loc, "initial state '%s' is not one of the states of '%s'",
			   initial->s, o->name);
		return false;
	}
	words[0] = o->n_states;
	words[1] = (uint32_t)init;
	for (i = 0; i < o->n_states; i++) {
		words[2 + i] = str_id(k, o->states[i]);
		words[2 + o->n_states + i] = 0;
	}
	for (struct ast *e = trans->a; e; e = e->next) {
		int from = state_of(o, e->s);
		if (from < 0) {
			pslc_error(c, e->loc, "transition from undeclared state '%s'", e->s);
			return false;
		}
		if (e->a->kind != A_LIST) {
			pslc_error(c, e->a->loc, "transitions of '%s' must be a list of states",
				   e->s);
			return false;
		}
		for (struct ast *t = e->a->a; t; t = t->next) {
			int to = t->kind == A_TEXT ? state_of(o, t->s) : -1;
			if (to < 0) {
				pslc_error(c, t->loc, "transition to undeclared state '%s'",
					   t->kind == A_TEXT ? t->s : "?");
				return false;
			}
			words[2 + o->n_states + from] |= 1u << to;
		}
	}
	*n = 2 + 2 * o->n_states;
	return true;
}

static bool texts(struct pslc *c, struct ast *list, const char **out, uint32_t max, uint32_t *n,
		  const char *what)
{
	*n = 0;
	for (struct ast *s = list->a; s; s = s->next) {
		if (s->kind != A_TEXT) {
			pslc_error(c, s->loc, "Mic %s are texts", what);
			return false;
		}
		if (*n >= max) {
			pslc_error(c, s->loc, "too many Mic %s (at most %u)", what, max);
			return false;
		}
		for (uint32_t j = 0; j < *n; j++)
			if (!strcmp(out[j], s->s)) {
				pslc_error(c, s->loc, "Mic %s '%s' listed twice", what, s->s);
				return false;
			}
		out[(*n)++] = s->s;
	}
	return true;
}

static bool config_mic(struct pslc *c, struct compiled *k, struct obj *o, struct ast *cfg,
		       uint32_t *words, uint32_t *n)
{
	struct ast *degs = cfg, *cats = NULL;

	o->names = calloc(255 + 32, sizeof(*o->names));
	if (cfg->kind == A_DICT) {
		degs = need(c, cfg, "degrees", A_LIST, o, cfg->loc);
		cats = need(c, cfg, "categories", A_LIST, o, cfg->loc);
		if (!degs || !cats)
			return false;
	} else if (cfg->kind != A_LIST) {
		pslc_error(c, cfg->loc,
			   "Mic configuration is a list of levels or "
			   "{ degrees : [...], categories : [...] }");
		return false;
	}
	if (!texts(c, degs, o->names, 255, &o->n_degrees, "degrees"))
		return false;
	if (!o->n_degrees) {
		pslc_error(c, degs->loc, "Mic object '%s' needs at least one level", o->name);
		return false;
	}
	if (cats && !texts(c, cats, o->names + o->n_degrees, 32, &o->n_categories, "categories"))
		return false;
	words[0] = o->n_degrees;
	words[1] = o->n_categories;
	for (uint32_t i = 0; i < o->n_degrees + o->n_categories; i++)
		words[2 + i] = str_id(k, o->names[i]);
	*n = 2 + o->n_degrees + o->n_categories;
	return true;
}

static bool positive(struct pslc *c, struct ast *v, const char *what, int64_t max)
{
	if (v->i < 1 || v->i > max) {
		pslc_error(c, v->loc, "%s must be between 1 and %lld", what, (long long)max);
		return false;
	}
	return true;
}

static bool config_object(struct pslc *c, struct compiled *k, struct obj *o, struct ast *cfg,
			  uint32_t *words, uint32_t *n)
{
	struct psl_loc where = o->decl->loc;

	*n = 0;
	switch (o->model) {
	case PSL_M_HASHSET: {
		struct ast *ss, *ps;
		if (!cfg) {
			pslc_error(c, where, "HashSet object '%s' needs a configuration", o->name);
			return false;
		}
		if (!(ss = need(c, cfg, "set_size", A_INT, o, cfg->loc)) ||
		    !(ps = need(c, cfg, "pool_size", A_INT, o, cfg->loc)) ||
		    !positive(c, ss, "set_size", 65536) || !positive(c, ps, "pool_size", 65536))
			return false;
		words[0] = (uint32_t)ss->i;
		words[1] = (uint32_t)ps->i;
		words[2] = value_bytes(o->decl, "Entry");
		if ((uint64_t)words[0] * words[1] * (words[2] + 4) > 64u << 20) {
			pslc_error(c, cfg->loc, "HashSet '%s' would need more than 64 MiB of state",
				   o->name);
			return false;
		}
		*n = 3;
		return true;
	}
	case PSL_M_STATICMAP: {
		struct ast *keys, *ps;
		if (!cfg) {
			pslc_error(c, where, "StaticMap object '%s' needs a configuration",
				   o->name);
			return false;
		}
		if (!(keys = need(c, cfg, "keys", A_DICT, o, cfg->loc)) ||
		    !(ps = need(c, cfg, "pool_size", A_INT, o, cfg->loc)) ||
		    !positive(c, ps, "pool_size", 65536))
			return false;
		words[0] = (uint32_t)ps->i;
		words[1] = value_bytes(o->decl, "Value");
		words[2] = 0;
		for (struct ast *e = keys->a; e; e = e->next) {
			struct ty t;
			uint32_t node = compile_const(c, k, e->a, &t);
			if (node == PSL_NONE)
				return false;
			if (words[2] >= 1024) {
				pslc_error(c, e->loc, "too many StaticMap keys (at most 1024)");
				return false;
			}
			words[3 + 2 * words[2]] = str_id(k, e->s);
			words[4 + 2 * words[2]] = node;
			words[2]++;
		}
		*n = 3 + 2 * words[2];
		return true;
	}
	case PSL_M_FLOW:
		if (!cfg || cfg->kind != A_DICT) {
			pslc_error(
			    c, cfg ? cfg->loc : where,
			    "Flow object '%s' needs config = { states, initial, transitions }",
			    o->name);
			return false;
		}
		return config_flow(c, k, o, cfg, words, n);
	case PSL_M_MIC:
		if (!cfg) {
			pslc_error(c, where, "Mic object '%s' needs a configuration", o->name);
			return false;
		}
		return config_mic(c, k, o, cfg, words, n);
	default:
		return true; /* the other models have no configuration that matters */
	}
}

bool compile_objects(struct pslc *c, struct compiled *k)
{
	bool ok = true;

	k->base_obj = PSL_NONE;
	for (struct ast *d = c->decls; d; d = d->next) {
		if (d->kind != A_POLICY_OBJECT)
			continue;
		uint32_t prev = obj_find(k, d->s);
		if (prev != PSL_NONE) {
			pslc_error(c, d->loc,
				   "duplicate policy object '%s' (first declared at %s:%d)", d->s,
				   k->objs[prev].decl->loc.file, k->objs[prev].decl->loc.line);
			ok = false;
			continue;
		}
		uint32_t model = PSL_NONE;
		for (uint32_t m = 0; m < PSL_M_COUNT; m++)
			if (!strcmp(psl_model_names[m], d->s2))
				model = m;
		if (model == PSL_NONE) {
			pslc_error(c, d->c->loc,
				   "unknown security model '%s' (Base, Pred, Bool, Math, Struct, "
				   "Regex, HashSet, StaticMap, Flow, Mic)",
				   d->s2);
			ok = false;
			continue;
		}
		k->objs = realloc(k->objs, sizeof(*k->objs) * (k->n_objs + 1));
		struct obj *o = &k->objs[k->n_objs];
		memset(o, 0, sizeof(*o));
		o->name = d->s;
		o->model = model;
		o->decl = d;
		o->index = k->n_objs++;
		if (!strcmp(d->s, "base") && model == PSL_M_BASE)
			k->base_obj = o->index;
	}
	for (uint32_t i = 0; i < k->n_objs; i++) {
		struct obj *o = &k->objs[i];
		struct ast *cfg = NULL;
		for (struct ast *m = o->decl->a; m; m = m->next) {
			if (m->kind != A_CONFIG)
				continue;
			if (strcmp(m->s, "config")) {
				pslc_error(c, m->loc,
					   "unknown member '%s' in policy object '%s' "
					   "(expected type or config)",
					   m->s, o->name);
				ok = false;
			} else if (cfg) {
				pslc_error(c, m->loc, "config given twice for '%s'", o->name);
				ok = false;
			}
			cfg = m->a;
		}
		uint32_t *words = calloc(4 + 2 * 1024 + 2 * 32 + 255, sizeof(*words)), n = 0;
		struct psl_object rec = {str_id(k, o->name), o->model, 0, 0};
		if (!config_object(c, k, o, cfg, words, &n))
			ok = false;
		rec.config = (uint32_t)(k->sec[PSL_SEC_CONFIG].len / 4);
		rec.config_words = n;
		vec_put(&k->sec[PSL_SEC_CONFIG], words, n * 4);
		vec_put(&k->sec[PSL_SEC_OBJECTS], &rec, sizeof(rec));
		free(words);
	}
	return ok;
}

static bool audit_kss(struct pslc *c, struct ast *v, uint32_t *flags)
{
	if (v->kind != A_LIST) {
		pslc_error(c, v->loc, "kss is a list of \"granted\" and \"denied\"");
		return false;
	}
	for (struct ast *s = v->a; s; s = s->next) {
		if (s->kind == A_TEXT && !strcmp(s->s, "granted"))
			*flags |= PSL_AUDIT_GRANTED;
		else if (s->kind == A_TEXT && !strcmp(s->s, "denied"))
			*flags |= PSL_AUDIT_DENIED;
		else {
			pslc_error(c, s->loc, "kss entries are \"granted\" or \"denied\"");
			return false;
		}
	}
	return true;
}

static bool audit_object(struct pslc *c, struct compiled *k, struct obj *o, struct ast *cfg,
			 struct psl_audit_entry *e)
{
	if (cfg->kind != A_DICT) {
		pslc_error(c, cfg->loc, "the audit configuration of '%s' is a dictionary", o->name);
		return false;
	}
	if (o->model == PSL_M_PRED || o->model == PSL_M_BOOL || o->model == PSL_M_MATH ||
	    o->model == PSL_M_STRUCT) {
		pslc_error(c, cfg->loc, "%s objects cannot be audited ('%s')",
			   psl_model_names[o->model], o->name);
		return false;
	}
	for (struct ast *f = cfg->a; f; f = f->next) {
		if (!strcmp(f->s, "kss") && o->model != PSL_M_REGEX) {
			if (!audit_kss(c, f->a, &e->flags))
				return false;
		} else if (!strcmp(f->s, "omit") && o->model == PSL_M_FLOW &&
			   f->a->kind == A_LIST) {
			for (struct ast *s = f->a->a; s; s = s->next) {
				int st = s->kind == A_TEXT ? state_of(o, s->s) : -1;
				if (st < 0) {
					pslc_error(c, s->loc, "'%s' is not a state of '%s'",
						   s->kind == A_TEXT ? s->s : "?", o->name);
					return false;
				}
				e->omit |= 1u << st;
			}
		} else if (!strcmp(f->s, "emit") && o->model == PSL_M_REGEX &&
			   f->a->kind == A_LIST) {
			for (struct ast *s = f->a->a; s; s = s->next) {
				if (s->kind == A_TEXT && !strcmp(s->s, "match"))
					e->flags |= PSL_AUDIT_EMIT_MATCH;
				else if (s->kind == A_TEXT && !strcmp(s->s, "select"))
					e->flags |= PSL_AUDIT_EMIT_SELECT;
				else {
					pslc_error(c, s->loc,
						   "emit entries are \"match\" or \"select\"");
					return false;
				}
			}
		} else {
			pslc_error(c, f->loc, "'%s' is not an audit setting of %s objects", f->s,
				   psl_model_names[o->model]);
			return false;
		}
	}
	(void)k;
	return true;
}

bool compile_profiles(struct pslc *c, struct compiled *k)
{
	bool ok = true;

	for (struct ast *d = c->decls; d; d = d->next) {
		if (d->kind != A_AUDIT_PROFILE)
			continue;
		for (uint32_t i = 0; i < k->n_profiles; i++)
			if (!strcmp(k->profiles[i]->s, d->s)) {
				pslc_error(c, d->loc, "duplicate audit profile '%s'", d->s);
				ok = false;
			}
		k->profiles = realloc(k->profiles, sizeof(*k->profiles) * (k->n_profiles + 1));
		k->profiles[k->n_profiles++] = d;
		if (d->a->kind != A_DICT) {
			pslc_error(c, d->a->loc,
				   "an audit profile is { level : { object : {...} } }");
			ok = false;
			continue;
		}
		for (struct ast *lv = d->a->a; lv; lv = lv->next) {
			char *end;
			long level = strtol(lv->s, &end, 10);
			if (*end || level < 0 || lv->a->kind != A_DICT) {
				pslc_error(c, lv->loc,
					   "audit levels are integers mapped to "
					   "{ object : {...} }");
				ok = false;
				continue;
			}
			for (struct ast *oe = lv->a->a; oe; oe = oe->next) {
				uint32_t oi = obj_find(k, oe->s);
				if (oi == PSL_NONE) {
					pslc_error(c, oe->loc,
						   "unknown policy object '%s' in audit "
						   "profile '%s'",
						   oe->s, d->s);
					ok = false;
					continue;
				}
				struct psl_audit_entry e = {str_id(k, d->s), (uint32_t)level, oi, 0,
							    0};
				if (!audit_object(c, k, &k->objs[oi], oe->a, &e)) {
					ok = false;
					continue;
				}
				k->objs[oi].audited = true;
				vec_put(&k->sec[PSL_SEC_AUDIT], &e, sizeof(e));
			}
		}
	}
	return ok;
}

bool profile_known(const struct compiled *k, const char *name)
{
	if (!strcmp(name, "empty"))
		return true;
	for (uint32_t i = 0; i < k->n_profiles; i++)
		if (!strcmp(k->profiles[i]->s, name))
			return true;
	return false;
}
