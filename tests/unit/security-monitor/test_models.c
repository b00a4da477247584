// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every method of Base, Pred, Bool, Math, Struct, Regex, HashSet, StaticMap and Flow: granted
 * and denied, state carried across events, rollback when a later rule of the same event
 * denies, pool exhaustion. (Mic is in test_mic.c.)
 */
#include "support.h"

#define I(v) psl_int(v)
#define T(s) psl_cstr(s)
#define MSG(...) pt_dict(t, __VA_ARGS__, NULL)

Test(psl_models, base_grant_deny_assert)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "request method=A { grant () }\n"
		       "request method=B { deny () }\n"
		       "request method=C { assert (message.a == 3) }\n"
		       "request method=D { assert message.a < 3 }\n"
		       "request endpoint=ops, method=Start { deny (message.level > 5) }\n"
		       "policy object audited : Base {}\n"
		       "request endpoint=ops, method=Stop { audited.grant () }\n");

	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", NULL), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(3))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(4))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(2))), PSL_OK, "1.1 assert without ()");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(3))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(6))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(5))), PSL_OK,
		     "deny (false) grants");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_OK, "a second Base object");
	/* a missing field is an evaluation error: denied */
	cr_expect_eq(pt_request(t, "probe", "C", MSG("b", I(3))), PSL_E_FIELD);
	/* a wrong type too */
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", T("3"))), PSL_E_DENIED,
		     "3 == \"3\" is false, not an error");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", T("x"))), PSL_E_TYPE);
	/* unmatched event: default deny */
	cr_expect_eq(pt_request(t, "store.kv", "Get", NULL), PSL_E_NO_MATCH);
	pt_free(t);
}

Test(psl_models, pred_comparisons_and_empty)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "request method=A { assert (message.a != message.b && message.a <= "
		       "10 && message.b >= 1 && message.a > 0) }\n"
		       "request method=B { assert (message.t < \"m\") }\n"
		       "request method=C { assert (pred.empty (message.t)) }\n"
		       "request method=D { assert (pred.empty message.l) }\n");

	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(2), "b", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(2), "b", I(2))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(11), "b", I(2))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("abc"))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("z"))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("t", T(""))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("t", T("x"))), PSL_E_DENIED);
	int64_t one[] = {1};
	cr_expect_eq(pt_request(t, "probe", "D", MSG("l", pt_list_int(t, 0, one))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("l", pt_list_int(t, 1, one))), PSL_E_DENIED);
	pt_free(t);
}

Test(psl_models, bool_operators_all_any_cond)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "request method=A { assert (!(message.a == 1) ==> message.b == 2) }\n"
		       "request method=B { assert (bool.all [message.a == 1, message.b == 1]) "
		       "}\n"
		       "request method=C { assert (bool.any ([message.a == 1, message.b == 1])) "
		       "}\n"
		       "request method=D { assert (bool.cond { if : message.a == 1, then : "
		       "message.b, else : 7 } == 5) }\n"
		       "request endpoint=ops, method=Start { assert (bool.all [] && !bool.any "
		       "[]) }\n");

	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(1), "b", I(0))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(0), "b", I(2))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(0), "b", I(3))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(1), "b", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(1), "b", I(0))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(0), "b", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(0), "b", I(0))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1), "b", I(5))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(0), "b", I(5))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(0))), PSL_OK);
	pt_free(t);
}

Test(psl_models, math_operators_and_overflow)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "request method=A { assert (message.a + message.b * 2 - 1 == 9) }\n"
		       "request method=B { assert (math.neg message.a == -5 && math.abs "
		       "(math.neg 5) == 5) }\n"
		       "request method=C { assert (math.sum message.l == 6 && math.product "
		       "message.l == 6) }\n"
		       "request method=D { assert (message.a * message.b > 0) }\n"
		       "request endpoint=ops, method=Start { assert ((message.level & 0x0f) "
		       "== 0x0a && (message.level | 1) == 0xfb && ~0 == -1) }\n");

	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(4), "b", I(3))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(4), "b", I(2))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(5))), PSL_OK);
	int64_t l[] = {1, 2, 3};
	cr_expect_eq(pt_request(t, "probe", "C", MSG("l", pt_list_int(t, 3, l))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(INT64_MAX), "b", I(2))),
		     PSL_E_OVERFLOW);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(0xfa))), PSL_OK);
	pt_free(t);
}

