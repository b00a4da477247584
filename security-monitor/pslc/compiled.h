/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiler's model of a policy between checking and writing the image. */
#ifndef PSLC_COMPILED_H
#define PSLC_COMPILED_H

#include "internal.h"
#include "psl/image.h"
#include "psl/methods.h"

struct spec_component;
struct spec_interface;

/* A growable byte buffer: one per image section. */
struct vec {
	uint8_t *data;
	size_t len, cap;
};
uint32_t vec_put(struct vec *v, const void *p, size_t n); /* returns the offset */
uint32_t vec_u32(struct vec *v, uint32_t w);		  /* returns the word index */

struct cls {
	const char *name;
	const struct spec_component *spec;
	uint32_t first_ep, n_ep;
	struct psl_loc loc;
};

struct ep {
	uint32_t cls;
	uint32_t riid;
	const char *qname;
	const char *iface;
	const char *component; /* NULL: declared by the class itself */
	const struct spec_interface *si;
};

struct obj {
	const char *name;
	uint32_t model;
	struct ast *decl;
	uint32_t index;
	const char **states; /* Flow */
	uint32_t n_states;
	const char **names; /* Mic: degrees then categories */
	uint32_t n_degrees, n_categories;
	bool audited;
};

struct compiled {
	struct vec sec[PSL_SEC_COUNT];
	char **str_keys; /* string table dedup: open addressing */
	uint32_t *str_ids;
	size_t str_cap, str_n;
	struct cls *classes;
	uint32_t n_classes;
	struct ep *eps;
	uint32_t n_eps;
	struct obj *objs;
	uint32_t n_objs;
	struct ast **profiles;
	uint32_t n_profiles;
	struct ast *exec_iface, *audit_default;
	uint32_t kernel_class;
	struct ast **suites;
	uint32_t n_suites;
	struct ast **aliases;
	uint32_t n_aliases;
	uint32_t base_obj; /* object `base`, PSL_NONE without nk/base.psl */
};

uint32_t str_id(struct compiled *k, const char *s);
uint32_t int_const(struct compiled *k, int64_t v);
uint32_t node_add(struct compiled *k, uint16_t op, uint16_t sub, uint32_t a, uint32_t b,
		  uint32_t c);
struct psl_node *node_at(struct compiled *k, uint32_t i);
/* A list [count, items...] in LISTS; items_per is the words per item. */
uint32_t list_add(struct compiled *k, const uint32_t *items, uint32_t count, uint32_t words_per);

/* classes.c */
bool load_classes(struct pslc *c, struct compiled *k);
uint32_t class_find(const struct compiled *k, const char *name);
uint32_t method_mid(const struct ep *e, const char *name);
size_t ep_method_count(const struct ep *e);
const char *ep_method_name(const struct ep *e, size_t i);
/* The message fields of a method for an event kind (in, out or error parameters). */
const struct spec_param *method_params(const struct ep *e, uint32_t mid, size_t *n);

/* regex.c: compiles a pattern to a DFA in REGEX; false with a message on a bad pattern. */
bool regex_compile(struct compiled *k, const char *pattern, size_t len, uint32_t *dfa_off,
		   char *err, size_t errlen, size_t *err_pos);

/* verdict.c */
void verdicts_build(struct pslc *c, struct compiled *k);

/* The image as it is assembled (also used by the test runner and verdict.c). */
bool image_finish(struct pslc *c, struct compiled *k);

#endif
