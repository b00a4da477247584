// SPDX-License-Identifier: GPL-2.0-only
/* pslc_compile: the global declarations, then classes, objects, profiles, bindings, verdicts. */
#include <stdlib.h>
#include <string.h>

#include "sema.h"

void pslc_compiled_free(struct pslc *c);

static bool globals(struct pslc *c, struct compiled *k)
{
	bool ok = true;

	for (struct ast *d = c->decls; d; d = d->next) {
		if (d->kind == A_EXECUTE_IFACE) {
			/* The same declaration in two files is harmless; two different ones are
			 * not. */
			if (k->exec_iface && strcmp(k->exec_iface->s, d->s)) {
				pslc_error(c, d->loc,
					   "second execute interface '%s' (first: '%s' at "
					   "%s:%d)",
					   d->s, k->exec_iface->s, k->exec_iface->loc.file,
					   k->exec_iface->loc.line);
				ok = false;
			}
			if (!k->exec_iface)
				k->exec_iface = d;
		} else if (d->kind == A_AUDIT_DEFAULT) {
			if (k->audit_default) {
				pslc_error(c, d->loc, "audit default given twice");
				ok = false;
			}
			k->audit_default = d;
		} else if (d->kind == A_SUITE) {
			k->suites = realloc(k->suites, sizeof(*k->suites) * (k->n_suites + 1));
			k->suites[k->n_suites++] = d;
		} else if (d->kind == A_TYPE_ALIAS) {
			for (uint32_t i = 0; i < k->n_aliases; i++)
				if (!strcmp(k->aliases[i]->s, d->s)) {
					pslc_error(c, d->loc, "type '%s' defined twice", d->s);
					ok = false;
				}
			k->aliases = realloc(k->aliases, sizeof(*k->aliases) * (k->n_aliases + 1));
			k->aliases[k->n_aliases++] = d;
		}
	}
	if (!k->exec_iface) {
		struct psl_loc l = {c->sources ? c->sources->path : NULL, 1, 1};
		pslc_error(c, l, "the policy has no execute interface (execute: kl.core.Execute)");
		return false;
	}
	if (!specs_interface_ok(c, k->exec_iface))
		ok = false;
	return ok;
}

bool pslc_compile(struct pslc *c, const uint8_t **image, size_t *size)
{
	struct compiled *k;

	if (c->errors)
		return false;
	pslc_compiled_free(c);
	k = c->comp = calloc(1, sizeof(*k));
	if (!k)
		return false;
	bool ok = globals(c, k);
	ok = load_classes(c, k) && ok;
	ok = compile_objects(c, k) && ok;
	ok = compile_profiles(c, k) && ok;
	if (k->audit_default && !profile_known(k, k->audit_default->s)) {
		pslc_error(c, k->audit_default->loc, "unknown audit profile '%s'",
			   k->audit_default->s);
		ok = false;
	}
	/* Class table for the image: names, endpoints, methods. */
	for (uint32_t i = 0; i < k->n_classes; i++) {
		struct psl_class cl = {str_id(k, k->classes[i].name), k->classes[i].first_ep,
				       k->classes[i].n_ep};
		vec_put(&k->sec[PSL_SEC_CLASSES], &cl, sizeof(cl));
	}
	for (uint32_t i = 0; i < k->n_eps; i++) {
		const struct ep *e = &k->eps[i];
		struct psl_endpoint r = {
		    e->cls,
		    e->riid,
		    str_id(k, e->qname),
		    str_id(k, e->iface),
		    e->component ? str_id(k, e->component) : PSL_NONE,
		    (uint32_t)(k->sec[PSL_SEC_METHODS].len / sizeof(struct psl_method)),
		    (uint32_t)ep_method_count(e)};
		for (size_t m = 0; m < ep_method_count(e); m++) {
			struct psl_method pm = {str_id(k, ep_method_name(e, m)), (uint32_t)m};
			vec_put(&k->sec[PSL_SEC_METHODS], &pm, sizeof(pm));
		}
		vec_put(&k->sec[PSL_SEC_ENDPOINTS], &r, sizeof(r));
	}
	if (ok)
		ok = compile_bindings(c, k);
	if (ok && !c->errors)
		verdicts_build(c, k);
	if (!ok || c->errors || !image_finish(c, k))
		return false;
	if (image)
		*image = c->image;
	if (size)
		*size = c->image_size;
	return true;
}