Test(psl_models, struct_fields_indexes_size)
{
	struct pt *t =
	    pt_compile(PT_PRELUDE "request method=A { assert (message.l.[1] == 20) }\n"
				  "request method=B { assert (size (message.t) == 3 && size "
				  "(message.l) == 2) }\n"
				  "request endpoint=ops, method=Put { assert (message.at.x < "
				  "message.at.y && message.values.[0] == 1) }\n");
	int64_t l[] = {10, 20};

	cr_expect_eq(pt_request(t, "probe", "A", MSG("l", pt_list_int(t, 2, l))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("l", pt_list_int(t, 1, l))), PSL_E_INDEX);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("l", I(3))), PSL_E_TYPE);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("abc"), "l", pt_list_int(t, 2, l))),
		     PSL_OK);
	int64_t one[] = {1};
	struct psl_value at = *MSG("x", I(1), "y", I(2));
	cr_expect_eq(pt_request(t, "ops", "Put", MSG("at", at, "values", pt_list_int(t, 1, one))),
		     PSL_OK);
	struct psl_value at2 = *MSG("x", I(3), "y", I(2));
	cr_expect_eq(pt_request(t, "ops", "Put", MSG("at", at2, "values", pt_list_int(t, 1, one))),
		     PSL_E_DENIED);
	pt_free(t);
}

Test(psl_models, regex_match_and_select)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "use nk.regex._\n"
		       "request method=A { assert (re.match { text : message.t, pattern : "
		       "\"/tmp/[a-z]+\\\\.txt\" }) }\n"
		       "request method=B {\n"
		       "  choice re.select { text : message.t } {\n"
		       "    \"/etc/.*\" : deny ()\n"
		       "    \"/home/[^/]+/.*\" | \"/tmp/.*\" : grant ()\n"
		       "    _ : assert (message.a == 1)\n"
		       "  }\n"
		       "}\n"
		       "request method=C { choice re.select { text : message.t } { \"a+\" : "
		       "grant () } }\n");

	cr_expect_eq(pt_request(t, "probe", "A", MSG("t", T("/tmp/abc.txt"))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("t", T("/tmp/abc.txt.sh"))), PSL_E_DENIED,
		     "patterns match the whole text");
	cr_expect_eq(pt_request(t, "probe", "A", MSG("t", T("/tmp/abcxtxt"))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("/etc/passwd"), "a", I(1))),
		     PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("/home/u/x"), "a", I(0))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("/tmp/y"), "a", I(0))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("/var/y"), "a", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("/var/y"), "a", I(0))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("t", T("b"))), PSL_E_NO_CASE);
	pt_free(t);
}

#define HS_POLICY                                                                                  \
	PT_PRELUDE "policy object hs : HashSet { type Entry = UInt32\n"                            \
		   "  config = { set_size : 2, pool_size : 2 } }\n"                                \
		   "request method=A { hs.init { sid : src_sid } }\n"                              \
		   "request method=B { hs.add { sid : src_sid, entry : message.a } }\n"            \
		   "request method=C { hs.remove { sid : src_sid, entry : message.a } }\n"         \
		   "request method=D { assert (hs.contains { sid : src_sid, entry : message.a }) " \
		   "}\n"                                                                           \
		   "request endpoint=ops, method=Stop { hs.fini { sid : src_sid } }\n"             \
		   "request endpoint=ops, method=Start {\n"                                        \
		   "  hs.add { sid : src_sid, entry : message.level }\n"                           \
		   "  assert (message.level < 100)\n"                                              \
		   "}\n"

Test(psl_models, hashset_init_fini_pool_exhaustion)
{
	struct pt *t = pt_compile(HS_POLICY);

	cr_expect_eq(pt_request_from(t, 1, "probe", "B", MSG("a", I(1))), PSL_E_DENIED,
		     "add without a set");
	cr_expect_eq(pt_request_from(t, 1, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request_from(t, 1, "probe", "A", NULL), PSL_E_DENIED, "init twice");
	cr_expect_eq(pt_request_from(t, 3, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request_from(t, 4, "probe", "A", NULL), PSL_E_DENIED, "pool exhausted");
	cr_expect_eq(pt_request_from(t, 1, "ops", "Stop", NULL), PSL_OK);
	cr_expect_eq(pt_request_from(t, 1, "ops", "Stop", NULL), PSL_E_DENIED, "fini twice");
	cr_expect_eq(pt_request_from(t, 4, "probe", "A", NULL), PSL_OK, "fini freed a set");
	cr_expect_eq(pt_request_from(t, 1, "probe", "D", MSG("a", I(1))), PSL_E_SID,
		     "contains without a set is an error");
	pt_free(t);
}

Test(psl_models, hashset_add_remove_contains_full)
{
	struct pt *t = pt_compile(HS_POLICY);

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(5))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(5))), PSL_OK, "already present");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(6))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(7))), PSL_E_DENIED, "set full");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(5))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(7))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(5))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(5))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "C", MSG("a", I(5))), PSL_OK,
		     "removing an absent entry");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(7))), PSL_OK, "room again");
	/* another SID's set is separate */
	cr_expect_eq(pt_request_from(t, 3, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request_from(t, 3, "probe", "D", MSG("a", I(6))), PSL_E_DENIED);
	pt_free(t);
}

