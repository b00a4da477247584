// SPDX-License-Identifier: GPL-2.0-only
/*
 * pslc --test: runs the policy's assert suites with the engine on the compiled image. Every
 * sequence starts from a clean state (setup, the sequence, finally); `x <- execute` starts a
 * simulated process with the next free SID. A case fails when the decision differs from its
 * expectation; `any` accepts both decisions but not an evaluation error.
 */
#include <stdlib.h>
#include <string.h>

#include "psl/engine.h"
#include "sema.h"

#define MAX_SIDS 256
#define MAX_VARS 256

struct var {
	const char *name;
	uint32_t sid, cls;
};

struct run {
	struct pslc *c;
	struct compiled *k;
	struct psl_engine *e;
	struct var vars[MAX_VARS];
	unsigned n_vars;
	uint32_t next_sid;
	struct psl_arena arena;
	char why[512];
};

static struct var *var_find(struct run *r, const char *name)
{
	for (unsigned i = r->n_vars; i-- > 0;)
		if (!strcmp(r->vars[i].name, name))
			return &r->vars[i];
	return NULL;
}

static const char *sel(struct ast *sels, const char *key)
{
	for (struct ast *s = sels; s; s = s->next)
		if (!strcmp(s->s, key))
			return s->s2;
	return NULL;
}

static bool to_value(struct run *r, struct ast *a, struct psl_value *v)
{
	struct psl_builder b;

	switch (a->kind) {
	case A_INT:
		*v = psl_int(a->i);
		return true;
	case A_TEXT:
		*v = psl_text(a->s, (uint32_t)a->i);
		return true;
	case A_BOOL:
		*v = psl_bool(a->i != 0);
		return true;
	case A_UNIT:
		*v = psl_unit();
		return true;
	case A_UNOP:
		if (a->i == PSL_OP_NEG && a->a->kind == A_INT) {
			*v = psl_int(-a->a->i);
			return true;
		}
		break;
	case A_LIST:
		if (!psl_list_new(&r->arena, &b, (uint32_t)ast_count(a->a)))
			return false;
		for (struct ast *i = a->a; i; i = i->next) {
			struct psl_value iv;
			if (!to_value(r, i, &iv) || !psl_list_add(&b, iv))
				return false;
		}
		*v = *b.value;
		return true;
	case A_DICT:
		if (!psl_dict_new(&r->arena, &b, (uint32_t)ast_count(a->a)))
			return false;
		for (struct ast *i = a->a; i; i = i->next) {
			struct psl_value iv;
			if (!to_value(r, i->a, &iv) || !psl_dict_put(&b, i->s, iv))
				return false;
		}
		*v = *b.value;
		return true;
	default:
		break;
	}
	snprintf(r->why, sizeof(r->why), "%s:%d:%d: a test message holds only literals",
		 a->loc.file, a->loc.line, a->loc.col);
	return false;
}

static bool fail_at(struct run *r, struct ast *a, const char *msg, const char *name)
{
	snprintf(r->why, sizeof(r->why), "%.200s:%d:%d: %.100s%s%.200s", a->loc.file, a->loc.line,
		 a->loc.col, msg, name ? " " : "", name ? name : "");
	return false;
}

/* riid and mid of `endpoint`/`method` (or the `~>` form "ep.Method") in the owner class. */
static bool resolve_target(struct run *r, struct ast *tc, uint32_t owner, uint32_t kind,
			   uint32_t *riid, uint32_t *mid)
{
	const char *ep_name = sel(tc->a, "endpoint"), *m_name = sel(tc->a, "method");
	const char *arrow = sel(tc->a, "~>");
	char buf[256], desc[160];

	if (arrow) {
		const char *dot = strrchr(arrow, '.');
		if (!dot)
			return fail_at(r, tc, "expected endpoint.Method after ':', got", arrow);
		snprintf(buf, sizeof(buf), "%.*s", (int)(dot - arrow > 200 ? 200 : dot - arrow),
			 arrow);
		ep_name = buf;
		m_name = dot + 1;
	}
	if (!m_name)
		return fail_at(r, tc, "the test case needs method=", NULL);
	const struct cls *cl = &r->k->classes[owner];
	bool found = false;
	for (uint32_t e = cl->first_ep; e < cl->first_ep + cl->n_ep; e++) {
		const struct ep *ep = &r->k->eps[e];
		if ((ep->riid == PSL_RIID_SECURITY) != (kind == PSL_EV_SECURITY))
			continue;
		if (ep_name && strcmp(ep->qname, ep_name))
			continue;
		uint32_t m = method_mid(ep, m_name);
		if (m == PSL_NONE)
			continue;
		if (found)
			return fail_at(r, tc, "method is ambiguous, give endpoint= for", m_name);
		found = true;
		*riid = ep->riid;
		*mid = m;
	}
	if (!found) {
		snprintf(desc, sizeof(desc), "%.50s%s%.40s in class %.50s", ep_name ? ep_name : "",
			 ep_name ? "." : "", m_name, cl->name);
		return fail_at(r, tc, "no such method:", desc);
	}
	return true;
}

