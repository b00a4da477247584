// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C header of one specification file. Everything is in the header (types, static inline
 * proxies and dispatchers, the schema as a static array), so a program needs no generated .c
 * file. The header pins the layout it was generated for with _Static_assert: a compiler that
 * laid a struct out differently from the schema would stop the build, not corrupt messages.
 *
 * Names (P = the package or class name with '.' replaced by '_'):
 *   P_Type, P_CONST                         IDL types and constants
 *   P_Method_req/_res, P_Method_mid         per method
 *   union P_req/_res, P_req_arena_max ...   per interface
 *   struct P, struct P_ops, P_Method_fn     the abstract interface
 *   struct P_proxy, P_proxy_init, P_Method  the client side
 *   P_dispatch                              the server side, one interface
 *   P_component / P_entity + _init, _dispatch, union ..._req/_res, P_ep_riid   CDL / EDL
 */
#include <stdlib.h>
#include <string.h>

#include <uapi/bulkhead/msg.h>

#include "idlc.h"

char *c_name(const char *dotted)
{
	char *s = strdup(dotted);

	if (!s) {
		fputs("idlc: out of memory\n", stderr);
		exit(2);
	}
	for (char *p = s; *p; p++)
		if (*p == '.')
			*p = '_';
	return s;
}

static const char *const c_keywords[] = {
    "auto",	"break",  "case",   "char",	"const",      "continue", "default",  "do",
    "double",	"else",	  "enum",   "extern",	"float",      "for",	  "goto",     "if",
    "inline",	"int",	  "long",   "register", "restrict",   "return",	  "short",    "signed",
    "sizeof",	"static", "struct", "switch",	"typedef",    "union",	  "unsigned", "void",
    "volatile", "while",  "_Bool",  "_Complex", "_Imaginary", "asm",	  "typeof",   "bool",
    "true",	"false",  "base",   "ops",	NULL,
};

const char *c_ident(const char *name, char *buf, size_t size)
{
	for (size_t i = 0; c_keywords[i]; i++)
		if (!strcmp(c_keywords[i], name)) {
			snprintf(buf, size, "%s_", name);
			return buf;
		}
	snprintf(buf, size, "%s", name);
	return buf;
}

/* ---- types ---- */

static const char *scalar_c(enum spec_type_kind k)
{
	switch (k) {
	case SPEC_T_SINT8:
		return "nk_sint8_t";
	case SPEC_T_SINT16:
		return "nk_sint16_t";
	case SPEC_T_SINT32:
		return "nk_sint32_t";
	case SPEC_T_SINT64:
		return "nk_sint64_t";
	case SPEC_T_UINT8:
		return "nk_uint8_t";
	case SPEC_T_UINT16:
		return "nk_uint16_t";
	case SPEC_T_UINT32:
		return "nk_uint32_t";
	case SPEC_T_UINT64:
		return "nk_uint64_t";
	case SPEC_T_BOOLEAN:
		return "nk_bool_t";
	case SPEC_T_CHAR:
		return "nk_char_t";
	case SPEC_T_HANDLE:
		return "nk_handle_desc_t";
	case SPEC_T_STRING:
	case SPEC_T_BYTES:
	case SPEC_T_SEQUENCE:
		return "nk_ptr_t";
	default:
		return NULL;
	}
}

/* Prints the declaration of `name` with type t (arrays become C array declarators). */
static void decl(FILE *f, const struct spec_type *t, const char *name)
{
	char dims[256] = "";
	size_t used = 0;

	while (t->kind == SPEC_T_ARRAY) {
		int n = snprintf(dims + used, sizeof(dims) - used, "[%llu]",
				 (unsigned long long)t->bound);

		if (n > 0 && used + (size_t)n < sizeof(dims))
			used += (size_t)n;
		t = t->elem;
	}
	if (scalar_c(t->kind)) {
		fprintf(f, "%s %s%s", scalar_c(t->kind), name, dims);
	} else {
		char *pkg = c_name(t->package->name);

		fprintf(f, "%s_%s %s%s", pkg, t->name, name, dims);
		free(pkg);
	}
}