Test(psl_models, hashset_rollback_on_later_denial)
{
	struct pt *t = pt_compile(HS_POLICY);

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(500))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(500))), PSL_E_DENIED,
		     "the add of a denied event was rolled back");
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(50))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(50))), PSL_OK);
	pt_free(t);
}

Test(psl_models, hashset_tuple_and_text_entries)
{
	struct pt *t =
	    pt_compile(PT_PRELUDE "policy object hs : HashSet {\n"
				  "  type Entry = [UInt32, Text]\n"
				  "  config = { set_size : 4, pool_size : 1 } }\n"
				  "request method=A { hs.init { sid : src_sid } }\n"
				  "request method=B { hs.add { sid : src_sid, entry : "
				  "[message.a, message.t] } }\n"
				  "request method=D { assert (hs.contains { sid : src_sid, "
				  "entry : [message.a, message.t] }) }\n");

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(1), "t", T("x"))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1), "t", T("x"))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1), "t", T("y"))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(2), "t", T("x"))), PSL_E_DENIED);
	pt_free(t);
}

#define SM_POLICY                                                                                  \
	PT_PRELUDE "policy object sm : StaticMap { type Value = UInt32\n"                          \
		   "  config = { keys : { \"k1\" : 0, \"k2\" : 7 }, pool_size : 1 } }\n"           \
		   "request method=A { sm.init { sid : src_sid } }\n"                              \
		   "request method=B { sm.set { sid : src_sid, key : message.t, value : "          \
		   "message.a } }\n"                                                               \
		   "request method=C { sm.commit { sid : src_sid } }\n"                            \
		   "request method=D { assert (sm.get { sid : src_sid, key : message.t } == "      \
		   "message.a) }\n"                                                                \
		   "request endpoint=ops, method=Start { assert (sm.get_uncommited { sid : "       \
		   "src_sid, key : \"k1\" } == message.level) }\n"                                 \
		   "request endpoint=ops, method=Stop { sm.rollback { sid : src_sid } }\n"         \
		   "request endpoint=store.kv, method=Get { sm.fini { sid : src_sid } }\n"         \
		   "request endpoint=store.kv, method=Set {\n"                                     \
		   "  sm.set { sid : src_sid, key : message.key, value : message.value }\n"        \
		   "  sm.commit { sid : src_sid }\n"                                               \
		   "  assert (message.value != 13)\n"                                              \
		   "}\n"

Test(psl_models, staticmap_defaults_set_commit_rollback)
{
	struct pt *t = pt_compile(SM_POLICY);

	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("k1"), "a", I(1))), PSL_E_DENIED,
		     "set without a map");
	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_E_DENIED, "init twice");
	cr_expect_eq(pt_request_from(t, 3, "probe", "A", NULL), PSL_E_DENIED, "pool exhausted");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("k2"), "a", I(7))), PSL_OK, "default");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("k1"), "a", I(42))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("nokey"), "a", I(1))), PSL_E_DENIED,
		     "unknown key");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("k1"), "a", I(0))), PSL_OK,
		     "get reads the base copy");
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(42))), PSL_OK,
		     "get_uncommitted reads the working copy");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(0))), PSL_OK, "rolled back");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("k1"), "a", I(43))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "C", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("k1"), "a", I(43))), PSL_OK,
		     "committed");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("nokey"), "a", I(43))), PSL_E_FIELD);
	cr_expect_eq(pt_request(t, "store.kv", "Get", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "store.kv", "Get", NULL), PSL_E_DENIED, "fini twice");
	cr_expect_eq(pt_request_from(t, 3, "probe", "A", NULL), PSL_OK, "fini freed the map");
	pt_free(t);
}

