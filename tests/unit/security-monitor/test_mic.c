// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mic: linear levels and the lattice of degrees and categories, incomparable levels included;
 * every rule (execute, create, upgrade, delete, invoke, write, read, call) and query_level.
 * SIDs come in message fields (integers are accepted as SIDs).
 */
#include "support.h"

#define I(v) psl_int(v)
#define T(s) psl_cstr(s)
#define MSG(...) pt_dict(t, __VA_ARGS__, NULL)

#define FLOWS                                                                                      \
	"request method=B { mic.invoke { source : message.a, target : message.b } }\n"             \
	"request method=C { mic.write { source : message.a, target : message.b } }\n"              \
	"request method=D { mic.read { source : message.a, target : message.b } }\n"               \
	"request endpoint=ops, method=Put { mic.call { source : message.at.x, target : "           \
	"message.at.y } }\n"

static const char linear[] = PT_PRELUDE
    "policy object mic : Mic { config = [\"LOW\", \"MEDIUM\", \"HIGH\"] }\n"
    "request method=A { choice message.b {\n"
    "  0 : mic.execute { image : (), target : message.a, level : \"LOW\", levelR : () }\n"
    "  1 : mic.execute { image : (), target : message.a, level : \"MEDIUM\", levelR : () }\n"
    "  2 : mic.execute { image : (), target : message.a, level : \"HIGH\", levelR : () }\n"
    "  3 : mic.execute { image : (), target : message.a, level : \"HIGH\", levelR : \"LOW\" }\n"
    "  4 : mic.execute { image : (), target : message.a, level : \"LOW\", levelR : \"HIGH\" }\n"
    "  5 : mic.execute { image : message.t, target : message.a, level : (), levelR : () }\n"
    "} }\n" FLOWS "request endpoint=store.kv, method=Set { mic.create { source : src_sid, target : "
    "message.value, container : (), driver : src_sid, level : \"MEDIUM\" } }\n"
    "request endpoint=ops, method=Start { mic.upgrade { source : src_sid, target : "
    "message.level, container : (), driver : src_sid, level : \"HIGH\" } }\n"
    "request endpoint=ops, method=Stop { mic.delete { source : src_sid, target : 9, "
    "container : (), driver : src_sid } }\n"
    "request endpoint=store.kv, method=Get { choice mic.query_level { source : src_sid } {\n"
    "  \"HIGH\" : grant ()\n"
    "  _ : deny () } }\n"
    "error endpoint=ops, method=Put {\n"
    "  mic.execute { image : (), target : 30, level : \"LOW\", levelR : () }\n"
    "  assert (message.code == 0) }\n";

static enum psl_status start(struct pt *t, int64_t sid, int64_t how)
{
	return pt_request(t, "probe", "A", MSG("a", I(sid), "b", I(how)));
}

static enum psl_status flow(struct pt *t, const char *m, int64_t src, int64_t dst)
{
	return pt_request(t, "probe", m, MSG("a", I(src), "b", I(dst)));
}

Test(psl_mic, linear_levels_invoke_write_read)
{
	struct pt *t = pt_compile(linear);

	cr_assert_eq(start(t, 10, 0), PSL_OK); /* 10: LOW */
	cr_assert_eq(start(t, 11, 1), PSL_OK); /* 11: MEDIUM */
	cr_assert_eq(start(t, 12, 2), PSL_OK); /* 12: HIGH */
	cr_expect_eq(start(t, 12, 0), PSL_E_DENIED, "a subject gets its level once");
	cr_expect_eq(flow(t, "B", 12, 10), PSL_OK, "HIGH may invoke LOW");
	cr_expect_eq(flow(t, "B", 10, 12), PSL_E_DENIED, "LOW may not invoke HIGH");
	cr_expect_eq(flow(t, "C", 11, 10), PSL_OK, "write down");
	cr_expect_eq(flow(t, "C", 10, 11), PSL_E_DENIED, "no write up");
	cr_expect_eq(flow(t, "D", 10, 12), PSL_OK, "read up");
	cr_expect_eq(flow(t, "D", 12, 10), PSL_E_DENIED, "no read down without levelR");
	cr_expect_eq(flow(t, "B", 12, 13), PSL_E_DENIED, "target without a level");
	cr_expect_eq(flow(t, "B", 12, PT_SIDS + 1), PSL_E_SID, "SID out of range");
	struct psl_value at = *MSG("x", I(10), "y", I(12));
	cr_expect_eq(pt_request(t, "ops", "Put", MSG("at", at)), PSL_OK, "call like read");
	pt_free(t);
}

