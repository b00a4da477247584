/* SPDX-License-Identifier: GPL-2.0-only */
/* The methods of the ten models: names, owning model and kind, shared by pslc and the engine. */
#ifndef PSL_METHODS_H
#define PSL_METHODS_H

#include <stdbool.h>
#include <stdint.h>

#include "psl/image.h"

struct psl_method_info {
	const char *name;
	uint8_t model; /* enum psl_model */
	bool rule;     /* a rule (decision) rather than an expression (value) */
	/* the argument's fields, NULL-terminated; NULL for "any expression" */
	const char *const *fields;
};

extern const struct psl_method_info psl_methods[PSL_METHOD_COUNT];
extern const char *const psl_model_names[PSL_M_COUNT];

uint32_t psl_method_model(uint32_t method);
/* The method of a model with that name (also the 1.1 spelling get_uncommited), or PSL_NONE. */
uint32_t psl_method_find(uint32_t model, const char *name);

#endif