Test(psl_models, staticmap_event_rollback_undoes_commit)
{
	struct pt *t = pt_compile(SM_POLICY);

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k2"), "value", I(13))),
		     PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("k2"), "a", I(7))), PSL_OK,
		     "set + commit of the denied event were undone");
	cr_expect_eq(pt_request(t, "store.kv", "Set", MSG("key", T("k2"), "value", I(12))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("t", T("k2"), "a", I(12))), PSL_OK);
	pt_free(t);
}

#define FLOW_POLICY                                                                                \
	PT_PRELUDE                                                                                 \
	    "policy object f : Flow {\n"                                                           \
	    "  type S = \"a\" | \"b\" | \"c\"\n"                                                   \
	    "  config = { states : [\"a\", \"b\", \"c\"], initial : \"a\",\n"                      \
	    "             transitions : { \"a\" : [\"b\"], \"b\" : [\"c\", \"a\"], \"c\" : "       \
	    "[] } } }\n"                                                                           \
	    "request method=A { f.init { sid : src_sid } }\n"                                      \
	    "request method=B { f.enter { sid : src_sid, state : message.t } }\n"                  \
	    "request method=C { f.allow { sid : src_sid, states : [\"a\", \"c\"] } }\n"            \
	    "request method=D { choice f.query { sid : src_sid } {\n"                              \
	    "    \"a\" : assert (message.a == 1)\n"                                                \
	    "    \"b\" : assert (message.a == 2)\n"                                                \
	    "    _ : assert (message.a == 3) } }\n"                                                \
	    "request endpoint=ops, method=Stop { f.fini { sid : src_sid } }\n"                     \
	    "request endpoint=ops, method=Start {\n"                                               \
	    "  f.enter { sid : src_sid, state : \"b\" }\n"                                         \
	    "  assert (message.level == 1)\n"                                                      \
	    "}\n"

Test(psl_models, flow_init_enter_allow_query_fini)
{
	struct pt *t = pt_compile(FLOW_POLICY);

	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_E_DENIED, "no machine");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1))), PSL_E_SID, "query without one");
	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_E_DENIED, "init twice");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1))), PSL_OK, "initial state a");
	cr_expect_eq(pt_request(t, "probe", "C", NULL), PSL_OK, "a is allowed");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("c"))), PSL_E_DENIED, "a -> c");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("b"))), PSL_OK, "a -> b");
	cr_expect_eq(pt_request(t, "probe", "C", NULL), PSL_E_DENIED, "b is not allowed");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(2))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("c"))), PSL_OK, "b -> c");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("a"))), PSL_E_DENIED, "c is final");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(3))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "B", MSG("t", T("zzz"))), PSL_E_TYPE,
		     "undeclared state");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_E_DENIED, "fini twice");
	cr_expect_eq(pt_request(t, "probe", "A", NULL), PSL_OK, "a new machine");
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1))), PSL_OK);
	/* machines are per SID */
	cr_expect_eq(pt_request_from(t, 5, "probe", "D", MSG("a", I(1))), PSL_E_SID);
	pt_free(t);
}

Test(psl_models, flow_rollback_on_later_denial)
{
	struct pt *t = pt_compile(FLOW_POLICY);

	cr_assert_eq(pt_request(t, "probe", "A", NULL), PSL_OK);
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(0))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(1))), PSL_OK, "still in a");
	cr_expect_eq(pt_request(t, "ops", "Start", MSG("level", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "D", MSG("a", I(2))), PSL_OK, "now in b");
	pt_free(t);
}

Test(psl_models, flow_sid_out_of_range_is_denied)
{
	struct pt *t = pt_compile(FLOW_POLICY);

	cr_expect_eq(pt_request_from(t, PT_SIDS, "probe", "A", NULL), PSL_E_SID);
	cr_expect_eq(pt_request_from(t, 0xffffffffu, "probe", "A", NULL), PSL_E_SID);
	pt_free(t);
}

Test(psl_models, every_matching_binding_must_grant)
{
	struct pt *t = pt_compile(
	    PT_PRELUDE "request method=A { grant () }\n"
		       "request dst=demo.Server { assert (message.a == 1) }\n"
		       "request src=demo.Client { match endpoint=probe { match method=A { "
		       "assert (message.b == 1) } } }\n");

	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(1), "b", I(1))), PSL_OK);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(0), "b", I(1))), PSL_E_DENIED);
	cr_expect_eq(pt_request(t, "probe", "A", MSG("a", I(1), "b", I(0))), PSL_E_DENIED,
		     "the nested match denies");
	cr_expect_eq(pt_request(t, "probe", "B", MSG("a", I(1), "b", I(0))), PSL_OK,
		     "the nested match does not apply to B");
	pt_free(t);
}
