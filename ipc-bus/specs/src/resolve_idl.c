// SPDX-License-Identifier: GPL-2.0-only
/*
 * IDL packages: resolves type and constant names, evaluates constant expressions (the 1.2
 * operators; 1.1 files only use literals and names) and checks what C code generation and
 * message validation rely on: bounded sizes, no duplicate names, no '_' in method names.
 *
 * A name is found in this order: a built-in type; a declaration earlier in this package;
 * the imported packages in import order. `pkg.Name` names a declaration of package `pkg`
 * (an imported one, matched by its full name or its last components, or else loaded through
 * the search path). Only earlier declarations are visible, so types cannot be recursive.
 */
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "parser.h"

/* Bounds above this are refused: messages are at most a few MiB. */
#define SPEC_BOUND_MAX (1ull << 24)

static const struct {
	const char *name;
	enum spec_type_kind kind;
} builtins[] = {
    {"SInt8", SPEC_T_SINT8},	{"SInt16", SPEC_T_SINT16},   {"SInt32", SPEC_T_SINT32},
    {"SInt64", SPEC_T_SINT64},	{"UInt8", SPEC_T_UINT8},     {"UInt16", SPEC_T_UINT16},
    {"UInt32", SPEC_T_UINT32},	{"UInt64", SPEC_T_UINT64},   {"UIntSize", SPEC_T_UINT64},
    {"UIntPtr", SPEC_T_UINT64}, {"Boolean", SPEC_T_BOOLEAN}, {"Char", SPEC_T_CHAR},
    {"Handle", SPEC_T_HANDLE},
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))
static struct spec_type builtin_types[NBUILTINS];

static const struct spec_type *builtin(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++) {
		if (strcmp(builtins[i].name, name))
			continue;
		if (!builtin_types[i].name) {
			builtin_types[i].kind = builtins[i].kind;
			builtin_types[i].name = builtins[i].name;
		}
		return &builtin_types[i];
	}
	return NULL;
}

const struct spec_type *spec_type_resolve(const struct spec_type *t)
{
	while (t && t->kind == SPEC_T_TYPEDEF)
		t = t->elem;
	return t;
}

bool spec_type_is_integer(const struct spec_type *t)
{
	t = spec_type_resolve(t);
	return t && t->kind <= SPEC_T_UINT64;
}

/* The package being resolved: what is visible so far. */
struct scope {
	struct specs *s;
	struct spec_file *f;
	struct spec_package *pkg;
	const struct spec_type **types;
	size_t ntypes;
	struct spec_const *consts;
	size_t nconsts;
};

struct symbol {
	const struct spec_type *type;
	const struct spec_const *cnst;
};

static bool find_in(const struct spec_type *const *types, size_t ntypes,
		    const struct spec_const *consts, size_t nconsts, const char *name,
		    struct symbol *out)
{
	for (size_t i = 0; i < ntypes; i++)
		if (!strcmp(types[i]->name, name)) {
			out->type = types[i];
			return true;
		}
	for (size_t i = 0; i < nconsts; i++)
		if (!strcmp(consts[i].name, name)) {
			out->cnst = &consts[i];
			return true;
		}
	return false;
}

static bool find_in_package(const struct spec_package *p, const char *name, struct symbol *out)
{
	return find_in(p->types, p->ntypes, p->consts, p->nconsts, name, out);
}

static bool name_matches_package(const char *pkg, const char *prefix)
{
	size_t n = strlen(pkg), m = strlen(prefix);

	if (n == m)
		return !strcmp(pkg, prefix);
	return n > m && pkg[n - m - 1] == '.' && !strcmp(pkg + n - m, prefix);
}

