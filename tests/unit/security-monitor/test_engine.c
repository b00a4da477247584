// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engine and the image: loading rejects damaged images, the engine survives hostile
 * messages (wrong shapes, huge values, deep nesting) by denying, values round-trip through
 * their canonical encoding, audit records carry event, decision, object and state change.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

uint32_t psl_crc32(const uint8_t *p, size_t n, uint32_t skip_at);

#define I(v) psl_int(v)
#define T(s) psl_cstr(s)
#define MSG(...) pt_dict(t, __VA_ARGS__, NULL)

static const char policy[] =
    PT_PRELUDE "policy object f : Flow { config = { states : [\"a\", \"b\"], initial : \"a\",\n"
	       "  transitions : { \"a\" : [\"b\"], \"b\" : [\"a\"] } } }\n"
	       "request method=A { f.init { sid : src_sid } }\n"
	       "request method=B { f.enter { sid : src_sid, state : message.t } }\n"
	       "request method=C { assert (message.l.[message.a] == 1) }\n";

static void *copy_aligned(const void *src, size_t n)
{
	void *p = NULL;
	cr_assert_eq(posix_memalign(&p, 8, n ? n : 8), 0);
	memcpy(p, src, n);
	return p;
}

static void fix_crc(uint8_t *img, size_t n)
{
	uint32_t crc = psl_crc32(img, n, offsetof(struct psl_image_header, checksum));
	memcpy(img + offsetof(struct psl_image_header, checksum), &crc, 4);
}

Test(psl_engine, image_load_rejects_damage)
{
	struct pt *t = pt_compile(policy);
	struct psl_image img;
	uint8_t *copy = copy_aligned(t->image, t->size);

	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_OK);
	cr_expect_eq(psl_image_load(&img, copy, t->size - 8), PSL_E_IMAGE, "truncated");
	cr_expect_eq(psl_image_load(&img, copy, 10), PSL_E_IMAGE, "shorter than a header");
	cr_expect_eq(psl_image_load(&img, NULL, 0), PSL_E_IMAGE);
	/* every single flipped bit is caught by the checksum */
	for (size_t i = 0; i < t->size; i += 7) {
		copy[i] ^= 0x10;
		cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "flip at %zu", i);
		copy[i] ^= 0x10;
	}
	/* version and magic are checked */
	struct psl_image_header *h = (struct psl_image_header *)copy;
	h->version = 99;
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "version");
	free(copy);
	pt_free(t);
}

Test(psl_engine, image_load_checks_every_reference)
{
	struct pt *t = pt_compile(policy);
	struct psl_image img;
	uint8_t *copy = copy_aligned(t->image, t->size);
	const struct psl_image_header *h = (const struct psl_image_header *)t->image;

	/* a node pointing past the node table, with a correct checksum */
	struct psl_node *nodes = (struct psl_node *)(copy + h->sec[PSL_SEC_NODES].offset);
	uint32_t n_nodes = h->sec[PSL_SEC_NODES].size / sizeof(struct psl_node);
	for (uint32_t i = 0; i < n_nodes; i++) {
		if (nodes[i].op != PSL_N_FIELD)
			continue;
		nodes[i].a = n_nodes + 5;
		break;
	}
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "bad node reference");
	memcpy(copy, t->image, t->size);
	/* a section running past the end */
	((struct psl_image_header *)copy)->sec[PSL_SEC_LISTS].size = (uint32_t)t->size;
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "section out of bounds");
	memcpy(copy, t->image, t->size);
	/* a Flow configuration with an initial state out of range */
	struct psl_object *o = (struct psl_object *)(copy + h->sec[PSL_SEC_OBJECTS].offset);
	uint32_t *cfg = (uint32_t *)(copy + h->sec[PSL_SEC_CONFIG].offset);
	for (uint32_t i = 0; i < h->sec[PSL_SEC_OBJECTS].size / sizeof(*o); i++)
		if (o[i].model == PSL_M_FLOW)
			cfg[o[i].config + 1] = 7;
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "bad Flow configuration");
	memcpy(copy, t->image, t->size);
	/* a verdict table out of order (it is searched by bisection) */
	struct psl_verdict *v = (struct psl_verdict *)(copy + h->sec[PSL_SEC_VERDICTS].offset);
	cr_assert_gt(h->sec[PSL_SEC_VERDICTS].size / sizeof(*v), 2);
	struct psl_verdict tmp = v[0];
	v[0] = v[1];
	v[1] = tmp;
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "unsorted verdict table");
	memcpy(copy, t->image, t->size);
	/* a rule call turned into an expression */
	for (uint32_t i = 0; i < n_nodes; i++)
		if (nodes[i].op == PSL_S_CALL) {
			nodes[i].op = PSL_N_EXPR;
			break;
		}
	fix_crc(copy, t->size);
	cr_expect_eq(psl_image_load(&img, copy, t->size), PSL_E_IMAGE, "a rule as an expression");
	free(copy);
	pt_free(t);
}

