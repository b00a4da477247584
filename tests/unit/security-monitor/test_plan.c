// SPDX-License-Identifier: GPL-2.0-only
/*
 * Plans (psl/plan.h) decide exactly like the general walk: two engines on one image, one with
 * plans and one without, given the same events (many messages of every shape, hostile ones
 * included), agree on every status, rule count, denying rule and binding, audit record and
 * byte of model state. Tuples a plan cannot hold fall back to the general walk.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define I(v) psl_int(v)
#define T(s) psl_cstr(s)

struct audit_log {
	struct psl_audit_record r[64];
	unsigned n;
};

static void collect(void *ctx, const struct psl_audit_record *rec)
{
	struct audit_log *log = ctx;

	if (log->n < 64)
		log->r[log->n++] = *rec;
}

/* A second engine on t's image, with plans off. */
struct general {
	struct psl_engine eng;
	void *mem;
	struct audit_log log;
};

static void general_init(struct pt *t, struct general *g)
{
	size_t need = psl_engine_mem_size(&t->img, PT_SIDS, 1 << 16);

	g->mem = malloc(need);
	cr_assert(g->mem);
	cr_assert_eq(psl_engine_init(&g->eng, &t->img, PT_SIDS, g->mem, need, 1 << 16), PSL_OK);
	psl_engine_set_plans(&g->eng, false);
	psl_engine_set_audit(&g->eng, collect, &g->log);
}

/* One event on both engines: everything they report must agree. */
static void both(struct pt *t, struct general *g, struct audit_log *plog, struct psl_event *ev,
		 unsigned seq)
{
	enum psl_status a, b;
	size_t n = psl_engine_state_size(&t->eng);
	uint8_t *sa = malloc(n ? n : 1), *sb = malloc(n ? n : 1);

	plog->n = g->log.n = 0;
	a = psl_engine_decide(&t->eng, ev);
	b = psl_engine_decide(&g->eng, ev);
	cr_assert_eq(a, b, "event %u (kind %u, mid %u): plan %s, general %s", seq, ev->kind,
		     ev->mid, psl_status_name(a), psl_status_name(b));
	cr_assert_eq(t->eng.rules_run, g->eng.rules_run, "event %u", seq);
	cr_assert_eq(t->eng.deny_object, g->eng.deny_object, "event %u", seq);
	cr_assert_eq(t->eng.deny_method, g->eng.deny_method, "event %u", seq);
	cr_assert_eq(t->eng.deny_binding, g->eng.deny_binding, "event %u", seq);
	cr_assert_eq(plog->n, g->log.n, "event %u: audit records", seq);
	for (unsigned i = 0; i < plog->n; i++) {
		const struct psl_audit_record *x = &plog->r[i], *y = &g->log.r[i];

		cr_assert(x->object == y->object && x->method == y->method &&
			      x->rule_granted == y->rule_granted &&
			      x->event_granted == y->event_granted &&
			      x->state_from == y->state_from && x->state_to == y->state_to,
			  "event %u: audit record %u", seq, i);
	}
	psl_engine_state_save(&t->eng, sa);
	psl_engine_state_save(&g->eng, sb);
	cr_assert(!memcmp(sa, sb, n), "event %u: model state", seq);
	free(sa);
	free(sb);
}

/* A field value of a random kind, sometimes a hostile one. */
static struct psl_value random_value(struct pt *t, unsigned *seed)
{
	static const char *const texts[] = {"", "a", "aa", "b", "xy", "x1", "c"};
	static const int64_t ints[] = {-6, -5, 0, 1, 2, 3, 9, 10, 11, INT64_MIN, INT64_MAX};
	int64_t l[3] = {1, 0, 1};
	struct psl_builder b;

	switch (rand_r(seed) % 8) {
	case 0:
	case 1:
	case 2:
		return I(ints[rand_r(seed) % (sizeof(ints) / sizeof(ints[0]))]);
	case 3:
	case 4:
		return T(texts[rand_r(seed) % (sizeof(texts) / sizeof(texts[0]))]);
	case 5:
		return psl_bool(rand_r(seed) & 1);
	case 6:
		return pt_list_int(t, 1 + rand_r(seed) % 3, l);
	default:
		cr_assert(psl_dict_new(&t->arena, &b, 1));
		cr_assert(psl_dict_put(&b, rand_r(seed) % 4 ? "x" : "y", I(rand_r(seed) % 9 - 6)));
		return *b.value;
	}
}