/* 0 found, -1 error set. `what` is "type" or "constant" for the message. */
static int lookup(struct scope *sc, const char *name, struct spec_loc loc, struct symbol *out)
{
	const char *dot = strrchr(name, '.');

	memset(out, 0, sizeof(*out));
	if (!dot) {
		if (find_in(sc->types, sc->ntypes, sc->consts, sc->nconsts, name, out))
			return 0;
		for (size_t i = 0; i < sc->pkg->nimports; i++)
			if (find_in_package(sc->pkg->imports[i], name, out))
				return 0;
		return specs_fail_at(sc->s, loc, "unknown name '%s'%s", name,
				     sc->pkg->nimports ? " (not declared before this point, nor "
							 "in an imported package)"
						       : " (not declared before this point)");
	}

	char *prefix = pool_strdup(sc->s->pool, name);
	const char *member = dot + 1;

	prefix[dot - name] = '\0';
	if (!strcmp(prefix, sc->pkg->name)) {
		if (find_in(sc->types, sc->ntypes, sc->consts, sc->nconsts, member, out))
			return 0;
		return specs_fail_at(sc->s, loc,
				     "'%s' is not declared before this point in "
				     "package '%s'",
				     member, prefix);
	}
	for (size_t i = 0; i < sc->pkg->nimports; i++) {
		const struct spec_package *p = sc->pkg->imports[i];

		if (name_matches_package(p->name, prefix)) {
			if (find_in_package(p, member, out))
				return 0;
			return specs_fail_at(sc->s, loc, "package '%s' declares no '%s'", p->name,
					     member);
		}
	}
	struct spec_file *g = specs_load_name(sc->s, prefix, F_IDL, &loc);

	if (!g)
		return -1;
	if (find_in_package(g->package, member, out))
		return 0;
	return specs_fail_at(sc->s, loc, "package '%s' declares no '%s'", prefix, member);
}

/* ---- constant expressions ---- */

typedef __int128 wide;
#define WIDE_MIN ((wide)INT64_MIN)
#define WIDE_MAX ((wide)UINT64_MAX)

static int eval(struct scope *sc, const struct ast_expr *e, wide *out);

static int check_range(struct scope *sc, const struct ast_expr *e, wide v, wide *out)
{
	if (v < WIDE_MIN || v > WIDE_MAX)
		return specs_fail_at(sc->s, e->loc, "constant expression overflows 64 bits");
	*out = v;
	return 0;
}

static int eval_bin(struct scope *sc, const struct ast_expr *e, wide a, wide b, wide *out)
{
	wide r = 1;

	/* Operands fit 65 bits, so sums fit; products are checked. */
	switch (e->op) {
	case '+':
		return check_range(sc, e, a + b, out);
	case '-':
		return check_range(sc, e, a - b, out);
	case '*':
		if (__builtin_mul_overflow(a, b, &r))
			return specs_fail_at(sc->s, e->loc,
					     "constant expression overflows 64 bits");
		return check_range(sc, e, r, out);
	case '/':
	case '%':
		if (!b)
			return specs_fail_at(sc->s, e->loc, "division by zero in a constant");
		return check_range(sc, e, e->op == '/' ? a / b : a % b, out);
	case TOK_POW:
		if (b < 0)
			return specs_fail_at(sc->s, e->loc, "negative exponent in a constant");
		if (a == 0 || a == 1 || a == -1) {
			/* The loop below would run b times without overflowing. */
			*out = a == -1 ? (b & 1 ? -1 : 1) : a == 0 ? (b ? 0 : 1) : 1;
			return 0;
		}
		for (wide i = 0; i < b; i++)
			if (__builtin_mul_overflow(r, a, &r) || r < WIDE_MIN || r > WIDE_MAX)
				return specs_fail_at(sc->s, e->loc,
						     "constant expression overflows 64 bits");
		*out = r;
		return 0;
	case TOK_SHL:
	case TOK_SHR:
		if (b < 0 || b > 63)
			return specs_fail_at(sc->s, e->loc, "shift by %lld is out of range 0..63",
					     (long long)b);
		if (e->op == TOK_SHR)
			return check_range(sc, e, a >> (int)b, out);
		if (__builtin_mul_overflow(a, (wide)1 << (int)b, &r))
			return specs_fail_at(sc->s, e->loc,
					     "constant expression overflows 64 bits");
		return check_range(sc, e, r, out);
	}
	return specs_fail_at(sc->s, e->loc, "unknown operator");
}

