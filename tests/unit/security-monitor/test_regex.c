// SPDX-License-Identifier: GPL-2.0-only
/*
 * The regular-expression dialect and its anchoring: patterns are compiled into DFAs by pslc and
 * matched by the engine in one step per byte; a pattern always matches the whole text.
 */
#include <stdlib.h>
#include <string.h>

#include "compiled.h"
#include "support.h"

bool psl_dfa_match(const struct psl_image *img, uint32_t dfa, const char *text, uint32_t len);

static bool rx(const char *pattern, const char *text)
{
	struct compiled k;
	struct psl_image img;
	char err[128];
	size_t pos;
	uint32_t off;

	memset(&k, 0, sizeof(k));
	cr_assert(regex_compile(&k, pattern, strlen(pattern), &off, err, sizeof(err), &pos),
		  "pattern %s: %s at %zu", pattern, err, pos);
	memset(&img, 0, sizeof(img));
	img.regex = k.sec[PSL_SEC_REGEX].data;
	img.regex_size = (uint32_t)k.sec[PSL_SEC_REGEX].len;
	bool m = psl_dfa_match(&img, off, text, (uint32_t)strlen(text));
	free(k.sec[PSL_SEC_REGEX].data);
	return m;
}

static const char *rx_error(const char *pattern, size_t *pos)
{
	static char err[128];
	struct compiled k;
	uint32_t off;

	memset(&k, 0, sizeof(k));
	cr_assert_not(regex_compile(&k, pattern, strlen(pattern), &off, err, sizeof(err), pos),
		      "%s should not compile", pattern);
	free(k.sec[PSL_SEC_REGEX].data);
	return err;
}

struct rcase {
	const char *pattern, *text;
	bool match;
};

static const struct rcase cases[] = {
    {"abc", "abc", true},
    {"abc", "abcd", false}, /* whole-text match */
    {"abc", "xabc", false},
    {"^abc$", "abc", true}, /* anchors accepted, change nothing */
    {"", "", true},
    {"", "a", false},
    {"a.c", "a-c", true},
    {"a.c", "ac", false},
    {"a*", "", true},
    {"a*", "aaaa", true},
    {"a+", "", false},
    {"a+b", "aaab", true},
    {"colou?r", "color", true},
    {"colou?r", "colour", true},
    {"colou?r", "colouur", false},
    {"(ab)+", "ababab", true},
    {"(ab)+", "aba", false},
    {"cat|dog", "dog", true},
    {"cat|dog", "cow", false},
    {"/(tmp|var)/[^/]+", "/var/log", true},
    {"/(tmp|var)/[^/]+", "/var/log/x", false},
    {"[a-c]+", "abcabc", true},
    {"[a-c]+", "abd", false},
    {"[]a]", "]", true},
    {"[^0-9]", "x", true},
    {"[^0-9]", "5", false},
    {"[a\\-z]", "-", true},
    {"\\d{3}-\\d{2}", "123-45", true},
    {"\\d{3}-\\d{2}", "12-345", false},
    {"x{2,}", "x", false},
    {"x{2,}", "xxxxx", true},
    {"x{1,3}", "xxx", true},
    {"x{1,3}", "xxxx", false},
    {"\\w+\\s\\w+", "hello world", true},
    {"\\W", "a", false},
    {"\\.txt", ".txt", true},
    {"\\.txt", "atxt", false},
    {".*\\.(psl|edl)", "dir/security.psl", true},
    {"(a|ab)(c|bcd)(d*)", "abcd", true},
    {"(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false},
};

Test(psl_regex, dialect_and_whole_text_anchoring)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(rx(cases[i].pattern, cases[i].text), cases[i].match, "%s ~ \"%s\"",
			     cases[i].pattern, cases[i].text);
}

Test(psl_regex, bytes_beyond_ascii_and_nul)
{
	struct compiled k;
	struct psl_image img;
	char err[64];
	size_t pos;
	uint32_t off;

	memset(&k, 0, sizeof(k));
	cr_assert(regex_compile(&k, "a.b", 3, &off, err, sizeof(err), &pos));
	memset(&img, 0, sizeof(img));
	img.regex = k.sec[PSL_SEC_REGEX].data;
	img.regex_size = (uint32_t)k.sec[PSL_SEC_REGEX].len;
	cr_expect(psl_dfa_match(&img, off, "a\0b", 3));
	cr_expect(psl_dfa_match(&img, off, "a\xffz", 3) == false);
	cr_expect(psl_dfa_match(&img, off,
				"a\xff"
				"b",
				3));
	free(k.sec[PSL_SEC_REGEX].data);
}

Test(psl_regex, hostile_text_is_matched_in_linear_time)
{
	/* Backtracking matchers take exponential time on this; the DFA takes one step a byte. */
	size_t n = 1 << 20;
	char *text = malloc(n + 1);
	memset(text, 'a', n);
	text[n] = 0;
	cr_expect_not(rx("(a|aa)*(a|aa)*c", text));
	text[n - 1] = 'c';
	cr_expect(rx("(a|aa)*(a|aa)*c", text));
	free(text);
}

Test(psl_regex, malformed_patterns_are_errors_with_a_position)
{
	size_t pos;

	cr_expect_str_eq(rx_error("a(b", &pos), "missing ')'");
	cr_expect_eq(pos, 3);
	cr_expect_str_eq(rx_error("ab)", &pos), "unmatched ')'");
	cr_expect_eq(pos, 2);
	cr_expect_str_eq(rx_error("*a", &pos), "quantifier with nothing to repeat");
	cr_expect_eq(pos, 0);
	cr_expect_str_eq(rx_error("[z-a]", &pos), "range out of order in bracket expression");
	cr_expect_str_eq(rx_error("x{3,1}", &pos),
			 "bad repetition count (at most 64, and {m,n} needs m <= n)");
	cr_expect_str_eq(rx_error("x{99}", &pos),
			 "bad repetition count (at most 64, and {m,n} needs m <= n)");
	cr_expect_str_eq(rx_error("a\\", &pos), "pattern ends with a backslash");
	cr_expect_str_eq(rx_error("a++", &pos), "stacked quantifiers are not supported; use "
						"parentheses");
}

Test(psl_regex, automaton_size_is_bounded)
{
	size_t pos;
	/* (a|b)*a(a|b){n}: the DFA needs 2^(n+1) states */
	const char *e =
	    rx_error("(a|b)*a(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)", &pos);
	cr_expect(strstr(e, "automaton states"), "%s", e);
}