/* A message with each of the rules' fields present (of a random kind) or missing. */
static const struct psl_value *random_message(struct pt *t, unsigned *seed)
{
	static const char *const names[] = {"a", "b", "t", "l", "at", "path", "result"};
	static struct psl_value not_a_dict;
	struct psl_builder b;
	unsigned shape = rand_r(seed) % 16;

	if (shape == 0)
		return NULL; /* an empty dictionary */
	if (shape == 1) {
		not_a_dict = I(1);
		return &not_a_dict;
	}
	cr_assert(psl_dict_new(&t->arena, &b, 7));
	for (unsigned i = 0; i < 7; i++)
		if (rand_r(seed) % 5)
			cr_assert(psl_dict_put(&b, names[i], random_value(t, seed)));
	return b.value;
}

static const char rules[] =
    PT_PRELUDE "use nk.regex._\n"
	       "policy object f : Flow { config = { states : [\"a\", \"b\", \"c\"], initial : "
	       "\"a\",\n"
	       "  transitions : { \"a\" : [\"b\"], \"b\" : [\"c\", \"a\"], \"c\" : [\"a\"] } } }\n"
	       "audit profile trace = {\n"
	       "  0 : { base : { kss : [\"granted\", \"denied\"] }, f : { kss : [\"granted\", "
	       "\"denied\"] },\n"
	       "        re : { emit : [\"match\", \"select\"] } } }\n"
	       "audit default = trace 0\n"
	       "request src=demo.Client, dst=demo.Server, endpoint=probe {\n"
	       "  match method=A {\n"
	       "    assert (message.a < 10)\n"
	       "    deny (message.b == message.a)\n"
	       "    assert (size (message.t) <= 1)\n"
	       "    assert (message.t != \"xy\")\n"
	       "  }\n"
	       "  match method=B {\n"
	       "    f.enter { sid : src_sid, state : message.t }\n"
	       "    assert (size (message.l) > 1)\n"
	       "  }\n"
	       "  match method=C {\n"
	       "    match method=C { assert (message.l.[message.a] == 1) }\n"
	       "    assert (message.a == 1 || message.b == 2)\n"
	       "    assert (message == message)\n"
	       "    assert (message.l != [1, 0])\n"
	       "  }\n"
	       "  match method=D {\n"
	       "    choice re.select { text : message.t } {\n"
	       "      \"a+\" : assert (message.a > 0)\n"
	       "      _ : deny (message.b >= 10)\n"
	       "    }\n"
	       "    assert (re.match { text : message.t, pattern : \"x.*\" } || message.b < 3)\n"
	       "  }\n"
	       "}\n"
	       "request src=demo.Client, endpoint=probe, method=A { assert (message.b <= message.a) "
	       "}\n"
	       "request src=demo.Client, endpoint=probe, method=B { f.init { sid : src_sid }\n"
	       "  grant () }\n"
	       "request src=demo.Client, endpoint=probe, method=C { assert (message.t < \"b\") }\n"
	       "request endpoint=ops, method=Put {\n"
	       "  assert (message.at.x >= 2)\n"
	       "  deny (message.at.y == message.at.x)\n"
	       "  assert (size (message.path) != 2)\n"
	       "}\n"
	       "response src=demo.Server, endpoint=ops, method=Start { assert (message.result != 1) }\n"
	       "response src=demo.Server, endpoint=probe, method=B { grant () }\n";

Test(psl_plan, plans_decide_like_the_general_walk_over_many_messages)
{
	struct pt *t = pt_compile(rules);
	struct general g = {0};
	struct audit_log plog = {0};
	unsigned seed = 5;

	general_init(t, &g);
	psl_engine_set_audit(&t->eng, collect, &plog);
	for (unsigned seq = 0; seq < 20000; seq++) {
		static const char *const methods[] = {"A", "B", "C", "D", "Put", "Start"};
		unsigned which = rand_r(&seed) % 6;
		const char *m = methods[which];
		bool response = which == 5 || rand_r(&seed) % 4 == 0;
		uint32_t sid = 1 + rand_r(&seed) % 3;
		struct psl_event ev = {
		    .kind = response ? PSL_EV_RESPONSE : PSL_EV_REQUEST,
		    .src_sid = response ? 2 : sid,
		    .src_class = response ? t->server : t->client,
		    .dst_sid = response ? sid : 2,
		    .dst_class = response ? t->client : t->server,
		};

		t->arena.used = 0;
		pt_target(t, t->server, which >= 4 ? "ops" : "probe", m, &ev.riid, &ev.mid);
		ev.message = random_message(t, &seed);
		both(t, &g, &plog, &ev, seq);
	}
	free(g.mem);
	pt_free(t);
}

