// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regular expressions, compiled at policy compile time into DFAs so that the monitor matches in
 * one table step per byte. Dialect (docs/psl.md): POSIX-extended-like — literals, `.`, bracket
 * classes with ranges and `^` negation, `\d \w \s` (and upper-case complements), escapes,
 * grouping, `|`, `* + ?` and `{m}`, `{m,}`, `{m,n}`. Anchoring: a pattern always matches the
 * whole text; a leading `^` and a trailing `$` are accepted and change nothing.
 *
 * Pattern -> Thompson NFA over byte sets -> byte classes -> subset construction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiled.h"

#define MAX_NFA 4096
#define MAX_DFA 4096
#define MAX_REPEAT 64

struct bset {
	uint64_t w[4];
};

struct nstate {
	struct bset set; /* for byte transitions */
	int is_set;	 /* 1: on a byte in set go to out; 0: epsilon to out and out2 (-1 none) */
	int out, out2;
};

struct rx {
	const char *p, *start, *end;
	struct nstate *n;
	int count;
	char *err;
	size_t errlen;
	size_t *err_pos;
	bool failed;
};

struct frag {
	int start, end; /* end: an epsilon state with out == -1 */
};

static void fail(struct rx *r, const char *msg)
{
	if (r->failed)
		return;
	r->failed = true;
	snprintf(r->err, r->errlen, "%s", msg);
	*r->err_pos = (size_t)(r->p - r->start);
}

static int new_state(struct rx *r, int is_set)
{
	if (r->count >= MAX_NFA) {
		fail(r, "pattern too large");
		return 0;
	}
	memset(&r->n[r->count], 0, sizeof(r->n[0]));
	r->n[r->count].is_set = is_set;
	r->n[r->count].out = r->n[r->count].out2 = -1;
	return r->count++;
}

static void bset_add(struct bset *s, int b)
{
	s->w[b >> 6] |= 1ull << (b & 63);
}

static bool bset_has(const struct bset *s, int b)
{
	return s->w[b >> 6] >> (b & 63) & 1;
}

static struct frag frag_set(struct rx *r, const struct bset *s)
{
	int a = new_state(r, 1), e = new_state(r, 0);
	struct frag f = {a, e};

	r->n[a].set = *s;
	r->n[a].out = e;
	return f;
}

static struct frag frag_empty(struct rx *r)
{
	int e = new_state(r, 0);
	struct frag f = {e, e};
	return f;
}

static void link_to(struct rx *r, int from_end, int to)
{
	r->n[from_end].out = to;
}

static struct frag parse_alt(struct rx *r);

static void class_escape(char ch, struct bset *s, bool *ok)
{
	*ok = true;
	switch (ch) {
	case 'd':
		for (int b = '0'; b <= '9'; b++)
			bset_add(s, b);
		break;
	case 'w':
		for (int b = 0; b < 256; b++)
			if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
			    (b >= '0' && b <= '9') || b == '_')
				bset_add(s, b);
		break;
	case 's':
		bset_add(s, ' ');
		for (int b = '\t'; b <= '\r'; b++)
			bset_add(s, b);
		break;
	default:
		*ok = false;
	}
}

static int escape_char(char ch)
{
	switch (ch) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	}
	return (unsigned char)ch;
}

/* \d \w \s, their complements, or a single escaped byte. */
static void parse_escape(struct rx *r, struct bset *s)
{
	bool ok;
	char ch;

	if (r->p >= r->end) {
		fail(r, "pattern ends with a backslash");
		return;
	}
	ch = *r->p++;
	char lower = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
	if (ch && strchr("DWS", ch)) {
		struct bset t = {0};
		class_escape(lower, &t, &ok);
		for (int i = 0; i < 4; i++)
			s->w[i] |= ~t.w[i];
		return;
	}
	class_escape(ch, s, &ok);
	if (!ok)
		bset_add(s, escape_char(ch));
}

