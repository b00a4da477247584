// SPDX-License-Identifier: GPL-2.0-only
/*
 * Audit metadata (pslc --audit): what a decoder needs to print audit records with names. One
 * fact a line: "class <id> <name>", "object <index> <name> <model>", "state <object> <index>
 * <name>", "method <id> <name>", "endpoint <class> <riid> <name>".
 */
#include "sema.h"

bool pslc_write_audit_meta(struct pslc *c, FILE *out)
{
	const struct compiled *k = c->comp;

	if (!k || !c->image)
		return false;
	fprintf(out, "# pslc audit metadata v1\n");
	for (uint32_t i = 0; i < k->n_classes; i++)
		fprintf(out, "class %u %s\n", i, k->classes[i].name);
	for (uint32_t i = 0; i < k->n_eps; i++)
		fprintf(out, "endpoint %u %u %s\n", k->eps[i].cls, k->eps[i].riid, k->eps[i].qname);
	for (uint32_t i = 0; i < k->n_objs; i++) {
		fprintf(out, "object %u %s %s\n", i, k->objs[i].name,
			psl_model_names[k->objs[i].model]);
		for (uint32_t s = 0; s < k->objs[i].n_states; s++)
			fprintf(out, "state %u %u %s\n", i, s, k->objs[i].states[s]);
	}
	for (uint32_t m = 0; m < PSL_METHOD_COUNT; m++)
		fprintf(out, "method %u %s\n", m, psl_methods[m].name);
	return !ferror(out);
}