/*
 * A tuple that runs more statements than a plan holds, or nests matches deeper than a plan
 * follows, runs through the general walk, and decides the same.
 */
Test(psl_plan, tuples_beyond_a_plan_use_the_general_walk)
{
	char text[8192];
	int n = snprintf(text, sizeof(text), "%s", PT_PRELUDE "request method=A {\n");

	for (int i = 0; i < PSL_PLAN_STEPS + 1; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "  assert (message.a != %d)\n", i);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "}\nrequest method=B {");
	for (int i = 0; i < PSL_PLAN_DEPTH; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " match method=B {");
	n += snprintf(text + n, sizeof(text) - (size_t)n, " assert (message.a < 5)");
	for (int i = 0; i < PSL_PLAN_DEPTH + 1; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " }");
	snprintf(text + n, sizeof(text) - (size_t)n, "\nrequest method=C { assert (message.a < 5) }\n");

	struct pt *t = pt_compile(text);
	struct general g = {0};
	struct audit_log plog = {0};
	static const char *const methods[] = {"A", "B", "C"};
	static const uint8_t want_state[] = {PSL_PLAN_GENERAL, PSL_PLAN_GENERAL, PSL_PLAN_MADE};

	general_init(t, &g);
	for (unsigned seq = 0; seq < 3 * 12; seq++) {
		struct psl_builder b;
		struct psl_event ev = {PSL_EV_REQUEST, 1, t->client, 2, t->server, 0, 0, NULL};

		t->arena.used = 0;
		pt_target(t, t->server, "probe", methods[seq % 3], &ev.riid, &ev.mid);
		cr_assert(psl_dict_new(&t->arena, &b, 1));
		cr_assert(psl_dict_put(&b, "a", I((int64_t)seq / 3)));
		ev.message = b.value;
		both(t, &g, &plog, &ev, seq);
		cr_expect_eq(t->eng.plan[t->eng.sel_hit].state, want_state[seq % 3],
			     "method %s", methods[seq % 3]);
	}
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_E_FIELD);
	free(g.mem);
	pt_free(t);
}

/* The fast form of a rule gives the general evaluator's errors for each shape of operand. */
Test(psl_plan, fast_rules_fail_with_the_general_errors)
{
	struct pt *t = pt_compile(PT_PRELUDE "request method=Put { assert (message.at.x < 3) }\n"
					     "request method=B { assert (size (message.t) == 2) }\n");
	struct psl_value not_a_dict = I(4);
	struct psl_builder b, d;

	cr_expect_eq(pt_request(t, "ops", "Put", &not_a_dict), PSL_E_TYPE, "the message");
	cr_expect_eq(pt_request(t, "ops", "Put", NULL), PSL_E_FIELD, "no at");
	cr_assert(psl_dict_new(&t->arena, &b, 1));
	cr_assert(psl_dict_put(&b, "at", I(1)));
	cr_expect_eq(pt_request(t, "ops", "Put", b.value), PSL_E_TYPE, "at is no dictionary");
	cr_assert(psl_dict_new(&t->arena, &d, 1));
	cr_assert(psl_dict_put(&d, "x", T("text")));
	cr_assert(psl_dict_new(&t->arena, &b, 1));
	cr_assert(psl_dict_put(&b, "at", *d.value));
	cr_expect_eq(pt_request(t, "ops", "Put", b.value), PSL_E_TYPE, "a text against 3");
	cr_assert(psl_dict_new(&t->arena, &b, 1));
	cr_assert(psl_dict_put(&b, "t", I(7)));
	cr_expect_eq(pt_request(t, "probe", "B", b.value), PSL_E_TYPE, "size of an integer");
	cr_assert(psl_dict_new(&t->arena, &b, 1));
	cr_assert(psl_dict_put(&b, "t", T("ab")));
	cr_expect_eq(pt_request(t, "probe", "B", b.value), PSL_OK);
	cr_expect_eq(t->eng.plan[t->eng.sel_hit].state, PSL_PLAN_MADE);
	cr_expect(t->eng.plan[t->eng.sel_hit].steps[0].fast, "the rule has its fast form");
	pt_free(t);
}