static int eval(struct scope *sc, const struct ast_expr *e, wide *out)
{
	wide a, b;
	struct symbol sym;

	switch (e->kind) {
	case E_INT:
		*out = (wide)e->value;
		return 0;
	case E_NAME:
		if (lookup(sc, e->name, e->loc, &sym))
			return -1;
		if (!sym.cnst)
			return specs_fail_at(sc->s, e->loc, "'%s' is a type, not a constant",
					     e->name);
		*out = sym.cnst->negative ? (wide)(int64_t)sym.cnst->value : (wide)sym.cnst->value;
		return 0;
	case E_NEG:
	case E_PLUS:
	case E_NOT:
		if (eval(sc, e->a, &a))
			return -1;
		if (e->kind == E_PLUS)
			return check_range(sc, e, a, out);
		if (e->kind == E_NEG)
			return check_range(sc, e, -a, out);
		/* ~ on the 64-bit pattern: ~0 is all ones, seen as unsigned. */
		*out = (wide)(uint64_t) ~(uint64_t)a;
		return 0;
	case E_BIN:
		if (eval(sc, e->a, &a) || eval(sc, e->b, &b))
			return -1;
		return eval_bin(sc, e, a, b, out);
	}
	return specs_fail_at(sc->s, e->loc, "bad expression");
}

static int eval_bound(struct scope *sc, const struct ast_expr *e, const char *what, uint64_t *out)
{
	wide v;

	if (eval(sc, e, &v))
		return -1;
	if (v < 1 || v > (wide)SPEC_BOUND_MAX)
		return specs_fail_at(sc->s, e->loc, "%s %lld is out of range 1..%llu", what,
				     (long long)v, (unsigned long long)SPEC_BOUND_MAX);
	*out = (uint64_t)v;
	return 0;
}

/* ---- types ---- */

static const struct spec_type *resolve_type(struct scope *sc, const struct ast_type *a)
{
	struct spec_type *t;
	struct symbol sym;

	if (a->kind == A_NAMED) {
		const struct spec_type *b = strchr(a->name, '.') ? NULL : builtin(a->name);

		if (b)
			return b;
		if (lookup(sc, a->name, a->loc, &sym))
			return NULL;
		if (!sym.type)
			return specs_fail_at(sc->s, a->loc, "'%s' is a constant, not a type",
					     a->name),
			       NULL;
		return sym.type;
	}
	t = pool_alloc(sc->s->pool, sizeof(*t));
	t->loc = a->loc;
	switch (a->kind) {
	case A_STRING:
		t->kind = SPEC_T_STRING;
		if (eval_bound(sc, a->bound, "string length", &t->bound))
			return NULL;
		break;
	case A_BYTES:
		t->kind = SPEC_T_BYTES;
		if (eval_bound(sc, a->bound, "bytes length", &t->bound))
			return NULL;
		break;
	case A_ARRAY:
	case A_SEQUENCE:
		t->kind = a->kind == A_ARRAY ? SPEC_T_ARRAY : SPEC_T_SEQUENCE;
		t->elem = resolve_type(sc, a->elem);
		if (!t->elem)
			return NULL;
		if (eval_bound(sc, a->bound,
			       a->kind == A_ARRAY ? "array length" : "sequence length", &t->bound))
			return NULL;
		break;
	case A_NAMED:
		break;
	}
	return t;
}

static int check_new_name(struct scope *sc, const char *name, struct spec_loc loc)
{
	struct symbol sym = {0};

	if (builtin(name))
		return specs_fail_at(sc->s, loc, "'%s' is a built-in type and cannot be declared",
				     name);
	if (find_in(sc->types, sc->ntypes, sc->consts, sc->nconsts, name, &sym)) {
		struct spec_loc first = sym.type ? sym.type->loc : sym.cnst->loc;

		return specs_fail_at(sc->s, loc, "'%s' is declared twice (first at line %u)", name,
				     first.line);
	}
	return 0;
}

