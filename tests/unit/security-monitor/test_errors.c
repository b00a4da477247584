// SPDX-License-Identifier: GPL-2.0-only
/*
 * Malformed policies: each must fail with the exact place (file:line:column) and message,
 * followed by the offending line and a caret. Also the warnings for bindings that can never
 * match, and include cycles.
 */
#include <stdlib.h>
#include <string.h>

#include "support.h"

struct bad {
	const char *text;
	const char *first_line; /* the first line of the diagnostics */
};

#define P PT_PRELUDE /* 7 lines: the policy under test starts on line 8 */
#define FLOW_OBJ                                                                                   \
	"policy object f : Flow { config = { states : [\"a\", \"b\"], initial : \"a\",\n"          \
	"  transitions : { \"a\" : [\"b\"] } } }\n"

static const struct bad bad[] = {
    /* syntax and lexical errors */
    {"reqest { grant () }\n", "test.psl:1:1: error: unexpected name, expecting end of file"},
    {"request src=A dst { }\n", "test.psl:1:19: error: unexpected '{', expecting '='"},
    {"request { grant ( }\n", "test.psl:1:19: error: unexpected '}'"},
    {"request { assert (\"abc) }\n", "test.psl:1:19: error: text literal not closed on this line"},
    {"request { grant () }\n/* not closed\n",
     "test.psl:2:1: error: comment not closed before the end of the file"},
    {"request { grant () } $\n", "test.psl:1:22: error: unexpected character '$'"},
    {"request { assert (1 < 99999999999999999999) }\n",
     "test.psl:1:23: error: integer literal 99999999999999999999 is too large"},
    {"request { assert (12abc) }\n", "test.psl:1:19: error: malformed number '12abc'"},
    {"request {\n  grant ()\n", "test.psl:3:1: error: unexpected end of file"},
    {"policy object x : Flow { config = { states : [\"a\"] }\n",
     "test.psl:2:1: error: unexpected end of file, expecting name or type or '}'"},
    {"use nk.base\n", "test.psl:2:1: error: unexpected end of file, expecting '.'"},
    {"request { choice message.a { \"x\" grant () } }\n",
     "test.psl:1:34: error: unexpected name, expecting '|' or ':'"},
    /* names */
    {P "request src=demo.Nope { grant () }\n",
     "test.psl:8:9: error: unknown class 'demo.Nope' (is there a use EDL demo.Nope?)"},
    {P "request dst=demo.Server, endpoint=nope { grant () }\n",
     "test.psl:8:26: error: unknown endpoint 'nope' in the classes of this policy"},
    {P "request dst=demo.Server, method=Nope { grant () }\n",
     "test.psl:8:26: error: unknown method 'Nope' in the classes of this policy"},
    {P "request endpoint=ops, method=Start { assert (message.lvl < 1) }\n",
     "test.psl:8:54: error: unknown message field 'lvl' (no in parameter of that name in "
     "method Start)"},
    {P "response endpoint=ops, method=Start { assert (message.level < 1) }\n",
     "test.psl:8:55: error: unknown message field 'level' (no out parameter of that name in "
     "method Start)"},
    {P "request endpoint=ops, method=Put { assert (message.at.z == 1) }\n",
     "test.psl:8:55: error: unknown field 'z' of Point"},
    {P "request { nobody.grant () }\n", "test.psl:8:11: error: unknown policy object 'nobody'"},
    {P "request { frobnicate () }\n",
     "test.psl:8:11: error: unknown rule 'frobnicate' (a call is object.method; only grant, "
     "deny and assert go without object)"},
    {"execute: kl.core.Execute\nuse EDL demo.Server\nrequest { grant () }\n",
     "test.psl:3:11: error: grant needs the Base model: add use nk.base._"},
    {P "use nk.nothing._\n",
     "test.psl:8:5: error: cannot find 'nk.nothing' (nk/nothing.psl) in the include "
     "directories"},
    {"use nk.base._\nrequest { grant () }\n",
     "test.psl:1:1: error: the policy has no execute interface (execute: kl.core.Execute)"},
    {P "audit default = loud 0\n", "test.psl:8:17: error: unknown audit profile 'loud'"},
    /* models and their arguments */
    {P "policy object x : Flo {}\n",
     "test.psl:8:19: error: unknown security model 'Flo' (Base, Pred, Bool, Math, Struct, "
     "Regex, HashSet, StaticMap, Flow, Mic)"},
    {P FLOW_OBJ "request { f.jump { sid : src_sid } }\n",
     "test.psl:10:11: error: Flow object 'f' has no method 'jump'"},
    {P FLOW_OBJ "request { f.enter { sid : src_sid } }\n",
     "test.psl:10:19: error: f.enter needs the argument 'state'"},
    {P FLOW_OBJ "request { f.init { sid : src_sid, foo : 1 } }\n",
     "test.psl:10:35: error: f.init has no argument 'foo' (it takes sid)"},
    {P FLOW_OBJ "request { f.enter { sid : src_sid, state : \"c\" } }\n",
     "test.psl:10:44: error: Flow object 'f' has no state 'c'"},
    {P FLOW_OBJ "request { assert (f.init { sid : src_sid }) }\n",
     "test.psl:10:19: error: f.init is a rule, not an expression: call it on its own line"},
    {P FLOW_OBJ "request { f.query { sid : src_sid } }\n",
     "test.psl:10:11: error: f.query is an expression, not a rule: use it in assert, choice "
     "or an argument"},
    {P FLOW_OBJ "request { choice f.query { sid : src_sid } { \"z\" : grant () } }\n",
     "test.psl:10:46: error: Flow object 'f' has no state 'z'"},
    {P "policy object f : Flow { config = { states : [\"a\"], initial : \"a\",\n"
       "  transitions : { \"a\" : [\"b\"] } } }\n",
     "test.psl:9:26: error: transition to undeclared state 'b'"},
    {P "policy object f : Flow { config = { states : [\"a\"], initial : \"q\",\n"
       "  transitions : {} } }\n",
     "test.psl:8:63: error: initial state 'q' is not one of the states of 'f'"},
    {P "policy object f : Base {}\npolicy object f : Base {}\n",
     "test.psl:9:15: error: duplicate policy object 'f' (first declared at test.psl:8)"},
    {P "policy object h : HashSet { config = { set_size : 0, pool_size : 1 } }\n",
     "test.psl:8:51: error: set_size must be between 1 and 65536"},
    /* types */
    {P "request endpoint=ops, method=Start { assert (message.level + \"a\" > 1) }\n",
     "test.psl:8:62: error: operator + needs an integer, not a text"},
    {P "request endpoint=ops, method=Start { assert (message.level) }\n",
     "test.psl:8:54: error: assert needs a Boolean, not an integer"},
    {P "request endpoint=store.kv, method=Get { assert (message.key == 3) }\n",
     "test.psl:8:61: error: operator == compares a text with an integer"},
    {P "request { grant (1) }\n", "test.psl:8:18: error: grant takes ()"},
    /* selectors */
    {P "request src=demo.Client, src=demo.Client { grant () }\n",
     "test.psl:8:26: error: selector src= given twice"},
    {P "security dst=demo.Server { grant () }\n",
     "test.psl:8:10: error: security events have no dst"},
    {P "execute endpoint=ops { grant () }\n",
     "test.psl:8:9: error: execute events are selected by src, dst and method=main only"},
    {P "execute { assert (message.level == 1) }\n",
     "test.psl:8:27: error: execute events have no message fields ('level')"},
    /* regular expressions */
    {P "use nk.regex._\nrequest method=Get { assert (re.match { text : message.key, pattern "
       ": \"a(b\" }) }\n",
     "test.psl:9:75: error: bad regular expression: missing ')'"},
    {P "use nk.regex._\nrequest method=Get { assert (re.match { text : message.key, pattern "
       ": \"ab[c\" }) }\n",
     "test.psl:9:76: error: bad regular expression: bracket expression not closed with ']'"},
    {P "use nk.regex._\nrequest method=Get { assert (re.match { text : message.key, pattern "
       ": message.key }) }\n",
     "test.psl:9:79: error: a regular expression must be a text literal (it is compiled with "
     "the policy)"},
};