Test(psl_mic, levelR_allows_reading_down)
{
	struct pt *t = pt_compile(linear);

	cr_assert_eq(start(t, 10, 0), PSL_OK);
	cr_assert_eq(start(t, 12, 3), PSL_OK); /* HIGH, levelR LOW */
	cr_expect_eq(flow(t, "D", 12, 10), PSL_OK);
	struct psl_value at = *MSG("x", I(12), "y", I(10));
	cr_expect_eq(pt_request(t, "ops", "Put", MSG("at", at)), PSL_OK);
	cr_expect_eq(start(t, 13, 4), PSL_E_DENIED, "levelR above level");
	pt_free(t);
}

Test(psl_mic, execute_from_image_and_query_level)
{
	struct pt *t = pt_compile(linear);

	/* the client (SID 1) creates resource 20 at MEDIUM: it needs a level first */
	cr_expect_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k"), "value", I(20))),
		     PSL_E_DENIED, "creator without a level");
	cr_assert_eq(start(t, 1, 2), PSL_OK); /* client: HIGH */
	cr_expect_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k"), "value", I(20))), PSL_OK);
	cr_expect_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k"), "value", I(20))),
		     PSL_E_DENIED, "created twice");
	/* a subject started from image 20 inherits MEDIUM */
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(21), "b", I(5), "t", I(20))), PSL_OK);
	cr_expect_eq(flow(t, "B", 21, 20), PSL_OK);
	cr_expect_eq(flow(t, "B", 20, 1), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(22), "b", I(5), "t", I(30))),
		     PSL_E_DENIED, "image without a level");
	cr_expect_eq(pt_request(t, "store.kv", "Get", NULL), PSL_OK, "query_level: HIGH");
	cr_expect_eq(pt_request_from(t, 3, "store.kv", "Get", NULL), PSL_E_SID,
		     "query_level of a SID without a level");
	pt_free(t);
}

Test(psl_mic, upgrade_and_delete)
{
	struct pt *t = pt_compile(linear);

	cr_assert_eq(start(t, 1, 2), PSL_OK); /* client HIGH */
	cr_assert_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k"), "value", I(9))), PSL_OK);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(9))), PSL_OK, "MEDIUM -> HIGH");
	cr_expect_eq(flow(t, "B", 9, 1), PSL_OK, "9 is HIGH now");
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(8))), PSL_E_DENIED,
		     "upgrade of a resource without a level");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_OK, "delete 9");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_E_DENIED, "deleted already");
	cr_expect_eq(flow(t, "B", 1, 9), PSL_E_DENIED, "9 has no level any more");
	pt_free(t);
}

