// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading a policy image: the engine trusts nothing in it until every section is in bounds and
 * every index in every record points where it should. After psl_image_load succeeds, the
 * evaluator only has to check what depends on the event (message shape, SIDs).
 */
#include <string.h>

#include "psl/engine.h"
#include "engine_internal.h"

uint32_t psl_crc32(const uint8_t *p, size_t n, uint32_t skip_at)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		uint8_t byte = (i >= skip_at && i < (size_t)skip_at + 4) ? 0 : p[i];
		crc ^= byte;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

const char *psl_image_string(const struct psl_image *img, uint32_t id)
{
	if (id >= img->strings_size)
		return "?";
	return img->strings + id;
}

static bool str_ok(const struct psl_image *img, uint32_t id)
{
	return id < img->strings_size;
}

/* A list reference is valid when [count, items...] lies inside LISTS. */
bool psl_list_ok(const struct psl_image *img, uint32_t ref, uint32_t item_words)
{
	if (ref >= img->n_lists)
		return false;
	uint64_t need = (uint64_t)img->lists[ref] * item_words;
	return need <= img->n_lists - ref - 1;
}

static bool dfa_ok(const struct psl_image *img, uint32_t off)
{
	const struct psl_dfa *d;
	uint64_t need;

	if (off & 3 || off > img->regex_size || img->regex_size - off < sizeof(*d))
		return false;
	d = (const struct psl_dfa *)(img->regex + off);
	if (!d->n_states || d->n_states >= PSL_DFA_DEAD || !d->n_classes || d->n_classes > 256)
		return false;
	need = sizeof(*d) + 256 + 2ull * d->n_states * d->n_classes + d->n_states;
	if (need > img->regex_size - off)
		return false;
	const uint8_t *cls = img->regex + off + sizeof(*d);
	for (int i = 0; i < 256; i++)
		if (cls[i] >= d->n_classes)
			return false;
	const uint8_t *nx = cls + 256;
	for (uint64_t i = 0; i < (uint64_t)d->n_states * d->n_classes; i++) {
		uint16_t s = (uint16_t)(nx[2 * i] | nx[2 * i + 1] << 8);
		if (s != PSL_DFA_DEAD && s >= d->n_states)
			return false;
	}
	return true;
}

#define NODE_OK(i) ((i) < img->n_nodes)
#define LIST_OK(r, w) psl_list_ok(img, (r), (w))

static bool list_of_nodes_ok(const struct psl_image *img, uint32_t ref)
{
	if (!LIST_OK(ref, 1))
		return false;
	for (uint32_t i = 0; i < img->lists[ref]; i++)
		if (!NODE_OK(img->lists[ref + 1 + i]))
			return false;
	return true;
}

static bool node_ok(const struct psl_image *img, const struct psl_node *n)
{
	switch (n->op) {
	case PSL_N_INT:
		return n->a < img->n_ints / 2;
	case PSL_N_TEXT:
		return str_ok(img, n->a) && n->b <= img->strings_size - n->a;
	case PSL_N_BOOL:
	case PSL_N_UNIT:
	case PSL_N_MESSAGE:
	case PSL_N_SRC_SID:
	case PSL_N_DST_SID:
		return true;
	case PSL_N_LIST:
		return list_of_nodes_ok(img, n->a);
	case PSL_N_DICT:
		if (!LIST_OK(n->a, 2))
			return false;
		for (uint32_t i = 0; i < img->lists[n->a]; i++)
			if (!str_ok(img, img->lists[n->a + 1 + 2 * i]) ||
			    !NODE_OK(img->lists[n->a + 2 + 2 * i]))
				return false;
		return true;
	case PSL_N_FIELD:
		return NODE_OK(n->a) && str_ok(img, n->b);
	case PSL_N_INDEX:
		return NODE_OK(n->a) && NODE_OK(n->b);
	case PSL_N_BINOP:
		return n->sub < PSL_OP_COUNT && NODE_OK(n->a) && NODE_OK(n->b);
	case PSL_N_UNOP:
		return n->sub <= PSL_OP_BITNOT && NODE_OK(n->a);
	case PSL_N_SIZE:
		return NODE_OK(n->a);
	case PSL_N_EXPR:
	case PSL_S_CALL:
		if (n->sub >= PSL_METHOD_COUNT || n->a >= img->n_objects || !NODE_OK(n->b))
			return false;
		if (n->sub == PSL_RE_MATCH && !dfa_ok(img, n->c))
			return false;
		/* rules are statements, expressions are values: never the other way round */
		if (psl_methods[n->sub].rule != (n->op == PSL_S_CALL))
			return false;
		return img->objects[n->a].model == psl_method_model(n->sub);
	case PSL_S_MATCH:
		return n->a < img->n_selectors && list_of_nodes_ok(img, n->b);
	case PSL_S_CHOICE:
		if (!NODE_OK(n->a) || !list_of_nodes_ok(img, n->b))
			return false;
		if (n->sub && (n->c >= img->n_objects || img->objects[n->c].model != PSL_M_REGEX))
			return false;
		for (uint32_t i = 0; i < img->lists[n->b]; i++) {
			const struct psl_node *c = &img->nodes[img->lists[n->b + 1 + i]];
			if (c->op != PSL_S_CASE)
				return false;
			if (c->a == PSL_NONE)
				continue;
			if (!LIST_OK(c->a, 1))
				return false;
			for (uint32_t j = 0; j < img->lists[c->a]; j++) {
				uint32_t l = img->lists[c->a + 1 + j];
				if (n->sub ? !dfa_ok(img, l) : !NODE_OK(l))
					return false;
			}
		}
		return true;
	case PSL_S_CASE:
		return list_of_nodes_ok(img, n->b);
	}
	return false;
}