Test(psl_engine, too_little_memory_is_refused)
{
	struct pt *t = pt_compile(policy);
	struct psl_engine e;
	size_t need = psl_engine_mem_size(&t->img, 16, 4096);
	void *mem = malloc(need);

	cr_expect_eq(psl_engine_init(&e, &t->img, 16, mem, need - 1, 4096), PSL_E_MEMORY);
	cr_expect_eq(psl_engine_init(&e, &t->img, 0, mem, need, 4096), PSL_E_MEMORY);
	cr_expect_eq(psl_engine_init(&e, &t->img, 16, mem, need, 4096), PSL_OK);
	free(mem);
	pt_free(t);
}

Test(psl_engine, hostile_messages_are_denied_not_fatal)
{
	struct pt *t = pt_compile(policy);
	struct psl_value notdict = psl_int(3);
	int64_t l[] = {1, 2};

	cr_expect_eq(pt_request(t, "probe", "C", &notdict), PSL_E_TYPE, "message not a dict");
	cr_expect_eq(pt_request(t, "probe", "C", MSG("l", pt_list_int(t, 2, l), "a", I(-1))),
		     PSL_E_INDEX);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("l", pt_list_int(t, 2, l), "a", I(2))),
		     PSL_E_INDEX);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("l", pt_list_int(t, 2, l), "a", T("0"))),
		     PSL_E_TYPE);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("l", pt_list_int(t, 2, l), "a", I(0))),
		     PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", I(1))), PSL_E_TYPE, "state not a text");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_OK);
	/* an unknown event kind or riid matches nothing */
	struct psl_event ev = {77, 1, t->client, 2, t->server, 0, 0, NULL};
	cr_expect_eq(psl_engine_decide(&t->eng, &ev), PSL_E_NO_MATCH);
	ev.kind = PSL_EV_REQUEST;
	ev.riid = 1000;
	cr_expect_eq(psl_engine_decide(&t->eng, &ev), PSL_E_NO_MATCH);
	pt_free(t);
}

Test(psl_engine, deep_nesting_and_scratch_exhaustion_deny)
{
	/* 80 nested negations exceed the evaluator's depth limit */
	char text[4096];
	int n = snprintf(text, sizeof(text), PT_PRELUDE "request method=A { assert (");
	for (int i = 0; i < 80; i++)
		text[n++] = '!';
	n += snprintf(text + n, sizeof(text) - n,
		      "true) }\n"
		      "request method=B { assert ([message.l, message.l, "
		      "message.l, message.l] != []) }\n");
	struct pt *t = pt_compile(text);
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_E_DEPTH);

	/* an engine with a tiny scratch arena runs out of evaluation memory: denied */
	struct psl_engine e;
	size_t need = psl_engine_mem_size(&t->img, 8, 64);
	void *mem = malloc(need);
	cr_assert_eq(psl_engine_init(&e, &t->img, 8, mem, need, 64), PSL_OK);
	int64_t l[] = {1, 2, 3, 4, 5, 6, 7, 8};
	uint32_t riid, mid;
	pt_target(t, t->server, "probe", "B", &riid, &mid);
	struct psl_event ev = {PSL_EV_REQUEST, 1,    t->client, 2,
			       t->server,      riid, mid,	MSG("l", pt_list_int(t, 8, l))};
	cr_expect_eq(psl_engine_decide(&e, &ev), PSL_E_MEMORY);
	free(mem);
	pt_free(t);
}

Test(psl_engine, state_survives_reset_only_when_saved)
{
	struct pt *t = pt_compile(policy);
	size_t n = psl_engine_state_size(&t->eng);
	void *snap = malloc(n);

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	psl_engine_state_save(&t->eng, snap);
	psl_engine_reset(&t->eng);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_E_DENIED, "reset: no FSM");
	psl_engine_state_restore(&t->eng, snap);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_OK, "restored");
	free(snap);
	pt_free(t);
}