static void parse_bracket(struct rx *r, struct bset *s)
{
	bool neg = false, first = true;
	struct bset t = {0};

	if (r->p < r->end && *r->p == '^') {
		neg = true;
		r->p++;
	}
	for (;;) {
		if (r->p >= r->end) {
			fail(r, "bracket expression not closed with ']'");
			return;
		}
		if (*r->p == ']' && !first) {
			r->p++;
			break;
		}
		first = false;
		int lo;
		if (*r->p == '\\') {
			r->p++;
			struct bset e = {0};
			const char *before = r->p;
			parse_escape(r, &e);
			if (r->failed)
				return;
			if (*before && strchr("dwsDWS", *before)) {
				for (int i = 0; i < 4; i++)
					t.w[i] |= e.w[i];
				continue;
			}
			lo = escape_char(*before);
		} else {
			lo = (unsigned char)*r->p++;
		}
		int hi = lo;
		if (r->p + 1 < r->end && *r->p == '-' && r->p[1] != ']') {
			r->p++;
			hi = (unsigned char)*r->p++;
			if (hi == '\\' && r->p < r->end)
				hi = escape_char(*r->p++);
			if (hi < lo) {
				fail(r, "range out of order in bracket expression");
				return;
			}
		}
		for (int b = lo; b <= hi; b++)
			bset_add(&t, b);
	}
	for (int i = 0; i < 4; i++)
		s->w[i] = neg ? ~t.w[i] : t.w[i];
}

static struct frag parse_atom(struct rx *r)
{
	struct bset s = {0};
	char ch = *r->p;

	if (ch == '(') {
		r->p++;
		struct frag f = parse_alt(r);
		if (r->p >= r->end || *r->p != ')') {
			fail(r, "missing ')'");
			return f;
		}
		r->p++;
		return f;
	}
	r->p++;
	switch (ch) {
	case '.':
		memset(&s, 0xff, sizeof(s));
		break;
	case '[':
		parse_bracket(r, &s);
		break;
	case '\\':
		parse_escape(r, &s);
		break;
	case '*':
	case '+':
	case '?':
	case '{':
		r->p--;
		fail(r, "quantifier with nothing to repeat");
		return frag_empty(r);
	case ')':
		r->p--;
		fail(r, "unmatched ')'");
		return frag_empty(r);
	default:
		bset_add(&s, (unsigned char)ch);
	}
	return frag_set(r, &s);
}

/* A copy of the states of f (for counted repetition). */
static struct frag clone(struct rx *r, struct frag f, int first, int last)
{
	int base = r->count, n = last - first + 1;
	struct frag c;

	if (r->count + n > MAX_NFA) {
		fail(r, "pattern too large");
		return f;
	}
	for (int i = 0; i < n; i++) {
		r->n[base + i] = r->n[first + i];
		if (r->n[base + i].out >= 0)
			r->n[base + i].out += base - first;
		if (r->n[base + i].out2 >= 0)
			r->n[base + i].out2 += base - first;
	}
	r->count += n;
	c.start = f.start + base - first;
	c.end = f.end + base - first;
	return c;
}

static struct frag star(struct rx *r, struct frag f)
{
	int s = new_state(r, 0), e = new_state(r, 0);
	r->n[s].out = f.start;
	r->n[s].out2 = e;
	r->n[f.end].out = f.start;
	r->n[f.end].out2 = e;
	struct frag o = {s, e};
	return o;
}

static struct frag optional(struct rx *r, struct frag f)
{
	int s = new_state(r, 0);
	r->n[s].out = f.start;
	r->n[s].out2 = f.end;
	struct frag o = {s, f.end};
	return o;
}

static struct frag concat(struct rx *r, struct frag a, struct frag b)
{
	link_to(r, a.end, b.start);
	struct frag o = {a.start, b.end};
	return o;
}

static bool parse_count(struct rx *r, int *v)
{
	int n = 0, digits = 0;

	while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && n <= MAX_REPEAT) {
		n = n * 10 + (*r->p++ - '0');
		digits++;
	}
	*v = n;
	return digits > 0;
}

static struct frag repeat(struct rx *r, struct frag f, int first, int last)
{
	int lo, hi;