static bool config_ok(const struct psl_image *img, const struct psl_object *o)
{
	const uint32_t *c = img->config + o->config;
	uint32_t w = o->config_words;

	if (o->config > img->n_config || w > img->n_config - o->config)
		return false;
	switch (o->model) {
	case PSL_M_HASHSET:
		return w == 3 && c[0] && c[1] && c[2] >= 2 && c[2] <= 4096;
	case PSL_M_STATICMAP:
		if (w < 3 || w != 3 + 2 * c[2] || !c[0] || c[1] < 2 || c[1] > 4096)
			return false;
		for (uint32_t k = 0; k < c[2]; k++)
			if (!str_ok(img, c[3 + 2 * k]) || !NODE_OK(c[4 + 2 * k]))
				return false;
		return true;
	case PSL_M_FLOW:
		if (w < 2 || !c[0] || c[0] > 32 || w != 2 + 2 * c[0] || c[1] >= c[0])
			return false;
		for (uint32_t s = 0; s < c[0]; s++)
			if (!str_ok(img, c[2 + s]))
				return false;
		return true;
	case PSL_M_MIC:
		if (w < 2 || !c[0] || c[0] > 255 || c[1] > 32 || w != 2 + c[0] + c[1])
			return false;
		for (uint32_t s = 0; s < c[0] + c[1]; s++)
			if (!str_ok(img, c[2 + s]))
				return false;
		return true;
	default:
		return w == 0 && o->model < PSL_M_COUNT;
	}
}

static bool selector_ok(const struct psl_image *img, const struct psl_selector *s)
{
	if (s->src_class != PSL_NONE && s->src_class >= img->n_classes)
		return false;
	if (s->dst_class != PSL_NONE && s->dst_class >= img->n_classes)
		return false;
	return s->targets == PSL_NONE || LIST_OK(s->targets, 3);
}

static int verdict_cmp(const struct psl_verdict *v, const uint32_t key[5])
{
	const uint32_t have[5] = {v->kind, v->src_class, v->dst_class, v->riid, v->mid};

	for (int i = 0; i < 5; i++)
		if (have[i] != key[i])
			return have[i] < key[i] ? -1 : 1;
	return 0;
}

#define SECTION(field, count, id, type)                                                            \
	do {                                                                                       \
		const struct psl_section *s_ = &h->sec[id];                                        \
		if (s_->offset & 3 || s_->offset > size || s_->size > size - s_->offset ||         \
		    s_->size % sizeof(type))                                                       \
			return PSL_E_IMAGE;                                                        \
		img->field = (const void *)(img->base + s_->offset);                               \
		img->count = s_->size / sizeof(type);                                              \
	} while (0)

enum psl_status psl_image_load(struct psl_image *img, const void *data, size_t size)
{
	const struct psl_image_header *h = data;

	memset(img, 0, sizeof(*img));
	if (!data || ((uintptr_t)data & 7) || size < sizeof(*h) || size > 0x7fffffffu)
		return PSL_E_IMAGE;
	if (h->magic != PSL_IMAGE_MAGIC || h->version != PSL_IMAGE_VERSION || h->total_size != size)
		return PSL_E_IMAGE;
	if (psl_crc32(data, size, offsetof(struct psl_image_header, checksum)) != h->checksum)
		return PSL_E_IMAGE;
	img->base = data;
	img->size = (uint32_t)size;
	img->hdr = h;
	SECTION(strings, strings_size, PSL_SEC_STRINGS, char);
	SECTION(ints, n_ints, PSL_SEC_INTS, uint32_t);
	SECTION(nodes, n_nodes, PSL_SEC_NODES, struct psl_node);
	SECTION(lists, n_lists, PSL_SEC_LISTS, uint32_t);
	SECTION(classes, n_classes, PSL_SEC_CLASSES, struct psl_class);
	SECTION(endpoints, n_endpoints, PSL_SEC_ENDPOINTS, struct psl_endpoint);
	SECTION(methods, n_methods, PSL_SEC_METHODS, struct psl_method);
	SECTION(objects, n_objects, PSL_SEC_OBJECTS, struct psl_object);
	SECTION(config, n_config, PSL_SEC_CONFIG, uint32_t);
	SECTION(selectors, n_selectors, PSL_SEC_SELECTORS, struct psl_selector);
	SECTION(bindings, n_bindings, PSL_SEC_BINDINGS, struct psl_binding);
	SECTION(regex, regex_size, PSL_SEC_REGEX, uint8_t);
	SECTION(audit, n_audit, PSL_SEC_AUDIT, struct psl_audit_entry);
	SECTION(verdicts, n_verdicts, PSL_SEC_VERDICTS, struct psl_verdict);