Test(psl_engine, values_encode_and_decode)
{
	uint8_t arena_buf[4096], out[512];
	struct psl_arena a;
	struct psl_builder d, l;
	struct psl_value back;

	psl_arena_init(&a, arena_buf, sizeof(arena_buf));
	cr_assert(psl_list_new(&a, &l, 3));
	cr_assert(psl_list_add(&l, psl_int(-5)));
	cr_assert(psl_list_add(&l, psl_cstr("x")));
	cr_assert(psl_list_add(&l, psl_unit()));
	cr_expect_not(psl_list_add(&l, psl_int(1)), "capacity is enforced");
	cr_assert(psl_dict_new(&a, &d, 3));
	cr_assert(psl_dict_put(&d, "list", *l.value));
	cr_assert(psl_dict_put(&d, "sid", psl_sid(7)));
	cr_assert(psl_dict_put(&d, "ok", psl_bool(true)));
	size_t n = psl_value_encode(d.value, out, sizeof(out));
	cr_assert_gt(n, 0);
	cr_expect_eq(psl_value_encode(d.value, out, 5), 0, "too small a buffer");
	cr_assert(psl_value_decode(out, n, &a, &back));
	cr_expect(psl_value_equal(d.value, &back));
	cr_expect_not(psl_value_decode(out, n - 1, &a, &back), "truncated encoding");
	out[0] = 99;
	cr_expect_not(psl_value_decode(out, n, &a, &back), "unknown tag");
}

struct audit_log {
	unsigned n;
	struct psl_audit_record r[16];
};

static void collect(void *ctx, const struct psl_audit_record *r)
{
	struct audit_log *log = ctx;
	if (log->n < 16)
		log->r[log->n++] = *r;
}

Test(psl_engine, audit_records_follow_profiles_and_levels)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE
	    "use nk.regex._\n"
	    "policy object f : Flow { config = { states : [\"a\", \"b\", \"c\"], initial : \"a\",\n"
	    "  transitions : { \"a\" : [\"b\"], \"b\" : [\"c\"] } } }\n"
	    "audit profile trace = {\n"
	    "  0 : { base : { kss : [\"denied\"] } },\n"
	    "  1 : { base : { kss : [\"granted\", \"denied\"] }, f : { kss : [\"granted\"], "
	    "omit : [\"c\"] },\n"
	    "        re : { emit : [\"match\"] } } }\n"
	    "audit profile quiet = { 0 : { base : { kss : [] } } }\n"
	    "audit default = trace 0\n"
	    "request method=A { f.init { sid : src_sid } }\n"
	    "request method=B { f.enter { sid : src_sid, state : message.t } }\n"
	    "request method=C { assert (message.a == 1) }\n"
	    "request method=D { audit quiet\n deny () }\n"
	    "request endpoint=ops, method=Put { assert (re.match { text : message.path, pattern : "
	    "\"/x.*\" }) }\n");
	struct audit_log log = {0};

	psl_engine_set_audit(&t->eng, collect, &log);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(1))), PSL_OK);
	cr_expect_eq(log.n, 0, "level 0 logs only denials");
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(2))), PSL_E_DENIED);
	cr_assert_eq(log.n, 1);
	cr_expect_eq(log.r[0].method, PSL_BASE_ASSERT);
	cr_expect_not(log.r[0].event_granted);
	cr_expect_eq(log.r[0].event->kind, PSL_EV_REQUEST);
	cr_expect_eq(pt_request(t, "probe", "D", NULL), PSL_E_DENIED);
	cr_expect_eq(log.n, 1, "the binding's own profile audits nothing");

	psl_engine_set_audit_level(&t->eng, 1);
	log.n = 0;
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_assert_eq(log.n, 1, "level 1 logs Flow grants");
	cr_expect_eq(log.r[0].state_from, PSL_NONE);
	cr_expect_eq(log.r[0].state_to, 0);
	log.n = 0;
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_OK);
	cr_assert_eq(log.n, 1);
	cr_expect_eq(log.r[0].state_from, 0);
	cr_expect_eq(log.r[0].state_to, 1);
	cr_expect(log.r[0].event_granted);
	log.n = 0;
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("c"))), PSL_OK);
	cr_expect_eq(log.n, 0, "transitions into an omitted state are not logged");
	log.n = 0;
	cr_expect_eq(pt_request(t, "ops", "Put", MSG("path", T("/xy"))), PSL_OK);
	cr_expect_eq(log.n, 2, "the re.match expression and the assert");
	pt_free(t);
}

Test(psl_engine, audit_records_beyond_the_event_buffer_are_counted)
{
	char text[8192];
	int n =
	    snprintf(text, sizeof(text),
		     PT_PRELUDE "audit profile all = { 0 : { base : { kss : [\"granted\"] } } }\n"
				"audit default = all 0\nrequest method=A {\n");
	for (int i = 0; i < PSL_MAX_AUDIT_PER_EVENT + 5; i++)
		n += snprintf(text + n, sizeof(text) - n, "  grant ()\n");
	snprintf(text + n, sizeof(text) - n, "}\n");
	struct pt *t = pt_compile(text);
	struct audit_log log = {0};

	psl_engine_set_audit(&t->eng, collect, &log);
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(log.n, 16, "the test's log keeps 16");
	cr_expect_eq(t->eng.audit_dropped, 5);
	pt_free(t);
}

