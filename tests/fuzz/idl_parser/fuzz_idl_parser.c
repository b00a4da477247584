// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer: any bytes as a specification. It must load or fail with a message, never crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <specs/specs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct specs *s = specs_new();
	const struct spec_component *u;
	const struct spec_package *p;

	specs_add_include_dir(s, BH_SPECS_SDK_DIR);
	if (specs_load_buffer(s, "input", (const char *)data, size, &u, &p)) {
		/* Every failure has a message. */
		if (!*specs_error(s))
			__builtin_trap();
	} else if (u) {
		for (size_t i = 0; i < u->nflat; i++)
			if (u->flat[i].riid != i || !u->flat[i].iface)
				__builtin_trap();
	} else if (p && p->iface) {
		for (size_t i = 0; i < p->iface->nmethods; i++)
			if (p->iface->methods[i].mid != i)
				__builtin_trap();
	}
	specs_free(s);
	return 0;
}