static void field_asserts(FILE *f, const char *type, const struct spec_type *t,
			  const struct layout *l)
{
	char buf[128];
	struct layout fl;
	char err[256];
	uint64_t off = 0;

	fprintf(f,
		"_Static_assert(sizeof(%s) == %llu && _Alignof(%s) == %llu, \"layout of %s\");\n",
		type, (unsigned long long)l->size, type, (unsigned long long)l->align, type);
	if (t->kind == SPEC_T_UNION) {
		struct layout m = {0, 1};

		for (size_t i = 0; i < t->nfields; i++) {
			layout_of(t->fields[i].type, &fl, err, sizeof(err));
			m.align = fl.align > m.align ? fl.align : m.align;
		}
		fprintf(f, "_Static_assert(offsetof(%s, u) == %llu, \"layout of %s\");\n", type,
			(unsigned long long)union_member_offset(&m), type);
		return;
	}
	for (size_t i = 0; i < t->nfields; i++) {
		layout_of(t->fields[i].type, &fl, err, sizeof(err));
		off = (off + fl.align - 1) & ~(fl.align - 1);
		fprintf(f, "_Static_assert(offsetof(%s, %s) == %llu, \"layout of %s\");\n", type,
			c_ident(t->fields[i].name, buf, sizeof(buf)), (unsigned long long)off,
			type);
		off += fl.size;
	}
}

static bool gen_type(FILE *f, const char *pkg, const struct spec_type *t, char *err, size_t errlen)
{
	char name[512], buf[128];
	struct layout l;

	snprintf(name, sizeof(name), "%s_%s", pkg, t->name);
	if (!layout_of(t, &l, err, errlen))
		return false;
	if (t->kind == SPEC_T_TYPEDEF) {
		fprintf(f, "typedef ");
		decl(f, t->elem, name);
		fprintf(f, ";\n\n");
		return true;
	}
	fprintf(f, "typedef struct %s {\n", name);
	if (t->kind == SPEC_T_UNION) {
		fprintf(f, "\tnk_uint32_t tag; /* %s_*_tag: which member is present */\n", name);
		fprintf(f, "\tunion {\n");
	}
	for (size_t i = 0; i < t->nfields; i++) {
		fprintf(f, t->kind == SPEC_T_UNION ? "\t\t" : "\t");
		decl(f, t->fields[i].type, c_ident(t->fields[i].name, buf, sizeof(buf)));
		fprintf(f, ";\n");
	}
	if (t->kind == SPEC_T_UNION)
		fprintf(f, "\t} u;\n");
	fprintf(f, "} %s;\n", name);
	if (t->kind == SPEC_T_UNION) {
		fprintf(f, "enum {\n");
		for (size_t i = 0; i < t->nfields; i++)
			fprintf(f, "\t%s_%s_tag = %zu,\n", name, t->fields[i].name, i);
		fprintf(f, "};\n");
	}
	field_asserts(f, name, t, &l);
	fprintf(f, "\n");
	return true;
}

static void gen_const(FILE *f, const char *pkg, const struct spec_const *c)
{
	const struct spec_type *t = spec_type_resolve(c->type);

	if (c->negative && c->value == (uint64_t)INT64_MIN)
		fprintf(f, "#define %s_%s ((%s)(-9223372036854775807LL - 1))\n", pkg, c->name,
			scalar_c(t->kind));
	else if (c->negative)
		fprintf(f, "#define %s_%s ((%s)-%lldLL)\n", pkg, c->name, scalar_c(t->kind),
			-(long long)c->value);
	else
		fprintf(f, "#define %s_%s ((%s)%lluULL)\n", pkg, c->name, scalar_c(t->kind),
			(unsigned long long)c->value);
}

/* ---- includes of the files a header depends on ---- */

struct names {
	const char **v;
	size_t n;
};

static void add_name(struct names *ns, const char *s)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i], s))
			return;
	ns->v = realloc(ns->v, (ns->n + 1) * sizeof(*ns->v));
	if (!ns->v) {
		fputs("idlc: out of memory\n", stderr);
		exit(2);
	}
	ns->v[ns->n++] = s;
}

