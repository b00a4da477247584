// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every construct of the accepted language compiles: declarations, selectors (with and
 * without commas, spaces around '=', interface= and component=), statements, expressions,
 * types, audit profiles, assert suites with every test-case form, 1.1 and 1.2 spellings.
 */
#include <string.h>

#include "support.h"

struct snippet {
	const char *what;
	const char *text;
};

static const struct snippet constructs[] = {
    {"comments and any order",
     "/* block\n comment */ use nk.base._ // line comment\n"
     "request dst=demo.Server { grant () }\nuse EDL demo.Server\nuse EDL demo.Client\n"
     "execute: kl.core.Execute\n"},
    {"audit default and profiles",
     PT_PRELUDE "audit profile trace = { 0 : { base : { kss : [\"denied\"] } },\n"
		"  1 : { base : { kss : [\"granted\", \"denied\"] } } }\n"
		"audit default = trace 1\nrequest { grant () }\n"},
    {"per-binding audit",
     PT_PRELUDE "audit profile p = { 0 : { base : { kss : [\"granted\"] } } }\n"
		"request dst=demo.Server { audit p\n grant () }\n"},
    {"type aliases at top level and in objects",
     PT_PRELUDE "type Name = Text\ntype Opt = UInt32 | ()\ntype R = { a : UInt8, b : List<Text> }\n"
		"type M = Map<Text, Set<UInt16>>\ntype Arr = Array<UInt8, 4> | Sequence<SInt8, "
		"2>\ntype Lit = \"x\" | \"y\" | 3\ntype Tup = [UInt8, Text]\n"
		"type H = HandleDesc | Sid | Boolean\n"
		"policy object hs : HashSet { type Entry = { k : Text }\n"
		"  config = { set_size : 1, pool_size : 1 } }\n"},
    {"policy objects of every model",
     PT_PRELUDE "use nk.regex._\n"
		"policy object f : Flow { type S = \"a\" | \"b\"\n"
		"  config = { states : [\"a\", \"b\"], initial : \"a\", transitions : { \"a\" : "
		"[\"b\"] } } }\n"
		"policy object hs : HashSet { config = { set_size : 2, pool_size : 3 } }\n"
		"policy object sm : StaticMap { config = { keys : { \"k\" : 0 }, pool_size : "
		"1 } }\n"
		"policy object m1 : Mic { config = [\"L\", \"H\"] }\n"
		"policy object m2 : Mic { config = { degrees : [\"L\"], categories : [\"C\"] } "
		"}\n"
		"policy object b2 : Base {}\npolicy object r2 : Regex {}\n"
		"policy object p2 : Pred {}\npolicy object o2 : Bool {}\n"
		"policy object x2 : Math {}\npolicy object s2 : Struct {}\n"},
    {"bare event blocks",
     PT_PRELUDE "execute { grant () }\nrequest { grant () }\nresponse { grant () }\n"
		"error { grant () }\nsecurity { grant () }\n"},
    {"selectors: commas, spaces around =, no commas",
     PT_PRELUDE "request src = demo.Client, dst = demo.Server, endpoint = ops, method = Start "
		"{ grant () }\n"
		"request src=demo.Client dst=demo.Server endpoint=store.kv method=Get { grant () "
		"}\n"},
    {"interface= and component= selectors",
     PT_PRELUDE "request interface=demo.KV { grant () }\n"
		"request dst=demo.Server { match component=demo.Store { grant () } }\n"
		"request dst=demo.Server { match interface = demo.Ops, method = Stop { grant () "
		"} }\n"},
    {"nested match trees",
     PT_PRELUDE "request {\n match src=demo.Client {\n  match dst=demo.Server {\n"
		"   match endpoint=ops { match method=Start { grant () }\n"
		"                        match method=Stop { deny () } } } } }\n"},
    {"choice with literal, alternative and _ branches, single and block bodies",
     PT_PRELUDE "request endpoint=ops, method=Start { choice message.level {\n"
		"  0 : grant ()\n  1 | 2 : { assert (true) grant () }\n"
		"  _ : deny () } }\n"},
    {"grant() without a space, deny (expr), 1.1 assert and 1.2 assert ()",
     PT_PRELUDE "request method=Start { grant() }\nrequest method=Stop { deny (false) }\n"
		"request method=Get { assert message.key != \"\" }\n"
		"request method=Set { assert (message.value < 0x10) }\n"},
    {"expressions: operators, precedence, hex, unary",
     PT_PRELUDE "request method=Start { assert (!(message.level + 2 * 3 - 1 >= 0x1F) || "
		"message.level == 0 && -message.level < 5 ==> true) }\n"
		"request method=Set { assert (((message.value & 0xff) | 1) != ~0) }\n"},
    {"expressions: fields, indexes, size, lists, dictionaries",
     PT_PRELUDE "request method=Put { assert (message.values.[0] < message.at.x && size "
		"(message.path) > 0 && size(message.values) <= 8 && [1, 2] != [] && { a : 1 } "
		"== { a : 1 }) }\n"},
    {"kernel endpoints by qualified name",
     "execute: kl.core.Execute\nuse nk.base._\nuse EDL kl.core.Core\n"
     "request dst=kl.core.Core, endpoint=task.Task { grant () }\n"
     "request dst=kl.core.Core, interface=kl.core.Sync { grant () }\n"},
    {"model expressions: bool.all 1.1 and 1.2, pred.empty, math",
     PT_PRELUDE "request method=Put { assert (bool.all [true] && bool.all ([true]) && "
		"bool.any [] == false && !pred.empty (message.path) && math.abs (math.neg 2) "
		"== 2 && math.sum [1, 2] == math.product [1, 3]) }\n"},
    {"StaticMap 1.1 and 1.2 spellings",
     PT_PRELUDE "policy object sm : StaticMap { config = { keys : { \"k\" : 0 }, pool_size : "
		"1 } }\n"
		"request method=Get { assert (sm.get_uncommited { sid : src_sid, key : \"k\" } "
		"== sm.get_uncommitted { sid : src_sid, key : \"k\" }) }\n"},
    {"assert suites: setup, sequences, finally, every case form", PT_PRELUDE
     "execute { grant () }\nrequest { grant () }\nresponse { grant () }\nerror { grant () }\n"
     "request endpoint=ops, method=Put { deny () }\n"
     "assert \"all forms\" {\n"
     "  setup { core <- execute dst=kl.core.Core\n"
     "          e <- execute src=core dst=Einit\n"
     "          c <- execute src=e dst=demo.Client\n"
     "          s <- execute src=e dst=demo.Server }\n"
     "  sequence \"long\" {\n"
     "    grant request src=c dst=s endpoint=ops method=Start { level : 1 }\n"
     "    grant \"named\" request src=c, dst=s, endpoint=ops, method=Stop {}\n"
     "    any response src=s dst=c endpoint=ops method=Start { result : 0 }\n"
     "    request src=c dst=s method=Get { key : \"k\" }\n"
     "    grant error src=s dst=c endpoint=ops method=Put { code : 3 }\n"
     "  }\n"
     "  sequence \"shorthand\" {\n"
     "    grant c ~> s : ops.Start { level : 2 }\n"
     "    deny \"named shorthand\" c ~> s : ops.Put { path : \"x\" }\n"
     "    c ~> s : store.kv.Get { key : \"x\" }\n"
     "  }\n"
     "  finally { grant c ~> s : ops.Stop {} }\n"
     "}\n"
     "assert { sequence { grant execute dst=demo.Client } }\n"},
    {"use of the allow-everything module",
     "use nonsecurity._\nexecute: kl.core.Execute\nuse EDL demo.Server\n"},
    {"policy object of Base for audit, called with its name",
     PT_PRELUDE "policy object trusted : Base {}\n"
		"audit profile a = { 0 : { trusted : { kss : [\"granted\", \"denied\"] } } }\n"
		"request src=demo.Client { trusted.grant () }\n"},
    {"HashSet with tuple entries",
     PT_PRELUDE "policy object hs : HashSet { config = { set_size : 2, pool_size : 2 } }\n"
		"request method=Set { hs.add { sid : src_sid, entry : [message.key, "
		"message.value] } }\n"},
};