	r->p++; /* { */
	if (!parse_count(r, &lo)) {
		fail(r, "expected a number after '{'");
		return f;
	}
	hi = lo;
	if (r->p < r->end && *r->p == ',') {
		r->p++;
		if (!parse_count(r, &hi))
			hi = -1;
	}
	if (r->p >= r->end || *r->p != '}') {
		fail(r, "expected '}' to close the repetition");
		return f;
	}
	r->p++;
	if (lo > MAX_REPEAT || hi > MAX_REPEAT || (hi >= 0 && hi < lo)) {
		fail(r, "bad repetition count (at most 64, and {m,n} needs m <= n)");
		return f;
	}
	struct frag out = frag_empty(r);
	for (int i = 0; i < lo && !r->failed; i++)
		out = concat(r, out, clone(r, f, first, last));
	if (hi < 0)
		return concat(r, out, star(r, clone(r, f, first, last)));
	for (int i = lo; i < hi && !r->failed; i++)
		out = concat(r, out, optional(r, clone(r, f, first, last)));
	return out;
}

static struct frag parse_seq(struct rx *r)
{
	struct frag out = frag_empty(r);

	while (r->p < r->end && *r->p != '|' && *r->p != ')' && !r->failed) {
		if (*r->p == '$' && r->p + 1 == r->end) {
			r->p++; /* trailing $: the match is anchored anyway */
			break;
		}
		int first = r->count;
		struct frag a = parse_atom(r);
		int last = r->count - 1;
		while (r->p < r->end && !r->failed && *r->p && strchr("*+?{", *r->p)) {
			char q = *r->p;
			if (q == '{') {
				a = repeat(r, a, first, last);
			} else {
				r->p++;
				if (q == '*')
					a = star(r, a);
				else if (q == '?')
					a = optional(r, a);
				else
					a = concat(r, a, star(r, clone(r, a, first, last)));
			}
			first = r->count;
			last = r->count - 1;
			/* Stacked quantifiers apply to what was built: no clone needed after. */
			if (r->p < r->end && *r->p && strchr("+{", *r->p)) {
				fail(r, "stacked quantifiers are not supported; use parentheses");
				break;
			}
		}
		out = concat(r, out, a);
	}
	return out;
}

static struct frag parse_alt(struct rx *r)
{
	struct frag a = parse_seq(r);

	while (r->p < r->end && *r->p == '|' && !r->failed) {
		r->p++;
		struct frag b = parse_seq(r);
		int s = new_state(r, 0), e = new_state(r, 0);
		r->n[s].out = a.start;
		r->n[s].out2 = b.start;
		link_to(r, a.end, e);
		link_to(r, b.end, e);
		a.start = s;
		a.end = e;
	}
	return a;
}

/* ---- subset construction ---- */

struct dfa_build {
	struct rx *r;
	int accept_state;
	uint32_t words; /* bitset words per DFA state set */
	uint64_t *sets; /* MAX_DFA * words */
	int n;
};

static void closure_add(const struct rx *r, uint64_t *set, int s)
{
	int stack[2 * MAX_NFA + 2], sp = 0;

	stack[sp++] = s;
	while (sp) {
		int x = stack[--sp];
		if (x < 0 || set[x >> 6] >> (x & 63) & 1)
			continue;
		set[x >> 6] |= 1ull << (x & 63);
		if (!r->n[x].is_set) {
			if (r->n[x].out >= 0)
				stack[sp++] = r->n[x].out;
			if (r->n[x].out2 >= 0)
				stack[sp++] = r->n[x].out2;
		}
	}
}

static int find_or_add(struct dfa_build *b, const uint64_t *set, bool *added)
{
	*added = false;
	for (int i = 0; i < b->n; i++)
		if (!memcmp(b->sets + (size_t)i * b->words, set, b->words * 8))
			return i;
	if (b->n >= MAX_DFA)
		return -1;
	memcpy(b->sets + (size_t)b->n * b->words, set, b->words * 8);
	*added = true;
	return b->n++;
}