static void type_deps(struct names *ns, const struct spec_type *t, const struct spec_package *self)
{
	if (!t)
		return;
	if (t->package && t->package != self) {
		add_name(ns, t->package->name);
		return;
	}
	type_deps(ns, t->elem, self);
	if (t->package == self && t->kind == SPEC_T_TYPEDEF)
		return; /* declared in this header; its own deps were added with it */
	for (size_t i = 0; i < t->nfields; i++)
		type_deps(ns, t->fields[i].type, self);
}

static void include_of(FILE *f, const char *dotted, const char *ext)
{
	fprintf(f, "#include <");
	for (const char *p = dotted; *p; p++)
		fputc(*p == '.' ? '/' : *p, f);
	fprintf(f, "%s.h>\n", ext);
}

static void gen_schema_array(FILE *f, const char *prefix, const uint8_t *blob, size_t len)
{
	fprintf(f, "/* The message schema (ipc-bus/msg/include/msg/schema.h), %zu bytes. */\n",
		len);
	fprintf(f, "static const nk_uint32_t %s_schema[%zu] __attribute__((unused)) = {", prefix,
		len / 4);
	for (size_t i = 0; i < len; i += 4) {
		uint32_t w = (uint32_t)blob[i] | (uint32_t)blob[i + 1] << 8 |
			     (uint32_t)blob[i + 2] << 16 | (uint32_t)blob[i + 3] << 24;

		fprintf(f, "%s0x%08x,", i % 24 ? " " : "\n\t", w);
	}
	fprintf(f, "\n};\n\n");
}

static void guard_open(FILE *f, const char *prefix, const char *ext, const char *what,
		       const char *file)
{
	fprintf(f, "/* Generated by idlc from %s (%s). Do not edit. */\n", file, what);
	fprintf(f, "#ifndef IDLC_%s_%s_H\n#define IDLC_%s_%s_H\n\n", prefix, ext, prefix, ext);
	fprintf(f, "#include <stddef.h>\n\n#include <nk/arena.h>\n#include <nk/transport.h>\n"
		   "#include <nk/types.h>\n");
}

/* ---- interfaces ---- */

static void gen_msg_struct(FILE *f, const char *p, const struct spec_method *m, bool response,
			   const struct msg_layout *l)
{
	char buf[128], type[512];

	snprintf(type, sizeof(type), "struct %s_%s_%s", p, m->name, response ? "res" : "req");
	fprintf(f, "%s {\n\tSMsgHdr base;\n", type);
	for (size_t i = 0; i < l->nfields; i++) {
		fprintf(f, "\t");
		decl(f, l->fields[i].param->type,
		     c_ident(l->fields[i].param->name, buf, sizeof(buf)));
		fprintf(f, ";%s\n",
			response && i >= l->nfields - l->nerror ? " /* error parameter */" : "");
	}
	fprintf(f, "};\n");
	fprintf(f, "_Static_assert(sizeof(%s) == %llu, \"layout of %s\");\n", type,
		(unsigned long long)l->size, type);
	for (size_t i = 0; i < l->nfields; i++)
		fprintf(f, "_Static_assert(offsetof(%s, %s) == %llu, \"layout of %s\");\n", type,
			c_ident(l->fields[i].param->name, buf, sizeof(buf)),
			(unsigned long long)l->fields[i].offset, type);
}

