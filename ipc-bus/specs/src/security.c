// SPDX-License-Identifier: GPL-2.0-only
/*
 * The security interface of a class or component (EDL/CDL `security pkg.Iface`): the one it
 * declares, else the first one found among its component instances, depth first in
 * declaration order. idlc (the schema), einit (which partitions need one) and pslc (the
 * policy's `security` rules) must agree on it, so there is one definition, here.
 */
#include <stddef.h>

#include <specs/specs.h>

static const struct spec_interface *find(const struct spec_component *u, unsigned int depth)
{
	if (u->security || depth > 32)
		return u->security;
	for (size_t i = 0; i < u->ninstances; i++) {
		const struct spec_interface *si =
		    u->instances[i].component ? find(u->instances[i].component, depth + 1) : NULL;

		if (si)
			return si;
	}
	return NULL;
}

const struct spec_interface *spec_security_interface(const struct spec_component *unit)
{
	return unit ? find(unit, 0) : NULL;
}