Test(psl_parser, every_construct_compiles)
{
	for (size_t i = 0; i < sizeof(constructs) / sizeof(constructs[0]); i++) {
		struct pslc *c = pt_new_compiler();
		const char *text = constructs[i].text;
		bool ok = pslc_parse_text(c, "test.psl", text, strlen(text));
		ok = ok && pslc_compile(c, NULL, NULL);
		cr_expect(ok, "%s:\n%s", constructs[i].what, pslc_diagnostics(c));
		pslc_free(c);
	}
}

Test(psl_parser, assert_suite_forms_run)
{
	struct pt *t = pt_compile(constructs[16].text);
	unsigned passed, failed;
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	cr_assert(pslc_run_tests(t->c, f, &passed, &failed));
	fclose(f);
	cr_expect_eq(passed, 3, "%s", out);
	cr_expect_eq(failed, 0, "%s", out);
	cr_expect(strstr(out, "PASS all forms / long"), "%s", out);
	cr_expect(strstr(out, "3 passed, 0 failed"), "%s", out);
	free(out);
	pt_free(t);
}

Test(psl_parser, failing_sequence_is_reported_with_its_case)
{
	struct pt *t =
	    pt_compile(PT_PRELUDE "execute { grant () }\n"
				  "request method=Start { assert (message.level < 3) }\n"
				  "assert \"s\" { setup { c <- execute dst=demo.Client\n"
				  "  v <- execute dst=demo.Server }\n"
				  "  sequence \"bad\" { grant \"too big\" c ~> v : ops.Start { "
				  "level : 5 } }\n"
				  "  sequence \"good\" { deny c ~> v : ops.Start { level : 5 } }\n"
				  "  sequence \"typo\" { grant c ~> nobody : ops.Start {} } }\n");
	unsigned passed, failed;
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not(pslc_run_tests(t->c, f, &passed, &failed));
	fclose(f);
	cr_expect_eq(passed, 1);
	cr_expect_eq(failed, 2);
	cr_expect(strstr(out, "FAIL s / bad\n    test.psl:12:"), "%s", out);
	cr_expect(strstr(out, "\"too big\": expected grant, got deny (denied by a rule by "
			      "base.assert)"),
		  "%s", out);
	cr_expect(strstr(out, "unknown process variable nobody"), "%s", out);
	cr_expect(strstr(out, "1 passed, 2 failed"), "%s", out);
	free(out);
	pt_free(t);
}

Test(psl_parser, use_searches_beside_the_file_then_include_dirs)
{
	char dir[] = "/tmp/psl-use-XXXXXX";
	cr_assert(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/common.psl", dir);
	FILE *f = fopen(path, "w");
	fputs("request dst=demo.Server { grant () }\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/security.psl", dir);
	f = fopen(path, "w");
	fputs(PT_PRELUDE "use common._\nuse common._\n", f);
	fclose(f);
	struct pt *t = pt_compile_file(path);
	cr_expect_eq(t->img.n_bindings, 1, "a file used twice is read once");
	cr_expect_eq(pt_request(t, "ops", "Stop", NULL), PSL_OK);
	pt_free(t);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	cr_assert_eq(system(path), 0);
}