bool regex_compile(struct compiled *k, const char *pattern, size_t len, uint32_t *dfa_off,
		   char *err, size_t errlen, size_t *err_pos)
{
	struct rx r = {pattern, pattern, pattern + len, NULL, 0, err, errlen, err_pos, false};
	uint8_t class_of[256] = {0};
	int n_classes = 1, rep[256] = {0};
	bool ok = false;

	r.n = calloc(MAX_NFA, sizeof(*r.n));
	if (!r.n)
		abort();
	if (r.p < r.end && *r.p == '^')
		r.p++;
	struct frag f = parse_alt(&r);
	if (!r.failed && r.p < r.end)
		fail(&r, *r.p == ')' ? "unmatched ')'" : "unexpected character");
	if (r.failed) {
		free(r.n);
		return false;
	}
	int accept = f.end;

	/* Byte classes: bytes that no set tells apart share a column. */
	for (int s = 0; s < r.count; s++) {
		if (!r.n[s].is_set)
			continue;
		int map[256][2];
		memset(map, -1, sizeof(map));
		int next = 0;
		uint8_t nc[256];
		for (int b = 0; b < 256; b++) {
			int in = bset_has(&r.n[s].set, b);
			if (map[class_of[b]][in] < 0)
				map[class_of[b]][in] = next++;
			nc[b] = (uint8_t)map[class_of[b]][in];
		}
		memcpy(class_of, nc, sizeof(nc));
		n_classes = next;
	}
	for (int b = 255; b >= 0; b--)
		rep[class_of[b]] = b;

	struct dfa_build b = {&r, accept, (uint32_t)((r.count + 63) / 64), NULL, 0};
	b.sets = calloc((size_t)MAX_DFA * b.words, 8);
	uint16_t *next = calloc((size_t)MAX_DFA * n_classes, 2);
	uint64_t *tmp = calloc(b.words, 8);
	if (!b.sets || !next || !tmp)
		abort();
	closure_add(&r, tmp, f.start);
	bool added;
	find_or_add(&b, tmp, &added);
	for (int d = 0; d < b.n; d++) {
		for (int cl = 0; cl < n_classes; cl++) {
			memset(tmp, 0, b.words * 8);
			bool any = false;
			const uint64_t *cur = b.sets + (size_t)d * b.words;
			for (int s = 0; s < r.count; s++) {
				if (!(cur[s >> 6] >> (s & 63) & 1) || !r.n[s].is_set ||
				    !bset_has(&r.n[s].set, rep[cl]))
					continue;
				closure_add(&r, tmp, r.n[s].out);
				any = true;
			}
			if (!any) {
				next[(size_t)d * n_classes + cl] = PSL_DFA_DEAD;
				continue;
			}
			int t = find_or_add(&b, tmp, &added);
			if (t < 0) {
				snprintf(err, errlen, "pattern needs more than %d automaton states",
					 MAX_DFA);
				*err_pos = 0;
				goto out;
			}
			next[(size_t)d * n_classes + cl] = (uint16_t)t;
		}
	}
	struct vec *v = &k->sec[PSL_SEC_REGEX];
	while (v->len & 3)
		vec_put(v, "", 1);
	struct psl_dfa hdr = {(uint32_t)b.n, (uint32_t)n_classes};
	*dfa_off = vec_put(v, &hdr, sizeof(hdr));
	vec_put(v, class_of, 256);
	for (size_t i = 0; i < (size_t)b.n * n_classes; i++) {
		uint8_t le[2] = {next[i] & 0xff, next[i] >> 8};
		vec_put(v, le, 2);
	}
	for (int d = 0; d < b.n; d++) {
		uint8_t acc = b.sets[(size_t)d * b.words + (accept >> 6)] >> (accept & 63) & 1;
		vec_put(v, &acc, 1);
	}
	while (v->len & 3)
		vec_put(v, "", 1);
	ok = true;
out:
	free(tmp);
	free(next);
	free(b.sets);
	free(r.n);
	return ok;
}
