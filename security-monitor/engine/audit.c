// SPDX-License-Identifier: GPL-2.0-only
/*
 * Audit: while an event is evaluated, every rule (and every audited Regex expression) notes its
 * outcome if the active profile at the active level audits that object; when the event is
 * decided the notes that pass the profile's filters go to the callback with the decision.
 * The profile entry that applies is the one with the highest level not above the active level.
 */
#include "engine_internal.h"

static const struct psl_audit_entry *entry_for(const struct psl_engine *e, uint32_t obj)
{
	const struct psl_audit_entry *best = NULL;

	if (e->audit_profile == PSL_NONE)
		return NULL;
	for (uint32_t i = 0; i < e->img.n_audit; i++) {
		const struct psl_audit_entry *a = &e->img.audit[i];
		if (a->profile == e->audit_profile && a->object == obj &&
		    a->level <= e->audit_level && (!best || a->level > best->level))
			best = a;
	}
	return best;
}

void psl_audit_note(struct psl_engine *e, uint32_t obj, uint32_t method, bool granted,
		    uint32_t from, uint32_t to)
{
	const struct psl_audit_entry *a;
	struct psl_audit_record *r;

	if (!e->audit_fn || !e->ev)
		return;
	a = entry_for(e, obj);
	if (!a)
		return;
	if (e->n_pending >= PSL_MAX_AUDIT_PER_EVENT) {
		e->audit_dropped++;
		return;
	}
	if (method == PSL_RE_MATCH && !(a->flags & PSL_AUDIT_EMIT_MATCH))
		return;
	if (method == PSL_RE_SELECT && !(a->flags & PSL_AUDIT_EMIT_SELECT))
		return;
	r = &e->pending[e->n_pending];
	r->event = e->ev;
	r->object = obj;
	r->method = method;
	r->rule_granted = granted;
	r->state_from = from;
	r->state_to = to;
	e->pending_flags[e->n_pending] = a->flags;
	e->pending_omit[e->n_pending] = a->omit;
	e->n_pending++;
}

void psl_audit_flush(struct psl_engine *e, bool granted)
{
	for (uint32_t i = 0; i < e->n_pending; i++) {
		struct psl_audit_record *r = &e->pending[i];
		uint32_t flags = e->pending_flags[i], omit = e->pending_omit[i];
		bool regex = r->method == PSL_RE_MATCH || r->method == PSL_RE_SELECT;

		r->event_granted = granted;
		if (!regex && !(flags & (granted ? PSL_AUDIT_GRANTED : PSL_AUDIT_DENIED)))
			continue;
		if ((r->state_from != PSL_NONE && r->state_from < 32 &&
		     omit & (1u << r->state_from)) ||
		    (r->state_to != PSL_NONE && r->state_to < 32 && omit & (1u << r->state_to)))
			continue;
		e->audit_fn(e->audit_ctx, r);
	}
	e->n_pending = 0;
}