static struct var *need_var(struct run *r, struct ast *tc, const char *key)
{
	const char *v = sel(tc->a, key);
	struct var *x = v ? var_find(r, v) : NULL;

	if (!v)
		fail_at(r, tc, "the test case needs", key);
	else if (!x)
		fail_at(r, tc, "unknown process variable", v);
	return x;
}

static bool new_process(struct run *r, struct ast *tc, const char *class_name, uint32_t *sid,
			uint32_t *cls)
{
	*cls = class_find(r->k, class_name);
	if (*cls == PSL_NONE)
		return fail_at(r, tc, "unknown class", class_name);
	if (r->next_sid >= MAX_SIDS)
		return fail_at(r, tc, "too many processes in one sequence", NULL);
	*sid = r->next_sid++;
	return true;
}

/* Builds the event of a case; false (with r->why) if it cannot be built. */
static bool build_event(struct run *r, struct ast *tc, struct psl_event *ev, struct var **bind)
{
	struct var *s = NULL, *d = NULL;

	memset(ev, 0, sizeof(*ev));
	*bind = NULL;
	ev->kind = (uint32_t)tc->i;
	if (tc->kind == A_T_START || tc->i == PSL_EV_EXECUTE) {
		const char *dst = sel(tc->a, "dst"), *src = sel(tc->a, "src");
		uint32_t sid, cls;
		ev->kind = PSL_EV_EXECUTE;
		if (!dst)
			return fail_at(r, tc, "execute needs dst=<class>", NULL);
		if ((d = var_find(r, dst)) && tc->kind != A_T_START) {
			sid = d->sid;
			cls = d->cls;
		} else if (!new_process(r, tc, dst, &sid, &cls)) {
			return false;
		}
		if (src && !(s = var_find(r, src)))
			return fail_at(r, tc, "unknown process variable", src);
		if (!s) /* no initiator: the kernel if it runs, else the process starts itself */
			for (unsigned i = 0; i < r->n_vars && !s; i++)
				if (r->vars[i].cls == r->k->kernel_class)
					s = &r->vars[i];
		ev->src_sid = s ? s->sid : sid;
		ev->src_class = s ? s->cls : cls;
		ev->dst_sid = sid;
		ev->dst_class = cls;
		ev->riid = PSL_NONE;
		ev->mid = 0;
		if (tc->kind == A_T_START) {
			if (r->n_vars >= MAX_VARS)
				return fail_at(r, tc, "too many variables", NULL);
			*bind = &r->vars[r->n_vars];
			(*bind)->name = tc->s;
			(*bind)->sid = sid;
			(*bind)->cls = cls;
		}
		return true;
	}
	if (!(s = need_var(r, tc, "src")))
		return false;
	ev->src_sid = s->sid;
	ev->src_class = s->cls;
	if (ev->kind == PSL_EV_SECURITY) {
		ev->dst_sid = ev->dst_class = PSL_NONE;
	} else {
		if (!(d = need_var(r, tc, "dst")))
			return false;
		ev->dst_sid = d->sid;
		ev->dst_class = d->cls;
	}
	uint32_t owner = ev->kind == PSL_EV_REQUEST ? ev->dst_class : ev->src_class;
	return resolve_target(r, tc, owner, ev->kind, &ev->riid, &ev->mid);
}

