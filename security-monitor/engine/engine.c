// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deciding an event: find the bindings whose selectors match, run their statements in order,
 * grant only if at least one rule ran and every rule granted. Model state changes are
 * transactional: the first write to an object's region in an event copies the region to the
 * undo area, and a denial copies every such region back.
 */
#include <string.h>

#include "engine_internal.h"

size_t psl_hashset_state_size(const uint32_t *c);
size_t psl_staticmap_state_size(const uint32_t *c);
size_t psl_mic_state_size(uint32_t max_sids);

const char *psl_status_name(enum psl_status s)
{
	static const char *const names[] = {
	    [PSL_OK] = "granted",
	    [PSL_E_DENIED] = "denied by a rule",
	    [PSL_E_NO_MATCH] = "no rule applies",
	    [PSL_E_TYPE] = "value of the wrong type",
	    [PSL_E_INDEX] = "index out of range",
	    [PSL_E_FIELD] = "no such field",
	    [PSL_E_OVERFLOW] = "integer overflow",
	    [PSL_E_SID] = "unknown SID",
	    [PSL_E_NO_CASE] = "no choice branch matches",
	    [PSL_E_MEMORY] = "out of evaluation memory",
	    [PSL_E_IMAGE] = "malformed policy image",
	    [PSL_E_DEPTH] = "expression nested too deeply",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

size_t psl_model_state_size(const struct psl_image *img, uint32_t obj, uint32_t max_sids)
{
	const struct psl_object *o = &img->objects[obj];
	const uint32_t *c = img->config + o->config;
	size_t n;

	switch (o->model) {
	case PSL_M_HASHSET:
		n = psl_hashset_state_size(c);
		break;
	case PSL_M_STATICMAP:
		n = psl_staticmap_state_size(c);
		break;
	case PSL_M_FLOW:
		n = max_sids;
		break;
	case PSL_M_MIC:
		n = psl_mic_state_size(max_sids);
		break;
	default:
		n = 0;
	}
	return (n + 7) & ~(size_t)7;
}

static size_t total_state(const struct psl_image *img, uint32_t max_sids)
{
	size_t t = 0;

	for (uint32_t i = 0; i < img->n_objects; i++)
		t += psl_model_state_size(img, i, max_sids);
	return t;
}

static size_t sel_memo_size(const struct psl_image *img)
{
	return ((size_t)PSL_SEL_MEMO_WAYS * img->n_selectors + 7) & ~(size_t)7;
}

static size_t by_kind_size(const struct psl_image *img)
{
	return ((size_t)img->n_bindings * sizeof(uint32_t) + 7) & ~(size_t)7;
}

/* The bindings grouped by event kind (the image loader checked every kind < PSL_EV_COUNT). */
static void index_bindings(struct psl_engine *e)
{
	uint32_t n = 0;

	for (uint32_t k = 0; k < PSL_EV_COUNT; k++) {
		e->kind_first[k] = n;
		for (uint32_t b = 0; b < e->img.n_bindings; b++)
			if (e->img.bindings[b].kind == k)
				e->by_kind[n++] = b;
	}
	e->kind_first[PSL_EV_COUNT] = n;
}

size_t psl_engine_mem_size(const struct psl_image *img, uint32_t max_sids, size_t scratch_bytes)
{
	size_t per_obj = (2 * sizeof(uint32_t) + 1) * (size_t)img->n_objects;

	return 2 * total_state(img, max_sids) + ((per_obj + 7) & ~(size_t)7) + sel_memo_size(img) +
	       by_kind_size(img) + ((scratch_bytes + 7) & ~(size_t)7) + 16;
}

void psl_model_state_clear(struct psl_engine *e, uint32_t obj)
{
	uint8_t fill = e->img.objects[obj].model == PSL_M_FLOW ? 0xff : 0;

	memset(e->state + e->state_off[obj], fill, e->state_len[obj]);
}

void psl_engine_reset(struct psl_engine *e)
{
	for (uint32_t i = 0; i < e->img.n_objects; i++) {
		psl_model_state_clear(e, i);
		e->dirty[i] = 0;
	}
	e->n_dirty = 0;
}

enum psl_status psl_engine_init(struct psl_engine *e, const struct psl_image *img,
				uint32_t max_sids, void *mem, size_t mem_size, size_t scratch_bytes)
{
	uint8_t *p = (uint8_t *)(((uintptr_t)mem + 7) & ~(uintptr_t)7);
	size_t st;

	memset(e, 0, sizeof(*e));
	if (!max_sids || max_sids > 0x10000 || !mem ||
	    mem_size < psl_engine_mem_size(img, max_sids, scratch_bytes))
		return PSL_E_MEMORY;
	e->img = *img;
	e->max_sids = max_sids;
	st = total_state(img, max_sids);
	e->state = p;
	e->undo = p + st;
	p += 2 * st;
	e->state_off = (uint32_t *)p;
	e->state_len = e->state_off + img->n_objects;
	e->dirty = (uint8_t *)(e->state_len + img->n_objects);
	p += ((2 * sizeof(uint32_t) + 1) * (size_t)img->n_objects + 7) & ~(size_t)7;
	e->sel_memo = p;
	e->sel_row = p;
	p += sel_memo_size(img);
	e->by_kind = (uint32_t *)p;
	p += by_kind_size(img);
	psl_arena_init(&e->scratch, p, scratch_bytes);
	st = 0;
	for (uint32_t i = 0; i < img->n_objects; i++) {
		e->state_off[i] = (uint32_t)st;
		e->state_len[i] = (uint32_t)psl_model_state_size(img, i, max_sids);
		st += e->state_len[i];
	}
	e->audit_level = img->hdr->audit_level;
	index_bindings(e);
	psl_engine_reset(e);
	return PSL_OK;
}

void psl_engine_set_audit(struct psl_engine *e, psl_audit_fn fn, void *ctx)
{
	e->audit_fn = fn;
	e->audit_ctx = ctx;
}

void psl_engine_set_audit_level(struct psl_engine *e, uint32_t level)
{
	e->audit_level = level;
}

const uint8_t *psl_state_read(const struct psl_engine *e, uint32_t obj)
{
	return e->state + e->state_off[obj];
}

uint8_t *psl_state_write(struct psl_engine *e, uint32_t obj)
{
	if (!e->dirty[obj]) {
		memcpy(e->undo + e->state_off[obj], e->state + e->state_off[obj],
		       e->state_len[obj]);
		e->dirty[obj] = 1;
		e->n_dirty++;
	}
	return e->state + e->state_off[obj];
}

static bool selector_match_uncached(const struct psl_engine *e, uint32_t sel_id,
				    const struct psl_event *ev)
{
	const struct psl_selector *s = &e->img.selectors[sel_id];
	uint32_t owner;

	if (s->src_class != PSL_NONE && s->src_class != ev->src_class)
		return false;
	if (s->dst_class != PSL_NONE && s->dst_class != ev->dst_class)
		return false;
	if (s->targets == PSL_NONE)
		return true;
	if (ev->kind == PSL_EV_EXECUTE)
		return false; /* execute events have no endpoint */
	owner = ev->kind == PSL_EV_REQUEST ? ev->dst_class : ev->src_class;
	const uint32_t *t = e->img.lists + s->targets;
	for (uint32_t i = 0; i < t[0]; i++) {
		const uint32_t *x = t + 1 + 3 * i;
		if (x[0] == owner && x[1] == ev->riid && (x[2] == PSL_NONE || x[2] == ev->mid))
			return true;
	}
	return false;
}

/* The memo row of ev's tuple: found among the last PSL_SEL_MEMO_WAYS, or a cleared one. */
static uint8_t *sel_memo_row(struct psl_engine *e, const struct psl_event *ev)
{
	struct psl_sel_memo_key k = {
	    .kind = ev->kind,
	    .src_class = ev->src_class,
	    .dst_class = ev->dst_class,
	    .riid = ev->riid,
	    .mid = ev->mid,
	    .valid = true,
	};
	uint32_t w;

	/* the last event's row first: events of one tuple tend to come in runs */
	for (uint32_t i = 0; i < PSL_SEL_MEMO_WAYS; i++) {
		const struct psl_sel_memo_key *c;

		w = (e->sel_hit + i) % PSL_SEL_MEMO_WAYS;
		c = &e->sel_key[w];
		if (c->valid && c->kind == k.kind && c->src_class == k.src_class &&
		    c->dst_class == k.dst_class && c->riid == k.riid && c->mid == k.mid) {
			e->sel_hit = w;
			return e->sel_memo + (size_t)w * e->img.n_selectors;
		}
	}
	w = e->sel_next;
	e->sel_hit = w;
	e->sel_next = (w + 1) % PSL_SEL_MEMO_WAYS;
	e->sel_key[w] = k;
	e->plan[w].state = PSL_PLAN_UNMADE;
	memset(e->sel_memo + (size_t)w * e->img.n_selectors, 0, e->img.n_selectors);
	return e->sel_memo + (size_t)w * e->img.n_selectors;
}

/* Selector sel_id (checked against n_selectors by the image loader) for the current event. */
bool psl_selector_match(struct psl_engine *e, uint32_t sel_id, const struct psl_event *ev)
{
	uint8_t m = e->sel_row[sel_id];

	if (!m) {
		m = selector_match_uncached(e, sel_id, ev) ? 2 : 1;
		e->sel_row[sel_id] = m;
	}
	return m == 2;
}

static enum psl_status exec_list(struct psl_engine *e, uint32_t list);

static enum psl_status exec_choice(struct psl_engine *e, const struct psl_node *n)
{
	const uint32_t *cases = e->img.lists + n->b;
	struct psl_value subj, label;
	enum psl_status st = psl_eval(e, n->a, &subj);

	if (st)
		return st;
	if (n->sub && subj.kind != PSL_V_TEXT)
		return PSL_E_TYPE;
	for (uint32_t i = 0; i < cases[0]; i++) {
		const struct psl_node *c = &e->img.nodes[cases[1 + i]];
		bool take = c->a == PSL_NONE;
		const uint32_t *labels = e->img.lists + c->a;
		for (uint32_t j = 0; !take && j < labels[0]; j++) {
			if (n->sub) {
				take = psl_dfa_match(&e->img, labels[1 + j], subj.text, subj.n);
			} else {
				if ((st = psl_eval(e, labels[1 + j], &label)))
					return st;
				take = psl_value_equal(&subj, &label);
			}
		}
		if (take) {
			if (n->sub)
				psl_audit_note(e, n->c, PSL_RE_SELECT, true, PSL_NONE, PSL_NONE);
			return exec_list(e, c->b);
		}
	}
	if (n->sub)
		psl_audit_note(e, n->c, PSL_RE_SELECT, false, PSL_NONE, PSL_NONE);
	return PSL_E_NO_CASE;
}


/*
 * Statements nest (match, choice); a hostile image could even make a statement contain itself.
 * The nesting shares the evaluator's depth budget, so the recursion is bounded either way.
 */
static enum psl_status exec_stmt(struct psl_engine *e, uint32_t idx)
{
	enum psl_status st;

	if (++e->depth > PSL_MAX_DEPTH) {
		e->depth--;
		return PSL_E_DEPTH;
	}
	st = psl_exec_stmt_at(e, idx);
	e->depth--;
	return st;
}

enum psl_status psl_exec_stmt_at(struct psl_engine *e, uint32_t idx)
{
	const struct psl_node *n = &e->img.nodes[idx];
	struct psl_value arg, res;
	enum psl_status st;

	switch (n->op) {
	case PSL_S_CALL:
		if ((st = psl_eval(e, n->b, &arg)))
			return st;
		e->rules_run++;
		st = psl_model_call(e, n, &arg, &res);
		if (st) {
			e->deny_object = n->a;
			e->deny_method = n->sub;
		}
		return st;
	case PSL_S_MATCH:
		return psl_selector_match(e, n->a, e->ev) ? exec_list(e, n->b) : PSL_OK;
	case PSL_S_CHOICE:
		return exec_choice(e, n);
	}
	return PSL_E_IMAGE;
}

static enum psl_status exec_list(struct psl_engine *e, uint32_t list)
{
	const uint32_t *l = e->img.lists + list;

	for (uint32_t i = 0; i < l[0]; i++) {
		enum psl_status st = exec_stmt(e, l[1 + i]);
		if (st)
			return st;
	}
	return PSL_OK;
}

/* The bindings of ev's kind in turn, each body's statements through the general walk. */
static enum psl_status decide_general(struct psl_engine *e, uint32_t first, uint32_t last)
{
	enum psl_status st = PSL_OK;

	for (uint32_t i = first; i < last && !st; i++) {
		uint32_t b = e->by_kind[i];
		const struct psl_binding *bd = &e->img.bindings[b];

		if (!psl_selector_match(e, bd->selector, e->ev))
			continue;
		e->audit_profile = bd->audit != PSL_NONE ? bd->audit : e->img.hdr->audit_profile;
		st = exec_list(e, bd->body);
		if (st)
			e->deny_binding = b;
	}
	return st;
}

/* Roll back the regions the event changed if it is denied; keep them otherwise. */
static void end_transaction(struct psl_engine *e, enum psl_status st)
{
	for (uint32_t i = 0; e->n_dirty && i < e->img.n_objects; i++) {
		if (!e->dirty[i])
			continue;
		if (st)
			memcpy(e->state + e->state_off[i], e->undo + e->state_off[i],
			       e->state_len[i]);
		e->dirty[i] = 0;
		e->n_dirty--;
	}
}

enum psl_status psl_engine_decide(struct psl_engine *e, const struct psl_event *ev)
{
	enum psl_status st;
	uint32_t first = 0, last = 0; /* of ev's kind in by_kind */
	struct psl_plan *plan;

	psl_arena_reset(&e->scratch);
	e->ev = ev;
	e->depth = 0;
	e->rules_run = 0;
	e->n_pending = 0;
	e->deny_object = e->deny_method = e->deny_binding = PSL_NONE;
	e->sel_row = sel_memo_row(e, ev);
	plan = &e->plan[e->sel_hit];
	if (ev->kind < PSL_EV_COUNT) {
		first = e->kind_first[ev->kind];
		last = e->kind_first[ev->kind + 1];
	}
	if (!e->plan_off && plan->state == PSL_PLAN_UNMADE)
		psl_plan_make(e, plan, first, last);
	if (!e->plan_off && plan->state == PSL_PLAN_MADE)
		st = psl_plan_run(e, plan);
	else
		st = decide_general(e, first, last);
	if (!st && !e->rules_run)
		st = PSL_E_NO_MATCH;
	end_transaction(e, st);
	if (e->n_pending)
		psl_audit_flush(e, st == PSL_OK);
	e->ev = NULL;
	return st;
}

void psl_engine_set_plans(struct psl_engine *e, bool on)
{
	e->plan_off = !on;
}

size_t psl_engine_state_size(const struct psl_engine *e)
{
	return total_state(&e->img, e->max_sids);
}

void psl_engine_state_save(const struct psl_engine *e, void *out)
{
	memcpy(out, e->state, psl_engine_state_size(e));
}

void psl_engine_state_restore(struct psl_engine *e, const void *in)
{
	memcpy(e->state, in, psl_engine_state_size(e));
}