Test(psl_engine, a_statement_that_contains_itself_is_denied_not_a_stack_overflow)
{
	struct pt *t = pt_compile(PT_PRELUDE "request method=A { match method=A { grant () } }\n");
	uint8_t *copy = copy_aligned(t->image, t->size);
	const struct psl_image_header *h = (const struct psl_image_header *)t->image;
	struct psl_node *nodes = (struct psl_node *)(copy + h->sec[PSL_SEC_NODES].offset);
	uint32_t *lists = (uint32_t *)(copy + h->sec[PSL_SEC_LISTS].offset);
	uint32_t n_nodes = h->sec[PSL_SEC_NODES].size / sizeof(struct psl_node);
	bool done = false;

	/* point the match's body at a list that holds the match itself */
	for (uint32_t i = 0; i < n_nodes && !done; i++) {
		if (nodes[i].op != PSL_S_MATCH)
			continue;
		lists[nodes[i].b] = 1;
		lists[nodes[i].b + 1] = i;
		done = true;
	}
	cr_assert(done);
	fix_crc(copy, t->size);
	struct psl_image img;
	struct psl_engine e;
	cr_assert_eq(psl_image_load(&img, copy, t->size), PSL_OK, "indexes are all in range");
	size_t need = psl_engine_mem_size(&img, 8, 4096);
	void *mem = malloc(need);
	cr_assert_eq(psl_engine_init(&e, &img, 8, mem, need, 4096), PSL_OK);
	uint32_t riid, mid;
	pt_target(t, t->server, "probe", "A", &riid, &mid);
	struct psl_event ev = {PSL_EV_REQUEST, 1, t->client, 2, t->server, riid, mid, NULL};
	cr_expect_eq(psl_engine_decide(&e, &ev), PSL_E_DEPTH);
	/* pslc --dump lists it without following the loop forever */
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	cr_expect(pslc_dump_image(copy, t->size, f));
	fclose(f);
	cr_expect(strstr(out, "..."), "%s", out);
	free(out);
	free(mem);
	free(copy);
	pt_free(t);
}

/*
 * Selector outcomes are remembered per (kind, classes, endpoint, method) for a few such tuples
 * at a time: more distinct tuples than the memo holds, interleaved and repeated, decide as
 * the rules say every time, message-dependent rules included.
 */
Test(psl_engine, selector_memo_decides_like_the_rules_across_many_tuples)
{
	static const char text[] = PT_PRELUDE
	    "request src=demo.Client, dst=demo.Server, endpoint=probe {\n"
	    "  match method=A { grant () }\n"
	    "  match method=B { deny () }\n"
	    "  match method=C { assert (message.a < 10) }\n"
	    "}\n"
	    "request src=demo.Server, dst=demo.Server, endpoint=probe, method=D { grant () }\n"
	    "response src=demo.Server, dst=demo.Client, endpoint=probe, method=A { grant () }\n";
	static const char *const methods[] = {"A", "B", "C", "D"};
	struct pt *t = pt_compile(text);
	int64_t l[] = {1};

	cr_assert_gt(t->img.n_selectors, 0);
	for (int round = 0; round < 3; round++) {
		for (int m = 0; m < 4; m++) {
			for (int64_t a = 9; a <= 10; a++) {
				const struct psl_value *msg = MSG("a", I(a), "b", I(0), "t", T(""),
								  "l", pt_list_int(t, 1, l));
				enum psl_status want = m == 0	? PSL_OK
						       : m == 1 ? PSL_E_DENIED
						       : m == 2 ? (a < 10 ? PSL_OK : PSL_E_DENIED)
								: PSL_E_NO_MATCH;

				cr_expect_eq(pt_request(t, "probe", methods[m], msg), want,
					     "round %d, request probe.%s with a = %lld", round,
					     methods[m], (long long)a);
				cr_expect_eq(pt_event(t, PSL_EV_REQUEST, 2, t->server, 2, t->server,
						      "probe", methods[m], msg),
					     m == 3 ? PSL_OK : PSL_E_NO_MATCH,
					     "round %d, server to itself, probe.%s", round,
					     methods[m]);
				cr_expect_eq(pt_event(t, PSL_EV_RESPONSE, 2, t->server, 1,
						      t->client, "probe", methods[m], msg),
					     m == 0 ? PSL_OK : PSL_E_NO_MATCH,
					     "round %d, response probe.%s", round, methods[m]);
			}
		}
	}
	pt_free(t);
}