static void first_line(const char *diag, char *out, size_t n)
{
	const char *nl = strchr(diag, '\n');
	size_t len = nl ? (size_t)(nl - diag) : strlen(diag);

	snprintf(out, n, "%.*s", (int)len, diag);
}

Test(psl_errors, malformed_policies_name_the_exact_place)
{
	char line[512];

	cr_assert_geq(sizeof(bad) / sizeof(bad[0]), 20);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *d = pt_errors(bad[i].text);
		first_line(d, line, sizeof(line));
		cr_expect_str_eq(line, bad[i].first_line, "case %zu:\n%s", i, d);
	}
}

Test(psl_errors, the_offending_line_is_shown_with_a_caret)
{
	const char *d = pt_errors("request {\n\tgrant (  }\n");

	cr_expect_str_eq(d, "test.psl:2:11: error: unexpected '}'\n"
			    "    \tgrant (  }\n"
			    "    \t         ^\n");
}

Test(psl_errors, binding_that_can_never_match_is_a_warning)
{
	struct pslc *c = pt_new_compiler();
	const char *text = P "request src=demo.Client, dst=Einit { grant () }\n"
			     "request dst=demo.Server { match endpoint=ops { match method=Get { "
			     "grant () } } }\n";

	cr_assert(pslc_parse_text(c, "test.psl", text, strlen(text)));
	cr_assert(pslc_compile(c, NULL, NULL), "%s", pslc_diagnostics(c));
	cr_expect_eq(pslc_warning_count(c), 2, "%s", pslc_diagnostics(c));
	cr_expect(strstr(pslc_diagnostics(c), "test.psl:8:1: warning: this binding can never "
					      "match an event"),
		  "%s", pslc_diagnostics(c));
	cr_expect(strstr(pslc_diagnostics(c), "test.psl:9:48: warning: this match can never "
					      "match"),
		  "%s", pslc_diagnostics(c));
	pslc_free(c);

	c = pt_new_compiler();
	pslc_set_werror(c, true);
	cr_assert(pslc_parse_text(c, "test.psl", text, strlen(text)));
	cr_expect_not(pslc_compile(c, NULL, NULL), "-Werror makes warnings errors");
	pslc_free(c);
}

Test(psl_errors, include_cycles_are_refused)
{
	char dir[] = "/tmp/psl-cycle-XXXXXX", path[256], cmd[300];
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.psl", dir);
	f = fopen(path, "w");
	fputs("use b._\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/b.psl", dir);
	f = fopen(path, "w");
	fputs("\nuse a._\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/a.psl", dir);
	struct pslc *c = pt_new_compiler();
	cr_expect_not(pslc_parse_file(c, path));
	char expect[512];
	snprintf(expect, sizeof(expect),
		 "%s/b.psl:2:5: error: include cycle: %s/a.psl -> %s/b.psl "
		 "-> %s/a.psl",
		 dir, dir, dir, dir);
	cr_expect(strstr(pslc_diagnostics(c), expect), "%s\nexpected: %s", pslc_diagnostics(c),
		  expect);
	pslc_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