static bool run_case(struct run *r, struct ast *tc)
{
	struct psl_event ev;
	struct var *bind;
	struct psl_value msg;
	const char *expect = tc->kind == A_T_CASE && tc->s ? tc->s : "grant";

	psl_arena_reset(&r->arena);
	if (strcmp(expect, "grant") && strcmp(expect, "deny") && strcmp(expect, "any"))
		return fail_at(r, tc, "expectation must be grant, deny or any, not", expect);
	if (!build_event(r, tc, &ev, &bind))
		return false;
	if (tc->kind == A_T_CASE && tc->b) {
		if (!to_value(r, tc->b, &msg))
			return false;
		ev.message = &msg;
	}
	enum psl_status st = psl_engine_decide(r->e, &ev);
	if (bind)
		r->n_vars++;
	bool granted = st == PSL_OK;
	bool error = st != PSL_OK && st != PSL_E_DENIED && st != PSL_E_NO_MATCH;
	/* Every test event also checks the verdict table against the evaluation, in this state. */
	uint32_t v =
	    psl_image_verdict(&r->e->img, ev.kind, ev.src_class, ev.dst_class, ev.riid, ev.mid);
	if (v != PSL_VERDICT_DYNAMIC && granted != (v == PSL_VERDICT_GRANT)) {
		snprintf(r->why, sizeof(r->why),
			 "%.200s:%d:%d: internal error: the verdict table says %s, evaluation %s",
			 tc->loc.file, tc->loc.line, tc->loc.col,
			 v == PSL_VERDICT_GRANT ? "grant" : "deny", granted ? "grants" : "denies");
		return false;
	}
	if (!strcmp(expect, "any") ? !error : granted == !strcmp(expect, "grant"))
		return true;
	char detail[160] = "";
	if (st != PSL_OK && r->e->deny_object != PSL_NONE)
		snprintf(detail, sizeof(detail), " by %s.%s", r->k->objs[r->e->deny_object].name,
			 psl_methods[r->e->deny_method].name);
	snprintf(r->why, sizeof(r->why), "%.200s:%d:%d: %s%.100s%s: expected %s, got %s (%s%s)",
		 tc->loc.file, tc->loc.line, tc->loc.col, tc->s2 ? "\"" : "",
		 tc->s2 ? tc->s2 : "case", tc->s2 ? "\"" : "", expect, granted ? "grant" : "deny",
		 psl_status_name(st), detail);
	return false;
}

static bool run_cases(struct run *r, struct ast *list)
{
	for (struct ast *tc = list; tc; tc = tc->next)
		if (!run_case(r, tc))
			return false;
	return true;
}

bool pslc_run_tests(struct pslc *c, FILE *out, unsigned *passed, unsigned *failed)
{
	struct psl_image img;
	struct psl_engine e;
	struct run r = {.c = c, .k = c->comp, .e = &e};
	size_t mem_size, scratch = 1 << 20;
	void *mem;
	static uint8_t arena_buf[1 << 20];

	*passed = *failed = 0;
	if (!c->image || psl_image_load(&img, c->image, c->image_size))
		return false;
	mem_size = psl_engine_mem_size(&img, MAX_SIDS, scratch);
	mem = malloc(mem_size);
	if (!mem || psl_engine_init(&e, &img, MAX_SIDS, mem, mem_size, scratch)) {
		free(mem);
		return false;
	}
	psl_arena_init(&r.arena, arena_buf, sizeof(arena_buf));
	for (uint32_t s = 0; s < r.k->n_suites; s++) {
		struct ast *suite = r.k->suites[s], *setup = NULL, *fin = NULL;
		const char *sname = suite->s ? suite->s : "(unnamed)";
		for (struct ast *it = suite->a; it; it = it->next) {
			if (it->kind == A_SETUP)
				setup = it->a;
			else if (it->kind == A_FINALLY)
				fin = it->a;
		}
		for (struct ast *seq = suite->a; seq; seq = seq->next) {
			if (seq->kind != A_SEQUENCE)
				continue;
			psl_engine_reset(&e);
			r.n_vars = 0;
			r.next_sid = 0;
			r.why[0] = 0;
			bool ok =
			    run_cases(&r, setup) && run_cases(&r, seq->a) && run_cases(&r, fin);
			if (ok) {
				(*passed)++;
				fprintf(out, "PASS %s / %s\n", sname,
					seq->s ? seq->s : "(unnamed)");
			} else {
				(*failed)++;
				fprintf(out, "FAIL %s / %s\n    %s\n", sname,
					seq->s ? seq->s : "(unnamed)", r.why);
			}
		}
	}
	fprintf(out, "%u passed, %u failed\n", *passed, *failed);
	free(mem);
	return *failed == 0;
}