static const char lattice[] = PT_PRELUDE
    "policy object mic : Mic { config = { degrees : [\"LOW\", \"HIGH\"],\n"
    "  categories : [\"A\", \"B\"] } }\n"
    "request method=A { choice message.b {\n"
    "  0 : mic.execute { image : (), target : message.a, level : { degree : \"HIGH\", "
    "categories : [\"A\"] }, levelR : () }\n"
    "  1 : mic.execute { image : (), target : message.a, level : { degree : \"HIGH\", "
    "categories : [\"B\"] }, levelR : () }\n"
    "  2 : mic.execute { image : (), target : message.a, level : { degree : \"LOW\", "
    "categories : [] }, levelR : () }\n"
    "  3 : mic.execute { image : (), target : message.a, level : { degree : \"HIGH\", "
    "categories : [\"A\", \"B\"] }, levelR : \"LOW\" }\n"
    "  4 : mic.execute { image : (), target : message.a, level : { degree : \"LOW\", "
    "categories : [\"A\", \"B\"] }, levelR : () }\n"
    "} }\n" FLOWS
    "request endpoint=store.kv, method=Get { assert (mic.query_level { source : src_sid } "
    "== { degree : \"HIGH\", categories : [\"A\"] }) }\n";

Test(psl_mic, lattice_incomparable_levels)
{
	struct pt *t = pt_compile(lattice);

	cr_assert_eq(start(t, 10, 0), PSL_OK); /* HIGH{A} */
	cr_assert_eq(start(t, 11, 1), PSL_OK); /* HIGH{B} */
	cr_assert_eq(start(t, 12, 2), PSL_OK); /* LOW{} */
	cr_assert_eq(start(t, 13, 3), PSL_OK); /* HIGH{A,B}, levelR LOW{} */
	cr_assert_eq(start(t, 14, 4), PSL_OK); /* LOW{A,B} */
	/* HIGH{A} and HIGH{B} are incomparable: no flow either way */
	cr_expect_eq(flow(t, "B", 10, 11), PSL_E_DENIED);
	cr_expect_eq(flow(t, "B", 11, 10), PSL_E_DENIED);
	cr_expect_eq(flow(t, "C", 10, 11), PSL_E_DENIED);
	cr_expect_eq(flow(t, "D", 10, 11), PSL_E_DENIED);
	/* LOW{} is below both */
	cr_expect_eq(flow(t, "B", 10, 12), PSL_OK);
	cr_expect_eq(flow(t, "B", 11, 12), PSL_OK);
	cr_expect_eq(flow(t, "B", 12, 10), PSL_E_DENIED);
	/* HIGH{A,B} dominates HIGH{A}; LOW{A,B} and HIGH{A} are incomparable */
	cr_expect_eq(flow(t, "C", 13, 10), PSL_OK);
	cr_expect_eq(flow(t, "C", 14, 10), PSL_E_DENIED);
	cr_expect_eq(flow(t, "C", 10, 14), PSL_E_DENIED);
	/* reading: 13 may read down to LOW{} through levelR, not 10 */
	cr_expect_eq(flow(t, "D", 13, 12), PSL_OK);
	cr_expect_eq(flow(t, "D", 10, 12), PSL_E_DENIED);
	cr_expect_eq(flow(t, "D", 12, 10), PSL_OK, "read up");
	/* query_level returns the lattice form */
	cr_expect_eq(
	    pt_event(t, PSL_EV_REQUEST, 10, t->client, 2, t->server, "store.kv", "Get", NULL),
	    PSL_OK);
	cr_expect_eq(
	    pt_event(t, PSL_EV_REQUEST, 11, t->client, 2, t->server, "store.kv", "Get", NULL),
	    PSL_E_DENIED);
	pt_free(t);
}

Test(psl_mic, rollback_on_later_denial)
{
	struct pt *t = pt_compile(linear);

	cr_expect_eq(
	    pt_event(t, PSL_EV_ERROR, 2, t->server, 1, t->client, "ops", "Put", MSG("code", I(1))),
	    PSL_E_DENIED);
	cr_expect_eq(flow(t, "B", 30, 30), PSL_E_DENIED, "the level of the denied event is gone");
	cr_expect_eq(
	    pt_event(t, PSL_EV_ERROR, 2, t->server, 1, t->client, "ops", "Put", MSG("code", I(0))),
	    PSL_OK);
	cr_expect_eq(flow(t, "B", 30, 30), PSL_OK, "granted: SID 30 is LOW");
	pt_free(t);
}
