/* SPDX-License-Identifier: GPL-2.0-only */
/* Checking and compiling expressions, statements and selectors (compile.c, objects.c). */
#ifndef PSLC_SEMA_H
#define PSLC_SEMA_H

#include "compiled.h"

struct spec_type;

/* What the compiler knows about the type of an expression. */
enum ty_kind { TY_ANY, TY_INT, TY_TEXT, TY_BOOL, TY_UNIT, TY_SID, TY_LIST, TY_DICT, TY_MSG };
struct ty {
	enum ty_kind k;
	const struct spec_type *spec; /* for message fields */
	const struct obj *flow;	      /* the Flow object of a flow.query */
};

/* A (endpoint, method) pair an event of a binding may concern. */
struct cand {
	uint32_t ep;
	uint32_t mid;
};

struct ast *dict_get(struct ast *dict, const char *key);
uint32_t obj_find(const struct compiled *k, const char *name);
int flow_state(const struct obj *o, const char *name);
bool profile_known(const struct compiled *k, const char *name);
bool compile_objects(struct pslc *c, struct compiled *k);
bool compile_profiles(struct pslc *c, struct compiled *k);
/* A constant expression (no message, no SIDs): configuration values. PSL_NONE on error. */
uint32_t compile_const(struct pslc *c, struct compiled *k, struct ast *e, struct ty *t);
bool compile_bindings(struct pslc *c, struct compiled *k);
/* The execute interface exists and has the method main. */
bool specs_interface_ok(struct pslc *c, struct ast *decl);

#endif