static bool gen_interface(FILE *f, const struct spec_interface *iface, const char *p, char *err,
			  size_t errlen)
{
	size_t n = iface->nmethods;
	struct msg_layout *req = calloc(n + 1, sizeof(*req)), *res = calloc(n + 1, sizeof(*res));
	uint64_t req_arena = 0, res_arena = 0;
	bool ok = req && res;

	/* Method names are C member names of the ops table: a C keyword cannot be one. */
	for (size_t i = 0; ok && i < n; i++) {
		char buf[128];
		const struct spec_method *m = &iface->methods[i];

		if (strcmp(c_ident(m->name, buf, sizeof(buf)), m->name)) {
			snprintf(err, errlen,
				 "%s:%u:%u: method name '%s' is a C keyword; the generated code "
				 "cannot use it",
				 m->loc.file, m->loc.line, m->loc.column, m->name);
			ok = false;
		}
	}
	for (size_t i = 0; ok && i < n; i++)
		ok = msg_layout(&iface->methods[i], false, &req[i], err, errlen) &&
		     msg_layout(&iface->methods[i], true, &res[i], err, errlen);
	if (!ok)
		goto out;

	fprintf(f, "/* ---- interface %s ---- */\n\n", iface->name);
	if (n) {
		fprintf(f, "enum {\n");
		for (size_t i = 0; i < n; i++)
			fprintf(f, "\t%s_%s_mid = %u,\n", p, iface->methods[i].name,
				iface->methods[i].mid);
		fprintf(f, "};\n\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct spec_method *m = &iface->methods[i];

		fprintf(f, "/* %s */\n", m->name);
		gen_msg_struct(f, p, m, false, &req[i]);
		gen_msg_struct(f, p, m, true, &res[i]);
		fprintf(
		    f,
		    "enum {\n\t%s_%s_req_arena_max = %llu,\n\t%s_%s_res_arena_max = %llu,\n};\n\n",
		    p, m->name, (unsigned long long)req[i].arena, p, m->name,
		    (unsigned long long)res[i].arena);
		req_arena = req[i].arena > req_arena ? req[i].arena : req_arena;
		res_arena = res[i].arena > res_arena ? res[i].arena : res_arena;
	}
	/* Unions that size a server's receive buffers. */
	for (int r = 0; r < 2; r++) {
		fprintf(f, "union %s_%s {\n\tSMsgHdr base;\n", p, r ? "res" : "req");
		for (size_t i = 0; i < n; i++)
			fprintf(f, "\tstruct %s_%s_%s %s;\n", p, iface->methods[i].name,
				r ? "res" : "req", iface->methods[i].name);
		fprintf(f, "};\n");
	}
	fprintf(f, "enum {\n\t%s_req_arena_max = %llu,\n\t%s_res_arena_max = %llu,\n};\n\n", p,
		(unsigned long long)req_arena, p, (unsigned long long)res_arena);

	/* The abstract interface. */
	fprintf(f, "struct %s;\n", p);
	for (size_t i = 0; i < n; i++)
		fprintf(f,
			"typedef nk_err_t %s_%s_fn(struct %s *self, struct %s_%s_req *req,\n"
			"\t\tconst struct nk_arena *req_arena, struct %s_%s_res *res,\n"
			"\t\tstruct nk_arena *res_arena);\n",
			p, iface->methods[i].name, p, p, iface->methods[i].name, p,
			iface->methods[i].name);
	fprintf(f, "\nstruct %s_ops {\n", p);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "\t%s_%s_fn *%s;\n", p, iface->methods[i].name, iface->methods[i].name);
	if (!n)
		fprintf(f, "\tint none; /* the interface has no methods */\n");
	fprintf(f, "};\n\nstruct %s {\n\tconst struct %s_ops *ops;\n};\n\n", p, p);

	/* Calls through the interface (client and in-process alike). */
	for (size_t i = 0; i < n; i++) {
		const char *m = iface->methods[i].name;

		fprintf(f,
			"static inline nk_err_t %s_%s(struct %s *self, struct %s_%s_req *req,\n"
			"\t\tconst struct nk_arena *req_arena, struct %s_%s_res *res,\n"
			"\t\tstruct nk_arena *res_arena)\n{\n"
			"\treturn self->ops->%s(self, req, req_arena, res, res_arena);\n}\n\n",
			p, m, p, p, m, p, m, m);
	}

	/* Proxy. */
	fprintf(
	    f,
	    "/* Client side: a proxy sends each call through a transport to endpoint riid. */\n");
	fprintf(f,
		"struct %s_proxy {\n\tstruct %s base;\n\tstruct nk_transport *transport;\n"
		"\tnk_iid_t riid;\n};\n\n",
		p, p);
	/* The arena fields of both headers are the transport's to fill in (nk/transport.h). */
	for (size_t i = 0; i < n; i++) {
		const char *m = iface->methods[i].name;

		fprintf(
		    f,
		    "static inline nk_err_t %s_proxy_%s(struct %s *self, struct %s_%s_req *req,\n"
		    "\t\tconst struct nk_arena *req_arena, struct %s_%s_res *res,\n"
		    "\t\tstruct nk_arena *res_arena)\n{\n"
		    "\tstruct %s_proxy *px = (struct %s_proxy *)self;\n"
		    "\tnk_iid_t riid = px->riid;\n\n"
		    "\tnk_msg_init(&req->base, sizeof(*req), riid, %s_%s_mid);\n"
		    "\tres->base.capacity = sizeof(*res);\n"
		    "\t/* nk_transport_call, then nk_res_check of the response */\n"
		    "\treturn nk_proxy_call(px->transport, &req->base, req_arena, &res->base, "
		    "res_arena,\n\t\t\tsizeof(*res), riid, %s_%s_mid);\n}\n\n",
		    p, m, p, p, m, p, m, p, p, p, m, p, m);
	}
	fprintf(f, "static const struct %s_ops %s_proxy_ops __attribute__((unused)) = {\n", p, p);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "\t.%s = %s_proxy_%s,\n", iface->methods[i].name, p,
			iface->methods[i].name);
	fprintf(f, "};\n\n");
	fprintf(f,
		"static inline void %s_proxy_init(struct %s_proxy *px, struct nk_transport "
		"*transport,\n\t\tnk_iid_t riid)\n{\n\tpx->base.ops = &%s_proxy_ops;\n"
		"\tpx->transport = transport;\n\tpx->riid = riid;\n}\n\n",
		p, p, p);

	/* Dispatcher. */
	fprintf(
	    f, "/*\n * Server side: runs the method req->mid of impl. NK_EOK: res (flags included) "
	       "is\n * ready to be sent; anything else: send nothing. An implementation that "
	       "returns\n * NK_EERROR_REPLY sends an error response (if the method has error "
	       "parameters).\n */\n");
	fprintf(f,
		"static inline nk_err_t %s_dispatch(struct %s *impl, SMsgHdr *req,\n"
		"\t\tconst struct nk_arena *req_arena, SMsgHdr *res, struct nk_arena *res_arena)\n"
		"{\n\tif (res_arena)\n\t\tnk_arena_reset(res_arena);\n"
		"\tswitch (req->mid) {\n",
		p, p);
	/*
	 * Each case returns on its own: the implementation's pointer is read once (the stores of
	 * nk_res_init could alias it), and a response without arena fields keeps the arena_size 0
	 * nk_res_init gave it (its arena carries nothing the receiver may read).
	 */
	for (size_t i = 0; i < n; i++) {
		const char *m = iface->methods[i].name;

		fprintf(
		    f,
		    "\tcase %s_%s_mid: {\n"
		    "\t\t%s_%s_fn *fn = impl->ops->%s;\n"
		    "\t\tnk_err_t rc;\n\n"
		    "\t\tif (req->size != sizeof(struct %s_%s_req) ||\n"
		    "\t\t    res->capacity < sizeof(struct %s_%s_res))\n\t\t\treturn NK_EINVAL;\n"
		    "\t\tif (!fn)\n\t\t\treturn NK_ENOENT;\n"
		    "\t\tnk_res_init(res, sizeof(struct %s_%s_res), req->riid, %s_%s_mid);\n"
		    "\t\trc = fn(impl, (struct %s_%s_req *)req, req_arena, (struct %s_%s_res *)res,\n"
		    "\t\t\t\tres_arena);\n",
		    p, m, p, m, m, p, m, p, m, p, m, p, m, p, m, p, m);
		if (res[i].nerror)
			fprintf(
			    f,
			    "\t\tif (rc == NK_EERROR_REPLY) {\n\t\t\tres->flags = BH_MSG_ERROR;\n"
			    "\t\t\trc = NK_EOK;\n\t\t}\n");
		if (res[i].arena)
			fprintf(f, "\t\tres->arena_size = (nk_uint32_t)nk_arena_used(res_arena);\n");
		fprintf(f, "\t\treturn rc;\n\t}\n");
	}
	fprintf(f, "\tdefault:\n\t\treturn NK_ENOENT;\n\t}\n}\n\n");