static int resolve_fields(struct scope *sc, const struct ast_decl *d, struct spec_type *t)
{
	size_t n = 0, i = 0;
	struct spec_field *fields;

	for (const struct ast_field *af = d->fields; af; af = af->next)
		n++;
	if (!n)
		return specs_fail_at(sc->s, d->loc, "%s '%s' has no members",
				     d->kind == D_STRUCT ? "struct" : "union", d->name);
	fields = pool_alloc(sc->s->pool, n * sizeof(*fields));
	for (const struct ast_field *af = d->fields; af; af = af->next, i++) {
		for (size_t j = 0; j < i; j++)
			if (!strcmp(fields[j].name, af->name))
				return specs_fail_at(sc->s, af->loc,
						     "member '%s' is declared twice in '%s'",
						     af->name, d->name);
		fields[i].name = af->name;
		fields[i].loc = af->loc;
		fields[i].type = resolve_type(sc, af->type);
		if (!fields[i].type)
			return -1;
	}
	t->fields = fields;
	t->nfields = n;
	return 0;
}

static int const_fits(const struct spec_type *t, wide v)
{
	switch (spec_type_resolve(t)->kind) {
	case SPEC_T_SINT8:
		return v >= INT8_MIN && v <= INT8_MAX;
	case SPEC_T_SINT16:
		return v >= INT16_MIN && v <= INT16_MAX;
	case SPEC_T_SINT32:
		return v >= INT32_MIN && v <= INT32_MAX;
	case SPEC_T_SINT64:
		return v >= INT64_MIN && v <= INT64_MAX;
	case SPEC_T_UINT8:
		return v >= 0 && v <= UINT8_MAX;
	case SPEC_T_UINT16:
		return v >= 0 && v <= UINT16_MAX;
	case SPEC_T_UINT32:
		return v >= 0 && v <= UINT32_MAX;
	case SPEC_T_UINT64:
		return v >= 0 && v <= (wide)UINT64_MAX;
	default:
		return 0;
	}
}

static int resolve_decl(struct scope *sc, const struct ast_decl *d)
{
	struct spec_type *t;

	if (check_new_name(sc, d->name, d->loc))
		return -1;
	if (d->kind == D_CONST) {
		struct spec_const *c = &sc->consts[sc->nconsts];
		wide v;

		c->name = d->name;
		c->loc = d->loc;
		c->type = resolve_type(sc, d->type);
		if (!c->type)
			return -1;
		if (!spec_type_is_integer(c->type))
			return specs_fail_at(sc->s, d->type->loc,
					     "constant '%s' must have an integer type", d->name);
		if (eval(sc, d->value, &v))
			return -1;
		if (!const_fits(c->type, v))
			return specs_fail_at(sc->s, d->value->loc,
					     "value of '%s' does not fit its type", d->name);
		c->value = (uint64_t)v;
		c->negative = v < 0;
		sc->nconsts++;
		sc->pkg->nconsts = sc->nconsts;
		return 0;
	}
	t = pool_alloc(sc->s->pool, sizeof(*t));
	t->name = d->name;
	t->package = sc->pkg;
	t->loc = d->loc;
	if (d->kind == D_TYPEDEF) {
		t->kind = SPEC_T_TYPEDEF;
		t->elem = resolve_type(sc, d->type);
		if (!t->elem)
			return -1;
	} else {
		t->kind = d->kind == D_STRUCT ? SPEC_T_STRUCT : SPEC_T_UNION;
		if (resolve_fields(sc, d, t))
			return -1;
	}
	sc->types[sc->ntypes++] = t;
	sc->pkg->ntypes = sc->ntypes;
	return 0;
}

