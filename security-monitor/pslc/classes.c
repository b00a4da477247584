// SPDX-License-Identifier: GPL-2.0-only
/*
 * Classes of the policy: every `use EDL` is loaded through libspecs (ipc-bus/specs) and its
 * flattened endpoints become the class's endpoints, riid as libspecs numbers them; the
 * security interface, when there is one, is one more endpoint with riid PSL_RIID_SECURITY.
 * Class ids are assigned here, in the order of the `use EDL` lines.
 */
#include <stdlib.h>
#include <string.h>

#include "compiled.h"
#include "sema.h"
#include "specs/specs.h"

uint32_t class_find(const struct compiled *k, const char *name)
{
	for (uint32_t i = 0; i < k->n_classes; i++)
		if (!strcmp(k->classes[i].name, name))
			return i;
	return PSL_NONE;
}

static void add_ep(struct compiled *k, uint32_t cls, uint32_t riid, const char *qname,
		   const struct spec_interface *si, const char *component)
{
	struct ep *e;

	k->eps = realloc(k->eps, sizeof(*k->eps) * (k->n_eps + 1));
	if (!k->eps)
		abort();
	e = &k->eps[k->n_eps++];
	e->cls = cls;
	e->riid = riid;
	e->qname = qname;
	e->iface = si->name;
	e->si = si;
	e->component = component;
}

bool load_classes(struct pslc *c, struct compiled *k)
{
	bool ok = true;

	k->kernel_class = PSL_NONE;
	for (struct ast *d = c->decls; d; d = d->next) {
		if (d->kind != A_USE_EDL || class_find(k, d->s) != PSL_NONE)
			continue;
		const struct spec_component *sc = specs_class(c->specs, d->s);
		if (!sc) {
			pslc_error(c, d->loc, "cannot load the EDL of class '%s'", d->s);
			pslc_error_raw(c, specs_error(c->specs));
			c->errors--; /* one error, two messages */
			ok = false;
			continue;
		}
		k->classes = realloc(k->classes, sizeof(*k->classes) * (k->n_classes + 1));
		if (!k->classes)
			abort();
		uint32_t id = k->n_classes++;
		struct cls *cl = &k->classes[id];
		cl->name = d->s;
		cl->spec = sc;
		cl->loc = d->loc;
		cl->first_ep = k->n_eps;
		for (size_t i = 0; i < sc->nflat; i++) {
			const struct spec_flat_endpoint *f = &sc->flat[i];
			add_ep(k, id, f->riid, f->qname, f->iface,
			       f->owner && f->owner != sc ? f->owner->name : NULL);
		}
		const struct spec_interface *sec = spec_security_interface(sc);
		if (sec)
			add_ep(k, id, PSL_RIID_SECURITY, "security", sec, NULL);
		cl->n_ep = k->n_eps - cl->first_ep;
		if (!strcmp(d->s, "kl.core.Core"))
			k->kernel_class = id;
	}
	return ok;
}

size_t ep_method_count(const struct ep *e)
{
	return e->si->nmethods;
}

const char *ep_method_name(const struct ep *e, size_t i)
{
	return e->si->methods[i].name;
}

uint32_t method_mid(const struct ep *e, const char *name)
{
	const struct spec_method *m = spec_method_by_name(e->si, name);

	return m ? m->mid : PSL_NONE;
}

const struct spec_param *method_params(const struct ep *e, uint32_t mid, size_t *n)
{
	if (mid >= e->si->nmethods) {
		*n = 0;
		return NULL;
	}
	*n = e->si->methods[mid].nparams;
	return e->si->methods[mid].params;
}

bool specs_interface_ok(struct pslc *c, struct ast *decl)
{
	const struct spec_interface *si = specs_interface(c->specs, decl->s);

	if (!si) {
		pslc_error(c, decl->loc, "cannot load the execute interface '%s'", decl->s);
		pslc_error_raw(c, specs_error(c->specs));
		c->errors--;
		return false;
	}
	if (!spec_method_by_name(si, "main")) {
		pslc_error(c, decl->loc, "the execute interface '%s' has no method main", decl->s);
		return false;
	}
	return true;
}