out:
	for (size_t i = 0; req && res && i < n; i++) {
		msg_layout_free(&req[i]);
		msg_layout_free(&res[i]);
	}
	free(req);
	free(res);
	return ok;
}

bool gen_package(FILE *f, const struct spec_package *pkg, char *err, size_t errlen)
{
	char *p = c_name(pkg->name);
	struct names deps = {0};
	uint8_t *blob = NULL;
	size_t len = 0;
	bool ok = true;

	for (size_t i = 0; i < pkg->nimports; i++)
		add_name(&deps, pkg->imports[i]->name);
	for (size_t i = 0; i < pkg->ntypes; i++)
		type_deps(&deps,
			  pkg->types[i]->kind == SPEC_T_TYPEDEF ? pkg->types[i]->elem
								: pkg->types[i],
			  pkg);
	for (size_t i = 0; pkg->iface && i < pkg->iface->nmethods; i++)
		for (size_t j = 0; j < pkg->iface->methods[i].nparams; j++)
			type_deps(&deps, pkg->iface->methods[i].params[j].type, pkg);
	guard_open(f, p, "IDL", "IDL", pkg->file);
	for (size_t i = 0; i < deps.n; i++)
		include_of(f, deps.v[i], ".idl");
	fprintf(f, "\n");
	for (size_t i = 0; i < pkg->nconsts; i++)
		gen_const(f, p, &pkg->consts[i]);
	if (pkg->nconsts)
		fprintf(f, "\n");
	for (size_t i = 0; ok && i < pkg->ntypes; i++)
		ok = gen_type(f, p, pkg->types[i], err, errlen);
	if (ok && pkg->iface)
		ok = gen_interface(f, pkg->iface, p, err, errlen);
	if (ok && pkg->iface)
		ok = schema_build(pkg, NULL, &blob, &len, err, errlen);
	if (ok && blob)
		gen_schema_array(f, p, blob, len);
	fprintf(f, "#endif\n");
	free(blob);
	free(deps.v);
	free(p);
	return ok;
}

