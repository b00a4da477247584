// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loader: finds files through the search path, parses each once, and turns parse trees
 * into the model of specs.h (resolve_idl.c does packages, this file classes and components).
 * A file that is being loaded and is named again is a cycle (a component containing itself,
 * packages importing each other), which is an error rather than a hang.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loader.h"

#define SPECS_MAX_FILE (4u << 20) /* no real specification comes near this */

struct specs *specs_new(void)
{
	struct pool *pool = pool_new();
	struct specs *s = pool_alloc(pool, sizeof(*s));

	s->pool = pool;
	s->error = "";
	return s;
}

void specs_free(struct specs *s)
{
	if (s)
		pool_free(s->pool);
}

int specs_add_include_dir(struct specs *s, const char *dir)
{
	const char **dirs = pool_alloc(s->pool, (s->ndirs + 1) * sizeof(*dirs));

	if (s->ndirs)
		memcpy(dirs, s->dirs, s->ndirs * sizeof(*dirs));
	dirs[s->ndirs++] = pool_strdup(s->pool, dir);
	s->dirs = dirs;
	return 0;
}

const char *specs_error(const struct specs *s)
{
	return s->error;
}

int specs_fail(struct specs *s, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->error = pool_strdup(s->pool, buf);
	return -1;
}

int specs_fail_at(struct specs *s, struct spec_loc loc, const char *fmt, ...)
{
	const struct spec_file *f;
	va_list ap;

	for (f = s->files; f; f = f->next)
		if (!strcmp(f->path, loc.file))
			break;
	va_start(ap, fmt);
	s->error = format_located(s->pool, loc.file, f ? f->text : NULL, f ? f->len : 0, loc.line,
				  loc.column, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *ext_of(enum ast_file_kind k)
{
	return k == F_EDL ? ".edl" : k == F_CDL ? ".cdl" : ".idl";
}

static const char *what_of(enum ast_file_kind k)
{
	return k == F_EDL   ? "process class (EDL)"
	       : k == F_CDL ? "component (CDL)"
			    : "package (IDL)";
}

/* Finds pkg/Name.ext in the search path; NULL with the error set. */
static const char *find_file(struct specs *s, const char *name, enum ast_file_kind kind,
			     const struct spec_loc *from)
{
	char *rel = pool_printf(s->pool, "%s%s", name, ext_of(kind));
	struct stat st;

	for (char *p = rel; *p; p++)
		if (*p == '.' && p < rel + strlen(name))
			*p = '/';
	for (size_t i = 0; i < s->ndirs; i++) {
		char *path = pool_printf(s->pool, "%s/%s", s->dirs[i], rel);

		if (!stat(path, &st) && S_ISREG(st.st_mode))
			return path;
	}
	if (from)
		specs_fail_at(s, *from, "%s '%s' not found: no %s in the search path%s",
			      what_of(kind), name, rel, s->ndirs ? "" : " (which is empty)");
	else
		specs_fail(s, "%s '%s' not found: no %s in the search path%s", what_of(kind), name,
			   rel, s->ndirs ? "" : " (which is empty)");
	return NULL;
}

const char *specs_find(struct specs *s, const char *name, const char *ext)
{
	enum ast_file_kind kind = !strcmp(ext, ".edl")	 ? F_EDL
				  : !strcmp(ext, ".cdl") ? F_CDL
							 : F_IDL;
	const char *saved = s->error;
	const char *path;

	if (strcmp(ext, ".edl") && strcmp(ext, ".cdl") && strcmp(ext, ".idl"))
		return NULL;
	path = find_file(s, name, kind, NULL);
	s->error = saved; /* not finding is an answer here, not a failure */
	return path;
}

/*
 * One file may be named by several paths (given on the command line, found through -I):
 * files are told apart by their canonical path, so each is parsed and modelled once.
 */
static bool same_file(const struct spec_file *f, const char *path)
{
	char real[PATH_MAX];

	if (!strcmp(f->path, path))
		return true;
	return f->real && realpath(path, real) && !strcmp(f->real, real);
}

static struct spec_file *read_and_parse(struct specs *s, const char *path)
{
	struct spec_file *f;
	FILE *fp;
	char *text, *error;
	size_t len;
	long size;

	for (f = s->files; f; f = f->next)
		if (same_file(f, path))
			return f;
	fp = fopen(path, "rb");
	if (!fp) {
		specs_fail(s, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
		fclose(fp);
		specs_fail(s, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if ((unsigned long)size > SPECS_MAX_FILE) {
		fclose(fp);
		specs_fail(s, "'%s' is %ld bytes, more than the %u a specification may have", path,
			   size, SPECS_MAX_FILE);
		return NULL;
	}
	text = pool_alloc(s->pool, (size_t)size + 1);
	len = fread(text, 1, (size_t)size, fp);
	fclose(fp);
	if (len != (size_t)size) {
		specs_fail(s, "cannot read '%s'", path);
		return NULL;
	}
	f = pool_alloc(s->pool, sizeof(*f));
	f->path = pool_strdup(s->pool, path);
	{
		char real[PATH_MAX];

		if (realpath(path, real))
			f->real = pool_strdup(s->pool, real);
	}
	f->text = text;
	f->len = len;
	f->next = s->files;
	s->files = f;
	f->ast = specs_parse_buffer(s->pool, f->path, text, len, &error);
	if (!f->ast) {
		f->failed = true;
		f->failed_msg = error;
		s->error = error;
		return NULL;
	}
	return f;
}

/*
 * Loads file `path` expected to be of `kind` (any kind when kind < 0) and, when `name` is not
 * NULL, to declare that name.
 */
static struct spec_file *load_path(struct specs *s, const char *path, int kind, const char *name)
{
	struct spec_file *f = read_and_parse(s, path);

	if (!f)
		return NULL;
	if (f->failed) {
		/* Failed before: report the same message again. */
		s->error = f->failed_msg;
		return NULL;
	}
	if (kind >= 0 && (int)f->ast->kind != kind)
		return specs_fail_at(s, f->ast->loc, "expected a %s, found a %s",
				     what_of((enum ast_file_kind)kind), what_of(f->ast->kind)),
		       NULL;
	if (name && strcmp(f->ast->name, name))
		return specs_fail_at(s, f->ast->name_loc,
				     "this file declares '%s' but was loaded as '%s'", f->ast->name,
				     name),
		       NULL;
	if (f->loading)
		return specs_fail_at(s, f->ast->name_loc, "'%s' refers to itself (a cycle)",
				     f->ast->name),
		       NULL;
	if (f->done)
		return f;
	f->loading = true;
	int rc = f->ast->kind == F_IDL ? resolve_package(s, f) : resolve_unit(s, f);

	f->loading = false;
	if (rc) {
		f->failed = true;
		/* Keep the message but make a later load report the same failure. */
		f->ast = NULL;
		f->failed_msg = s->error;
		return NULL;
	}
	f->done = true;
	return f;
}

static struct spec_file *load_path_checked(struct specs *s, const char *path, int kind,
					   const char *name)
{
	struct spec_file *f;

	for (f = s->files; f; f = f->next)
		if (same_file(f, path) && f->failed_msg) {
			s->error = f->failed_msg;
			return NULL;
		}
	return load_path(s, path, kind, name);
}

struct spec_file *specs_load_name(struct specs *s, const char *name, enum ast_file_kind kind,
				  const struct spec_loc *from)
{
	const char *path = find_file(s, name, kind, from);

	if (!path)
		return NULL;
	for (struct spec_file *f = s->files; f; f = f->next)
		if (f->loading && same_file(f, path)) {
			if (from)
				specs_fail_at(s, *from, "'%s' refers back to itself (a cycle)",
					      name);
			else
				specs_fail(s, "'%s' refers back to itself (a cycle)", name);
			return NULL;
		}
	return load_path_checked(s, path, (int)kind, name);
}

const struct spec_component *specs_class(struct specs *s, const char *name)
{
	struct spec_file *f = specs_load_name(s, name, F_EDL, NULL);

	return f ? f->unit : NULL;
}

const struct spec_component *specs_component(struct specs *s, const char *name)
{
	struct spec_file *f = specs_load_name(s, name, F_CDL, NULL);

	return f ? f->unit : NULL;
}

const struct spec_package *specs_package(struct specs *s, const char *name)
{
	struct spec_file *f = specs_load_name(s, name, F_IDL, NULL);

	return f ? f->package : NULL;
}

const struct spec_interface *specs_interface(struct specs *s, const char *name)
{
	struct spec_file *f = specs_load_name(s, name, F_IDL, NULL);

	if (!f)
		return NULL;
	if (!f->package->iface) {
		specs_fail_at(s, f->package->loc, "package '%s' declares no interface", name);
		return NULL;
	}
	return f->package->iface;
}

int specs_load_file(struct specs *s, const char *path, const struct spec_component **unit,
		    const struct spec_package **pkg)
{
	size_t n = strlen(path);
	int kind;
	struct spec_file *f;

	*unit = NULL;
	*pkg = NULL;
	if (n > 4 && !strcmp(path + n - 4, ".edl"))
		kind = F_EDL;
	else if (n > 4 && !strcmp(path + n - 4, ".cdl"))
		kind = F_CDL;
	else if (n > 4 && !strcmp(path + n - 4, ".idl"))
		kind = F_IDL;
	else
		return specs_fail(s, "'%s': not a specification (expected .edl, .cdl or .idl)",
				  path);
	f = load_path_checked(s, path, kind, NULL);
	if (!f)
		return -1;
	*unit = f->unit;
	*pkg = f->package;
	return 0;
}

int specs_load_buffer(struct specs *s, const char *name, const char *text, size_t len,
		      const struct spec_component **unit, const struct spec_package **pkg)
{
	struct spec_file *f;
	char *copy, *error;

	*unit = NULL;
	*pkg = NULL;
	for (f = s->files; f; f = f->next)
		if (!strcmp(f->path, name))
			return specs_fail(s, "'%s' is already loaded", name);
	if (len > SPECS_MAX_FILE)
		return specs_fail(s, "'%s' is %zu bytes, more than the %u a specification may have",
				  name, len, SPECS_MAX_FILE);
	copy = pool_alloc(s->pool, len + 1);
	memcpy(copy, text, len);
	f = pool_alloc(s->pool, sizeof(*f));
	f->path = pool_strdup(s->pool, name);
	f->text = copy;
	f->len = len;
	f->next = s->files;
	s->files = f;
	f->ast = specs_parse_buffer(s->pool, f->path, copy, len, &error);
	if (!f->ast) {
		f->failed = true;
		f->failed_msg = error;
		s->error = error;
		return -1;
	}
	f = load_path_checked(s, f->path, -1, NULL);
	if (!f)
		return -1;
	*unit = f->unit;
	*pkg = f->package;
	return 0;
}

/* ---- classes and components ---- */

static bool has_underscore(const char *name)
{
	return strchr(name, '_') != NULL;
}

int resolve_unit(struct specs *s, struct spec_file *f)
{
	const struct ast_file *a = f->ast;
	struct spec_component *u = pool_alloc(s->pool, sizeof(*u));
	size_t nep = 0, ninst = 0, nflat = 0, i;
	const struct ast_member *m;
	struct spec_endpoint *eps;
	struct spec_instance *insts;
	struct spec_flat_endpoint *flat;

	u->kind = a->kind == F_EDL ? SPEC_CLASS : SPEC_COMPONENT;
	u->name = a->name;
	u->file = f->path;
	u->loc = a->name_loc;
	for (m = a->members; m; m = m->next) {
		if (m->kind == M_ENDPOINT)
			nep++;
		else if (m->kind == M_INSTANCE)
			ninst++;
	}
	eps = pool_alloc(s->pool, (nep + 1) * sizeof(*eps));
	insts = pool_alloc(s->pool, (ninst + 1) * sizeof(*insts));
	nep = ninst = 0;
	for (m = a->members; m; m = m->next) {
		if (m->kind == M_SECURITY) {
			struct spec_file *g;

			if (u->security)
				return specs_fail_at(
				    s, m->loc, "a second 'security' interface for '%s'", u->name);
			g = specs_load_name(s, m->ref, F_IDL, &m->ref_loc);
			if (!g)
				return -1;
			if (!g->package->iface)
				return specs_fail_at(s, m->ref_loc,
						     "package '%s' declares no interface", m->ref);
			u->security = g->package->iface;
			continue;
		}
		if (has_underscore(m->name))
			return specs_fail_at(
			    s, m->loc,
			    "%s name '%s' contains '_' (generated C names use it "
			    "as a separator)",
			    m->kind == M_ENDPOINT ? "endpoint" : "component instance", m->name);
		for (const struct ast_member *o = a->members; o != m; o = o->next)
			if (o->kind != M_SECURITY && !strcmp(o->name, m->name))
				return specs_fail_at(
				    s, m->loc,
				    "'%s' is declared twice in '%s' (first at line "
				    "%u)",
				    m->name, u->name, o->loc.line);
		if (m->kind == M_ENDPOINT) {
			struct spec_file *g = specs_load_name(s, m->ref, F_IDL, &m->ref_loc);

			if (!g)
				return -1;
			if (!g->package->iface)
				return specs_fail_at(s, m->ref_loc,
						     "package '%s' declares no interface, so it "
						     "cannot be an endpoint's interface",
						     m->ref);
			eps[nep].name = m->name;
			eps[nep].iface = g->package->iface;
			eps[nep].loc = m->loc;
			nep++;
			nflat++;
		} else {
			struct spec_file *g = specs_load_name(s, m->ref, F_CDL, &m->ref_loc);

			if (!g)
				return -1;
			insts[ninst].name = m->name;
			insts[ninst].component = g->unit;
			insts[ninst].loc = m->loc;
			nflat += g->unit->nflat;
			ninst++;
		}
	}
	flat = pool_alloc(s->pool, (nflat + 1) * sizeof(*flat));
	nflat = nep = ninst = 0;
	for (m = a->members; m; m = m->next) {
		if (m->kind == M_ENDPOINT) {
			flat[nflat].qname = eps[nep].name;
			flat[nflat].iface = eps[nep].iface;
			flat[nflat].decl = &eps[nep];
			flat[nflat].owner = u;
			flat[nflat].riid = (unsigned int)nflat;
			nflat++;
			nep++;
		} else if (m->kind == M_INSTANCE) {
			const struct spec_component *c = insts[ninst].component;

			for (i = 0; i < c->nflat; i++) {
				flat[nflat] = c->flat[i];
				flat[nflat].qname = pool_printf(s->pool, "%s.%s", insts[ninst].name,
								c->flat[i].qname);
				flat[nflat].riid = (unsigned int)nflat;
				nflat++;
			}
			ninst++;
		}
	}
	u->endpoints = eps;
	u->nendpoints = nep;
	u->instances = insts;
	u->ninstances = ninst;
	u->flat = flat;
	u->nflat = nflat;
	f->unit = u;
	return 0;
}

const struct spec_method *spec_method_by_name(const struct spec_interface *iface, const char *name)
{
	for (size_t i = 0; i < iface->nmethods; i++)
		if (!strcmp(iface->methods[i].name, name))
			return &iface->methods[i];
	return NULL;
}

const struct spec_flat_endpoint *spec_endpoint_by_qname(const struct spec_component *unit,
							const char *qname)
{
	for (size_t i = 0; i < unit->nflat; i++)
		if (!strcmp(unit->flat[i].qname, qname))
			return &unit->flat[i];
	return NULL;
}

const struct spec_flat_endpoint *spec_endpoint_by_riid(const struct spec_component *unit,
						       unsigned int riid)
{
	return riid < unit->nflat ? &unit->flat[riid] : NULL;
}