static int resolve_params(struct scope *sc, const struct ast_method *am, struct spec_method *m)
{
	size_t n = 0, i = 0;
	struct spec_param *params;

	for (const struct ast_param *ap = am->params; ap; ap = ap->next)
		n++;
	params = pool_alloc(sc->s->pool, (n + 1) * sizeof(*params));
	for (const struct ast_param *ap = am->params; ap; ap = ap->next, i++) {
		for (size_t j = 0; j < i; j++)
			if (!strcmp(params[j].name, ap->name))
				return specs_fail_at(sc->s, ap->loc,
						     "parameter '%s' is declared twice in '%s'",
						     ap->name, am->name);
		params[i].dir = ap->dir;
		params[i].name = ap->name;
		params[i].loc = ap->loc;
		params[i].type = resolve_type(sc, ap->type);
		if (!params[i].type)
			return -1;
	}
	m->params = params;
	m->nparams = n;
	return 0;
}

static int resolve_interface(struct scope *sc, const struct ast_file *a)
{
	struct spec_interface *iface = pool_alloc(sc->s->pool, sizeof(*iface));
	struct spec_method *methods;
	size_t n = 0, i = 0;

	for (const struct ast_method *am = a->methods; am; am = am->next)
		n++;
	methods = pool_alloc(sc->s->pool, (n + 1) * sizeof(*methods));
	iface->name = sc->pkg->name;
	iface->package = sc->pkg;
	iface->loc = a->iface_loc;
	for (const struct ast_method *am = a->methods; am; am = am->next, i++) {
		if (strchr(am->name, '_'))
			return specs_fail_at(sc->s, am->loc,
					     "method name '%s' contains '_' (generated C names use "
					     "it as a separator)",
					     am->name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(methods[j].name, am->name))
				return specs_fail_at(sc->s, am->loc,
						     "method '%s' is declared twice (first at line "
						     "%u)",
						     am->name, methods[j].loc.line);
		methods[i].name = am->name;
		methods[i].mid = (unsigned int)i;
		methods[i].iface = iface;
		methods[i].loc = am->loc;
		if (resolve_params(sc, am, &methods[i]))
			return -1;
	}
	iface->methods = methods;
	iface->nmethods = n;
	sc->pkg->iface = iface;
	return 0;
}

int resolve_package(struct specs *s, struct spec_file *f)
{
	const struct ast_file *a = f->ast;
	struct spec_package *pkg = pool_alloc(s->pool, sizeof(*pkg));
	struct scope sc = {.s = s, .f = f, .pkg = pkg};
	const struct spec_package **imports;
	size_t n = 0, ntypes = 0, nconsts = 0;

	pkg->name = a->name;
	pkg->file = f->path;
	pkg->loc = a->name_loc;
	for (const struct ast_name *im = a->imports; im; im = im->next)
		n++;
	imports = pool_alloc(s->pool, (n + 1) * sizeof(*imports));
	pkg->imports = imports;
	for (const struct ast_name *im = a->imports; im; im = im->next) {
		struct spec_file *g;

		if (!strcmp(im->name, a->name))
			return specs_fail_at(s, im->loc, "package '%s' imports itself", a->name);
		g = specs_load_name(s, im->name, F_IDL, &im->loc);
		if (!g)
			return -1;
		imports[pkg->nimports++] = g->package;
	}
	for (const struct ast_decl *d = a->decls; d; d = d->next) {
		if (d->kind == D_CONST)
			nconsts++;
		else
			ntypes++;
	}
	sc.types = pool_alloc(s->pool, (ntypes + 1) * sizeof(*sc.types));
	sc.consts = pool_alloc(s->pool, (nconsts + 1) * sizeof(*sc.consts));
	pkg->types = (const struct spec_type *const *)sc.types;
	pkg->consts = sc.consts;
	for (const struct ast_decl *d = a->decls; d; d = d->next)
		if (resolve_decl(&sc, d))
			return -1;
	if (a->has_iface && resolve_interface(&sc, a))
		return -1;
	f->package = pkg;
	return 0;
}