/* ---- classes and components ---- */

static const char *unit_suffix(const struct spec_component *u)
{
	return u->kind == SPEC_CLASS ? "entity" : "component";
}

/* u's schema as the array <p>_<sfx>_schema; false (err set) when it cannot be built. The
 * blob is the caller's to free. */
static bool gen_unit_schema(FILE *f, const char *p, const char *sfx,
			    const struct spec_component *u, uint8_t **blob, size_t *len, char *err,
			    size_t errlen)
{
	char prefix[512];

	if (!schema_build(NULL, u, blob, len, err, errlen))
		return false;
	snprintf(prefix, sizeof(prefix), "%s_%s", p, sfx);
	gen_schema_array(f, prefix, *blob, *len);
	return true;
}

bool gen_unit(FILE *f, const struct spec_component *u, char *err, size_t errlen)
{
	char *p = c_name(u->name), buf[128];
	const char *sfx = unit_suffix(u);
	struct names deps = {0};
	uint8_t *blob = NULL;
	size_t len = 0, n = u->nendpoints + u->ninstances;
	bool ok = true;

	for (size_t i = 0; i < u->ninstances; i++)
		add_name(&deps, u->instances[i].component->name);
	guard_open(f, p, u->kind == SPEC_CLASS ? "EDL" : "CDL",
		   u->kind == SPEC_CLASS ? "EDL" : "CDL", u->file);
	for (size_t i = 0; i < u->nendpoints; i++)
		include_of(f, u->endpoints[i].iface->name, ".idl");
	if (spec_security_interface(u))
		include_of(f, spec_security_interface(u)->name, ".idl");
	for (size_t i = 0; i < deps.n; i++)
		include_of(f, deps.v[i], ".cdl");
	fprintf(f, "\n/* ---- %s %s ---- */\n\n", u->kind == SPEC_CLASS ? "class" : "component",
		u->name);

	/* RIIDs of the flattened endpoints (static RIIDs, without the service locator). */
	fprintf(f, "enum {\n");
	for (size_t i = 0; i < u->nflat; i++) {
		char *q = c_name(u->flat[i].qname);

		fprintf(f, "\t%s_%s_riid = %u, /* %s: %s */\n", p, q, u->flat[i].riid,
			u->flat[i].qname, u->flat[i].iface->name);
		free(q);
	}
	fprintf(f, "\t%s_%s_riid_count = %zu,\n};\n\n", p, sfx, u->nflat);
	if (spec_security_interface(u))
		fprintf(f,
			"/* The riid of a call to the security interface (%s) with a proxy over "
			"the\n * security transport (NkKosSecurityTransport_Init). */\n"
			"#define %s_%s_security_riid BH_MSG_RIID_SECURITY\n\n",
			spec_security_interface(u)->name, p, sfx);
	if (!n) {
		fprintf(f, "/* No endpoints: a pure client. */\n\n");
		if (spec_security_interface(u))
			ok = gen_unit_schema(f, p, sfx, u, &blob, &len, err, errlen);
		fprintf(f, "#endif\n");
		goto out;
	}

	/* Members in declaration order: endpoints and nested instances interleaved. */
	const void **order = calloc(n, sizeof(*order));
	bool *is_inst = calloc(n, sizeof(*is_inst));
	size_t k = 0, ie = 0, ii = 0;

	if (!order || !is_inst) {
		free(order);
		free(is_inst);
		ok = false;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* Declaration order: endpoints and instances merged by their place in the file. */
	while (ie < u->nendpoints || ii < u->ninstances) {
		bool take_inst = ie == u->nendpoints ||
				 (ii < u->ninstances &&
				  (u->instances[ii].loc.line < u->endpoints[ie].loc.line ||
				   (u->instances[ii].loc.line == u->endpoints[ie].loc.line &&
				    u->instances[ii].loc.column < u->endpoints[ie].loc.column)));

		order[k] = take_inst ? (const void *)&u->instances[ii++]
				     : (const void *)&u->endpoints[ie++];
		is_inst[k++] = take_inst;
	}

	fprintf(f, "struct %s_%s {\n", p, sfx);
	for (size_t i = 0; i < k; i++) {
		if (is_inst[i]) {
			const struct spec_instance *in = order[i];
			char *c = c_name(in->component->name);

			fprintf(f, "\tstruct %s_component *%s;\n", c,
				c_ident(in->name, buf, sizeof(buf)));
			free(c);
		} else {
			const struct spec_endpoint *ep = order[i];
			char *c = c_name(ep->iface->name);

			fprintf(f, "\tstruct %s *%s;\n", c, c_ident(ep->name, buf, sizeof(buf)));
			free(c);
		}
	}
	fprintf(f, "};\n\n");

	for (int r = 0; r < 2; r++) {
		const char *x = r ? "res" : "req";

		fprintf(f, "union %s_%s_%s {\n\tSMsgHdr base;\n", p, sfx, x);
		for (size_t i = 0; i < k; i++) {
			const char *name = is_inst[i]
					       ? ((const struct spec_instance *)order[i])->name
					       : ((const struct spec_endpoint *)order[i])->name;
			char *c =
			    is_inst[i]
				? c_name(((const struct spec_instance *)order[i])->component->name)
				: c_name(((const struct spec_endpoint *)order[i])->iface->name);

			if (is_inst[i] &&
			    !((const struct spec_instance *)order[i])->component->nflat)
				fprintf(f, "\t/* %s: no endpoints */\n", name);
			else
				fprintf(f, "\tunion %s%s_%s %s;\n", c,
					is_inst[i] ? "_component" : "", x,
					c_ident(name, buf, sizeof(buf)));
			free(c);
		}
		fprintf(f, "};\n");
	}
	fprintf(f, "\n");

	/* init */
	fprintf(f, "static inline void %s_%s_init(struct %s_%s *self", p, sfx, p, sfx);
	for (size_t i = 0; i < k; i++) {
		if (is_inst[i]) {
			const struct spec_instance *in = order[i];
			char *c = c_name(in->component->name);

			fprintf(f, ",\n\t\tstruct %s_component *%s", c,
				c_ident(in->name, buf, sizeof(buf)));
			free(c);
		} else {
			const struct spec_endpoint *ep = order[i];
			char *c = c_name(ep->iface->name);

			fprintf(f, ",\n\t\tstruct %s *%s", c, c_ident(ep->name, buf, sizeof(buf)));
			free(c);
		}
	}
	fprintf(f, ")\n{\n");
	for (size_t i = 0; i < k; i++) {
		const char *name = is_inst[i] ? ((const struct spec_instance *)order[i])->name
					      : ((const struct spec_endpoint *)order[i])->name;

		c_ident(name, buf, sizeof(buf));
		fprintf(f, "\tself->%s = %s;\n", buf, buf);
	}
	fprintf(f, "}\n\n");

	/* dispatch */
	if (u->kind == SPEC_CLASS)
		fprintf(f,
			"/* Routes a received request by req->riid (see the interface "
			"dispatchers). */\n"
			"static inline nk_err_t %s_entity_dispatch(struct %s_entity *self, SMsgHdr "
			"*req,\n"
			"\t\tconst struct nk_arena *req_arena, SMsgHdr *res, struct nk_arena "
			"*res_arena)\n"
			"{\n\tnk_iid_t riid = req->riid;\n\n",
			p, p);
	else
		fprintf(f,
			"/* Routes a request for riid, counted from this component's first "
			"endpoint. */\n"
			"static inline nk_err_t %s_component_dispatch(struct %s_component *self,\n"
			"\t\tnk_iid_t riid, SMsgHdr *req, const struct nk_arena *req_arena, "
			"SMsgHdr *res,\n"
			"\t\tstruct nk_arena *res_arena)\n{\n",
			p, p);
	unsigned int base = 0;

	for (size_t i = 0; i < k; i++) {
		if (is_inst[i]) {
			const struct spec_instance *in = order[i];
			char *c = c_name(in->component->name);

			if (in->component->nflat) {
				c_ident(in->name, buf, sizeof(buf));
				/* "riid >= 0" would be a warning for an unsigned riid. */
				if (base)
					fprintf(f,
						"\tif (riid >= %u && riid < %u + "
						"%s_component_riid_count)\n",
						base, base, c);
				else
					fprintf(f, "\tif (riid < %s_component_riid_count)\n", c);
				fprintf(f,
					"\t\treturn self->%s ? %s_component_dispatch(self->%s, "
					"riid - %u, "
					"req,\n\t\t\t\treq_arena, res, res_arena) : NK_ENOENT;\n",
					buf, c, buf, base);
				base += (unsigned int)in->component->nflat;
			}
			free(c);
		} else {
			const struct spec_endpoint *ep = order[i];
			char *c = c_name(ep->iface->name);

			c_ident(ep->name, buf, sizeof(buf));
			fprintf(
			    f,
			    "\tif (riid == %u)\n\t\treturn self->%s ? %s_dispatch(self->%s, req, "
			    "req_arena, res,\n\t\t\t\tres_arena) : NK_ENOENT;\n",
			    base, buf, c, buf);
			base++;
			free(c);
		}
	}
	fprintf(f, "\t(void)req;\n\t(void)req_arena;\n\t(void)res;\n\t(void)res_arena;\n"
		   "\treturn NK_ENOENT;\n}\n\n");
	free(order);
	free(is_inst);

	if (u->nflat || spec_security_interface(u))
		ok = gen_unit_schema(f, p, sfx, u, &blob, &len, err, errlen);
	fprintf(f, "#endif\n");
out:
	free(blob);
	free(deps.v);
	free(p);
	return ok;
}
