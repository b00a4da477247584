// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

struct pslc *pt_new_compiler(void)
{
	struct pslc *c = pslc_new();

	cr_assert(c);
	pslc_add_include_dir(c, PSL_SRCTREE "/tests/unit/security-monitor/specs");
	pslc_add_include_dir(c, PSL_STDLIB_DIR);
	pslc_add_include_dir(c, PSL_SDK_DIR);
	return c;
}

static struct pt *load(struct pslc *c)
{
	struct pt *t = calloc(1, sizeof(*t));
	size_t mem;

	cr_assert(t);
	t->c = c;
	cr_assert(pslc_compile(c, &t->image, &t->size), "compile failed:\n%s", pslc_diagnostics(c));
	cr_assert_eq(psl_image_load(&t->img, t->image, t->size), PSL_OK);
	mem = psl_engine_mem_size(&t->img, PT_SIDS, 1 << 16);
	t->mem = malloc(mem);
	cr_assert_eq(psl_engine_init(&t->eng, &t->img, PT_SIDS, t->mem, mem, 1 << 16), PSL_OK);
	psl_arena_init(&t->arena, t->arena_buf, sizeof(t->arena_buf));
	t->client = psl_image_find_class(&t->img, "demo.Client");
	t->server = psl_image_find_class(&t->img, "demo.Server");
	return t;
}

struct pt *pt_compile(const char *text)
{
	struct pslc *c = pt_new_compiler();

	cr_assert(pslc_parse_text(c, "test.psl", text, strlen(text)), "parse failed:\n%s",
		  pslc_diagnostics(c));
	return load(c);
}

struct pt *pt_compile_file_with(const char *path, const char *dir)
{
	struct pslc *c = pslc_new();

	cr_assert(c);
	pslc_add_include_dir(c, dir);
	pslc_add_include_dir(c, PSL_STDLIB_DIR);
	pslc_add_include_dir(c, PSL_SDK_DIR);
	cr_assert(pslc_parse_file(c, path), "parse failed:\n%s", pslc_diagnostics(c));
	return load(c);
}

struct pt *pt_compile_file(const char *path)
{
	struct pslc *c = pt_new_compiler();

	cr_assert(pslc_parse_file(c, path), "parse failed:\n%s", pslc_diagnostics(c));
	return load(c);
}

void pt_free(struct pt *t)
{
	pslc_free(t->c);
	free(t->mem);
	free(t);
}

const char *pt_errors(const char *text)
{
	static char buf[8192];
	struct pslc *c = pt_new_compiler();
	bool ok = pslc_parse_text(c, "test.psl", text, strlen(text)) && pslc_compile(c, NULL, NULL);

	cr_assert(!ok, "expected an error in:\n%s", text);
	snprintf(buf, sizeof(buf), "%s", pslc_diagnostics(c));
	pslc_free(c);
	return buf;
}

struct psl_value *pt_dict(struct pt *t, ...)
{
	struct psl_builder b;
	va_list ap;
	const char *key;

	cr_assert(psl_dict_new(&t->arena, &b, 16));
	va_start(ap, t);
	while ((key = va_arg(ap, const char *)))
		cr_assert(psl_dict_put(&b, key, va_arg(ap, struct psl_value)));
	va_end(ap);
	return b.value;
}

struct psl_value pt_list_int(struct pt *t, unsigned n, const int64_t *v)
{
	struct psl_builder b;

	cr_assert(psl_list_new(&t->arena, &b, n));
	for (unsigned i = 0; i < n; i++)
		cr_assert(psl_list_add(&b, psl_int(v[i])));
	return *b.value;
}

void pt_target(struct pt *t, uint32_t cls, const char *endpoint, const char *method, uint32_t *riid,
	       uint32_t *mid)
{
	cr_assert_lt(cls, t->img.n_classes);
	const struct psl_class *c = &t->img.classes[cls];
	for (uint32_t e = c->first_ep; e < c->first_ep + c->n_ep; e++) {
		const struct psl_endpoint *ep = &t->img.endpoints[e];
		if (strcmp(psl_image_string(&t->img, ep->name), endpoint))
			continue;
		for (uint32_t m = ep->first_method; m < ep->first_method + ep->n_methods; m++)
			if (!strcmp(psl_image_string(&t->img, t->img.methods[m].name), method)) {
				*riid = ep->riid;
				*mid = t->img.methods[m].mid;
				return;
			}
	}
	cr_assert_fail("no %s.%s in class %u", endpoint, method, cls);
}

enum psl_status pt_event(struct pt *t, uint32_t kind, uint32_t src_sid, uint32_t src_class,
			 uint32_t dst_sid, uint32_t dst_class, const char *endpoint,
			 const char *method, const struct psl_value *msg)
{
	struct psl_event ev = {kind, src_sid, src_class, dst_sid, dst_class, PSL_NONE, 0, msg};

	if (endpoint)
		pt_target(t, kind == PSL_EV_REQUEST ? dst_class : src_class, endpoint, method,
			  &ev.riid, &ev.mid);
	return psl_engine_decide(&t->eng, &ev);
}

enum psl_status pt_request_from(struct pt *t, uint32_t src_sid, const char *endpoint,
				const char *method, const struct psl_value *msg)
{
	return pt_event(t, PSL_EV_REQUEST, src_sid, t->client, 2, t->server, endpoint, method, msg);
}

enum psl_status pt_request(struct pt *t, const char *endpoint, const char *method,
			   const struct psl_value *msg)
{
	return pt_request_from(t, 1, endpoint, method, msg);
}
