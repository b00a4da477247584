// SPDX-License-Identifier: GPL-2.0-only
/* Assembling the image: section buffers, the string table, constants, nodes, lists, checksum. */
#include <stdlib.h>
#include <string.h>

#include "compiled.h"
#include "psl/engine.h"

uint32_t psl_crc32(const uint8_t *p, size_t n, uint32_t skip_at);

uint32_t vec_put(struct vec *v, const void *p, size_t n)
{
	size_t off = v->len;

	if (v->len + n > v->cap) {
		size_t cap = (v->cap + n) * 2 + 64;
		uint8_t *d = realloc(v->data, cap);
		if (!d)
			abort();
		v->data = d;
		v->cap = cap;
	}
	if (n)
		memcpy(v->data + v->len, p, n);
	v->len += n;
	return (uint32_t)off;
}

uint32_t vec_u32(struct vec *v, uint32_t w)
{
	return vec_put(v, &w, 4) / 4;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

uint32_t str_id(struct compiled *k, const char *s)
{
	if (k->str_n * 2 >= k->str_cap) {
		size_t cap = k->str_cap ? k->str_cap * 2 : 256;
		char **keys = calloc(cap, sizeof(*keys));
		uint32_t *ids = calloc(cap, sizeof(*ids));
		if (!keys || !ids)
			abort();
		for (size_t i = 0; i < k->str_cap; i++) {
			if (!k->str_keys[i])
				continue;
			size_t j = hash(k->str_keys[i]) & (cap - 1);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = k->str_keys[i];
			ids[j] = k->str_ids[i];
		}
		free(k->str_keys);
		free(k->str_ids);
		k->str_keys = keys;
		k->str_ids = ids;
		k->str_cap = cap;
	}
	size_t j = hash(s) & (k->str_cap - 1);
	while (k->str_keys[j]) {
		if (!strcmp(k->str_keys[j], s))
			return k->str_ids[j];
		j = (j + 1) & (k->str_cap - 1);
	}
	uint32_t id = vec_put(&k->sec[PSL_SEC_STRINGS], s, strlen(s) + 1);
	k->str_keys[j] = strdup(s);
	k->str_ids[j] = id;
	k->str_n++;
	return id;
}

uint32_t int_const(struct compiled *k, int64_t v)
{
	uint32_t w[2] = {(uint32_t)v, (uint32_t)((uint64_t)v >> 32)};

	return vec_put(&k->sec[PSL_SEC_INTS], w, 8) / 8;
}

uint32_t node_add(struct compiled *k, uint16_t op, uint16_t sub, uint32_t a, uint32_t b, uint32_t c)
{
	struct psl_node n = {op, sub, a, b, c};

	return vec_put(&k->sec[PSL_SEC_NODES], &n, sizeof(n)) / sizeof(n);
}

struct psl_node *node_at(struct compiled *k, uint32_t i)
{
	return (struct psl_node *)k->sec[PSL_SEC_NODES].data + i;
}

uint32_t list_add(struct compiled *k, const uint32_t *items, uint32_t count, uint32_t words_per)
{
	uint32_t ref = vec_u32(&k->sec[PSL_SEC_LISTS], count);

	vec_put(&k->sec[PSL_SEC_LISTS], items, (size_t)count * words_per * 4);
	return ref;
}

void pslc_compiled_free(struct pslc *c)
{
	struct compiled *k = c->comp;

	free(c->image);
	c->image = NULL;
	if (!k)
		return;
	for (int i = 0; i < PSL_SEC_COUNT; i++)
		free(k->sec[i].data);
	for (size_t i = 0; i < k->str_cap; i++)
		free(k->str_keys[i]);
	free(k->str_keys);
	free(k->str_ids);
	free(k->classes);
	free(k->eps);
	for (uint32_t i = 0; i < k->n_objs; i++) {
		free(k->objs[i].states);
		free(k->objs[i].names);
	}
	free(k->objs);
	free(k->profiles);
	free(k->suites);
	free(k->aliases);
	free(k);
	c->comp = NULL;
}

bool image_finish(struct pslc *c, struct compiled *k)
{
	struct psl_image_header h = {0};
	size_t off = (sizeof(h) + 7) & ~(size_t)7, total;

	/* An empty section still needs a valid place; STRINGS always ends with a NUL. */
	if (!k->sec[PSL_SEC_STRINGS].len)
		str_id(k, "");
	for (int i = 0; i < PSL_SEC_COUNT; i++) {
		h.sec[i].offset = (uint32_t)off;
		h.sec[i].size = (uint32_t)k->sec[i].len;
		off = (off + k->sec[i].len + 7) & ~(size_t)7;
	}
	total = off;
	if (total > 0x7fffffff)
		return false;
	c->image = calloc(1, total);
	if (!c->image)
		return false;
	h.magic = PSL_IMAGE_MAGIC;
	h.version = PSL_IMAGE_VERSION;
	h.total_size = (uint32_t)total;
	h.execute_iface = k->exec_iface ? str_id(k, k->exec_iface->s) : str_id(k, "");
	h.audit_profile = k->audit_default ? str_id(k, k->audit_default->s) : PSL_NONE;
	h.audit_level = k->audit_default ? (uint32_t)k->audit_default->i : 0;
	h.kernel_class = k->kernel_class;
	/* str_id above may have grown STRINGS: lay out again (it is the first section). */
	off = (sizeof(h) + 7) & ~(size_t)7;
	for (int i = 0; i < PSL_SEC_COUNT; i++) {
		h.sec[i].offset = (uint32_t)off;
		h.sec[i].size = (uint32_t)k->sec[i].len;
		off = (off + k->sec[i].len + 7) & ~(size_t)7;
	}
	if (off != total) {
		free(c->image);
		total = off;
		c->image = calloc(1, total);
		if (!c->image)
			return false;
		h.total_size = (uint32_t)total;
	}
	memcpy(c->image, &h, sizeof(h));
	for (int i = 0; i < PSL_SEC_COUNT; i++)
		if (k->sec[i].len)
			memcpy(c->image + h.sec[i].offset, k->sec[i].data, k->sec[i].len);
	h.checksum = psl_crc32(c->image, total, offsetof(struct psl_image_header, checksum));
	memcpy(c->image + offsetof(struct psl_image_header, checksum), &h.checksum, 4);
	c->image_size = total;
	return true;
}