	/* Strings: the section ends with a NUL, so every id names a terminated string. */
	if (!img->strings_size || img->strings[img->strings_size - 1] != 0 || img->n_ints & 1)
		return PSL_E_IMAGE;
	if (!str_ok(img, h->execute_iface) ||
	    (h->audit_profile != PSL_NONE && !str_ok(img, h->audit_profile)) ||
	    (h->kernel_class != PSL_NONE && h->kernel_class >= img->n_classes))
		return PSL_E_IMAGE;
	for (uint32_t i = 0; i < img->n_classes; i++) {
		const struct psl_class *c = &img->classes[i];
		if (!str_ok(img, c->name) || c->first_ep > img->n_endpoints ||
		    c->n_ep > img->n_endpoints - c->first_ep)
			return PSL_E_IMAGE;
	}
	for (uint32_t i = 0; i < img->n_endpoints; i++) {
		const struct psl_endpoint *ep = &img->endpoints[i];
		if (ep->class_id >= img->n_classes || !str_ok(img, ep->name) ||
		    !str_ok(img, ep->iface) ||
		    (ep->component != PSL_NONE && !str_ok(img, ep->component)) ||
		    ep->first_method > img->n_methods ||
		    ep->n_methods > img->n_methods - ep->first_method)
			return PSL_E_IMAGE;
	}
	for (uint32_t i = 0; i < img->n_methods; i++)
		if (!str_ok(img, img->methods[i].name))
			return PSL_E_IMAGE;
	for (uint32_t i = 0; i < img->n_nodes; i++)
		if (!node_ok(img, &img->nodes[i]))
			return PSL_E_IMAGE;
	for (uint32_t i = 0; i < img->n_objects; i++)
		if (!str_ok(img, img->objects[i].name) || !config_ok(img, &img->objects[i]))
			return PSL_E_IMAGE;
	for (uint32_t i = 0; i < img->n_selectors; i++)
		if (!selector_ok(img, &img->selectors[i]))
			return PSL_E_IMAGE;
	for (uint32_t i = 0; i < img->n_bindings; i++) {
		const struct psl_binding *b = &img->bindings[i];
		if (b->kind >= PSL_EV_COUNT || b->selector >= img->n_selectors ||
		    !list_of_nodes_ok(img, b->body) ||
		    (b->audit != PSL_NONE && !str_ok(img, b->audit)) || !str_ok(img, b->file))
			return PSL_E_IMAGE;
	}
	for (uint32_t i = 0; i < img->n_audit; i++)
		if (img->audit[i].object >= img->n_objects || !str_ok(img, img->audit[i].profile))
			return PSL_E_IMAGE;
	/* The table is searched by bisection: it must be strictly sorted. */
	for (uint32_t i = 0; i < img->n_verdicts; i++) {
		const struct psl_verdict *v = &img->verdicts[i];
		const uint32_t key[5] = {v->kind, v->src_class, v->dst_class, v->riid, v->mid};
		if (v->verdict > PSL_VERDICT_DENY || (i && verdict_cmp(v - 1, key) >= 0))
			return PSL_E_IMAGE;
	}
	return PSL_OK;
}

uint32_t psl_image_find_class(const struct psl_image *img, const char *name)
{
	for (uint32_t i = 0; i < img->n_classes; i++)
		if (!strcmp(psl_image_string(img, img->classes[i].name), name))
			return i;
	return PSL_NONE;
}

uint32_t psl_image_verdict(const struct psl_image *img, uint32_t kind, uint32_t src_class,
			   uint32_t dst_class, uint32_t riid, uint32_t mid)
{
	const uint32_t key[5] = {kind, src_class, dst_class, riid, mid};
	uint32_t lo = 0, hi = img->n_verdicts;

	while (lo < hi) {
		uint32_t mid_i = lo + (hi - lo) / 2;
		int c = verdict_cmp(&img->verdicts[mid_i], key);
		if (!c)
			return img->verdicts[mid_i].verdict;
		if (c < 0)
			lo = mid_i + 1;
		else
			hi = mid_i;
	}
	return PSL_VERDICT_DYNAMIC;
}
