/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PSL values as the engine sees them: the decoded message of an event, the results of
 * expressions and the configuration of model objects. A value tree lives in a caller-supplied
 * arena; nothing here calls malloc, so the same code runs on the host and in the monitor.
 */
#ifndef PSL_VALUE_H
#define PSL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum psl_vkind {
	PSL_V_UNIT,
	PSL_V_BOOL,
	PSL_V_INT,
	PSL_V_TEXT,
	PSL_V_LIST, /* List, Set, Array, Sequence, tuples */
	PSL_V_DICT, /* records and the message itself */
	PSL_V_SID,
};

struct psl_dict_entry;

struct psl_value {
	uint8_t kind; /* enum psl_vkind */
	uint32_t n;   /* text length, list or dict size */
	union {
		bool b;
		int64_t i;
		uint32_t sid;
		const char *text; /* not NUL-terminated: use n */
		const struct psl_value *items;
		const struct psl_dict_entry *entries;
	};
};

struct psl_dict_entry {
	const char *key; /* NUL-terminated field name */
	struct psl_value value;
};

/* A bump allocator over a fixed buffer; reset between events. */
struct psl_arena {
	uint8_t *base;
	size_t size;
	size_t used;
};

void psl_arena_init(struct psl_arena *a, void *buf, size_t size);
/* size bytes, 8-byte aligned; NULL when they do not fit (inline: a decoder calls it often). */
static inline void *psl_arena_alloc(struct psl_arena *a, size_t size)
{
	size_t start = (a->used + 7) & ~(size_t)7;

	if (start > a->size || size > a->size - start)
		return NULL;
	a->used = start + size;
	return a->base + start;
}
static inline void psl_arena_reset(struct psl_arena *a)
{
	a->used = 0;
}

/* Scalar constructors (no allocation); inline, since evaluating an expression makes many. */
static inline struct psl_value psl_unit(void)
{
	return (struct psl_value){.kind = PSL_V_UNIT};
}

static inline struct psl_value psl_bool(bool b)
{
	return (struct psl_value){.kind = PSL_V_BOOL, .b = b};
}

static inline struct psl_value psl_int(int64_t i)
{
	return (struct psl_value){.kind = PSL_V_INT, .i = i};
}

static inline struct psl_value psl_sid(uint32_t sid)
{
	return (struct psl_value){.kind = PSL_V_SID, .sid = sid};
}

static inline struct psl_value psl_text(const char *s, uint32_t len)
{
	return (struct psl_value){.kind = PSL_V_TEXT, .n = len, .text = s};
}

struct psl_value psl_cstr(const char *s);

/*
 * Builders for the message tree: psl_list_new/psl_dict_new reserve room for cap items in the
 * arena; add/put fill them. They return false when the arena or the capacity is exhausted, so
 * a decoder of hostile binary messages stops cleanly.
 */
struct psl_builder {
	struct psl_value *value; /* the list or dictionary being built */
	uint32_t cap;
};
bool psl_list_new(struct psl_arena *a, struct psl_builder *b, uint32_t cap);
bool psl_list_add(struct psl_builder *b, struct psl_value item);
bool psl_dict_new(struct psl_arena *a, struct psl_builder *b, uint32_t cap);
bool psl_dict_put(struct psl_builder *b, const char *key, struct psl_value v);

/*
 * Structural access and comparison. A field is found by pointer before its text is compared:
 * the monitor decodes messages with the image's own field names. Inline: every field a rule
 * reads is one look-up.
 */
static inline const struct psl_value *psl_dict_get(const struct psl_value *dict, const char *key)
{
	if (!dict || dict->kind != PSL_V_DICT)
		return NULL;
	for (uint32_t i = 0; i < dict->n; i++)
		if (dict->entries[i].key == key || !strcmp(dict->entries[i].key, key))
			return &dict->entries[i].value;
	return NULL;
}
bool psl_value_equal(const struct psl_value *a, const struct psl_value *b);
/*
 * Order of comparable values (integers with integers, texts with texts, SIDs with SIDs):
 * returns false when the kinds cannot be ordered.
 */
bool psl_value_compare(const struct psl_value *a, const struct psl_value *b, int *order);

/*
 * A canonical byte encoding, used to store values in model state (HashSet entries, StaticMap
 * values). Returns the encoded length, or 0 if it does not fit in cap.
 */
size_t psl_value_encode(const struct psl_value *v, uint8_t *out, size_t cap);
/* Decodes what psl_value_encode wrote; lists and dicts are allocated in the arena. */
bool psl_value_decode(const uint8_t *in, size_t len, struct psl_arena *a, struct psl_value *v);

#endif
