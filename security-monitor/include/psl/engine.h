/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The policy engine: decides security events against a loaded policy image. Freestanding: the
 * caller hands it one block of memory at init (psl_engine_mem_size() says how much); after
 * that it allocates nothing. Model state is kept per SID (0 .. max_sids-1).
 */
#ifndef PSL_ENGINE_H
#define PSL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psl/image.h"
#include "psl/plan.h"
#include "psl/value.h"

/* Why an event was denied (or why loading failed). */
enum psl_status {
	PSL_OK,
	PSL_E_DENIED,	/* a rule returned "denied" */
	PSL_E_NO_MATCH, /* no binding matched, or none of the matching ones ran a rule */
	PSL_E_TYPE,	/* an operand or argument of the wrong kind */
	PSL_E_INDEX,	/* index out of range */
	PSL_E_FIELD,	/* missing dictionary field */
	PSL_E_OVERFLOW, /* integer overflow */
	PSL_E_SID,	/* SID out of range or without model state */
	PSL_E_NO_CASE,	/* a choice with no matching branch */
	PSL_E_MEMORY,	/* the per-event scratch arena or an entry slot was too small */
	PSL_E_IMAGE,	/* malformed policy image */
	PSL_E_DEPTH,	/* expression nesting too deep */
};

const char *psl_status_name(enum psl_status s);

struct psl_event {
	uint32_t kind; /* enum psl_event_kind */
	uint32_t src_sid, src_class;
	uint32_t dst_sid, dst_class; /* PSL_NONE for security events */
	uint32_t riid;		     /* PSL_NONE for execute */
	uint32_t mid;
	const struct psl_value *message; /* a dictionary; NULL is an empty one */
};

/* One audit record: a rule or audited expression of an event, with the event's decision. */
struct psl_audit_record {
	const struct psl_event *event;
	uint32_t object;     /* index into the image's objects */
	uint32_t method;     /* enum psl_method_id */
	bool rule_granted;   /* this rule's (or expression's true/false) outcome */
	bool event_granted;  /* the decision of the whole event */
	uint32_t state_from; /* Flow: states before/after, PSL_NONE otherwise */
	uint32_t state_to;
};
typedef void (*psl_audit_fn)(void *ctx, const struct psl_audit_record *rec);

/* A loaded image: pointers into it, after validation. */
struct psl_image {
	const uint8_t *base;
	uint32_t size;
	const struct psl_image_header *hdr;
	const char *strings;
	uint32_t strings_size;
	const uint32_t *ints;
	uint32_t n_ints;
	const struct psl_node *nodes;
	uint32_t n_nodes;
	const uint32_t *lists;
	uint32_t n_lists;
	const struct psl_class *classes;
	uint32_t n_classes;
	const struct psl_endpoint *endpoints;
	uint32_t n_endpoints;
	const struct psl_method *methods;
	uint32_t n_methods;
	const struct psl_object *objects;
	uint32_t n_objects;
	const uint32_t *config;
	uint32_t n_config;
	const struct psl_selector *selectors;
	uint32_t n_selectors;
	const struct psl_binding *bindings;
	uint32_t n_bindings;
	const uint8_t *regex;
	uint32_t regex_size;
	const struct psl_audit_entry *audit;
	uint32_t n_audit;
	const struct psl_verdict *verdicts;
	uint32_t n_verdicts;
};

/* Checks magic, version, checksum, bounds of every section and every reference. */
enum psl_status psl_image_load(struct psl_image *img, const void *data, size_t size);
const char *psl_image_string(const struct psl_image *img, uint32_t id);
uint32_t psl_image_find_class(const struct psl_image *img, const char *name);
/* Static verdict for a tuple (enum psl_verdict_value); DYNAMIC when not listed. */
uint32_t psl_image_verdict(const struct psl_image *img, uint32_t kind, uint32_t src_class,
			   uint32_t dst_class, uint32_t riid, uint32_t mid);

#define PSL_MAX_AUDIT_PER_EVENT 32

/*
 * Whether a selector matches depends only on the event's kind, classes, endpoint and method,
 * never on its message or on model state: the engine remembers the outcomes for the last few
 * such tuples (one byte per selector each: 0 not known yet, 1 no, 2 yes), so that a stream of
 * events of one tuple does not walk the selectors' target lists again each time.
 */
#define PSL_SEL_MEMO_WAYS 4
struct psl_sel_memo_key {
	uint32_t kind, src_class, dst_class, riid, mid;
	bool valid;
};

struct psl_engine {
	struct psl_image img;
	uint32_t max_sids;
	uint8_t *state;	     /* all model state, one region per object */
	uint8_t *undo;	     /* copies of regions changed by the current event */
	uint32_t *state_off; /* per object: offset of its region in state */
	uint32_t *state_len;
	uint8_t *dirty;	   /* per object: copied into undo in this event */
	uint32_t n_dirty;  /* objects with dirty set */
	uint8_t *sel_memo; /* PSL_SEL_MEMO_WAYS rows of n_selectors outcomes */
	uint8_t *sel_row;  /* the row of the current event's tuple */
	struct psl_sel_memo_key sel_key[PSL_SEL_MEMO_WAYS];
	uint32_t sel_next; /* the row to reuse next (round robin) */
	uint32_t sel_hit;  /* the row of the last event */
	struct psl_plan plan[PSL_SEL_MEMO_WAYS]; /* per memo row: its tuple's plan (psl/plan.h) */
	bool plan_off;				 /* psl_engine_set_plans(e, false) */
	/* the bindings of each event kind k, in image order, from by_kind[kind_first[k]] on
	 * to by_kind[kind_first[k + 1]] (excluded) */
	uint32_t *by_kind;
	uint32_t kind_first[PSL_EV_COUNT + 1];
	struct psl_arena scratch;
	uint32_t depth;
	const struct psl_event *ev;
	uint32_t rules_run;
	uint32_t audit_profile; /* active profile string id for the binding being evaluated */
	uint32_t audit_level;
	psl_audit_fn audit_fn;
	void *audit_ctx;
	struct psl_audit_record pending[PSL_MAX_AUDIT_PER_EVENT];
	uint32_t pending_flags[PSL_MAX_AUDIT_PER_EVENT];
	uint32_t pending_omit[PSL_MAX_AUDIT_PER_EVENT];
	uint32_t n_pending;
	/* audit notes that did not fit in pending[] (more than PSL_MAX_AUDIT_PER_EVENT rules in one
	 * event), counted so that the monitor can report that records were lost */
	uint32_t audit_dropped;
	/* what decided a denial, for pslc --test and the monitor's log */
	uint32_t deny_object;
	uint32_t deny_method;
	uint32_t deny_binding;
};

/* Bytes of memory psl_engine_init needs for this image and this many SIDs. */
size_t psl_engine_mem_size(const struct psl_image *img, uint32_t max_sids, size_t scratch_bytes);
enum psl_status psl_engine_init(struct psl_engine *e, const struct psl_image *img,
				uint32_t max_sids, void *mem, size_t mem_size,
				size_t scratch_bytes);
/* Back to the state right after init: no SID has model state. */
void psl_engine_reset(struct psl_engine *e);
void psl_engine_set_audit(struct psl_engine *e, psl_audit_fn fn, void *ctx);
void psl_engine_set_audit_level(struct psl_engine *e, uint32_t level);
/*
 * Plans on (the default) or off: off, every event walks its bindings and runs its statements
 * through the general evaluator. Both decide identically; the switch exists to show that.
 */
void psl_engine_set_plans(struct psl_engine *e, bool on);

/*
 * Decides one event. Returns PSL_OK when it is granted; otherwise the reason. State changes of
 * the event's rules are kept only when it is granted.
 */
enum psl_status psl_engine_decide(struct psl_engine *e, const struct psl_event *ev);

/* Model state snapshots (the whole state), for pslc --test: sizes as psl_engine_state_size. */
size_t psl_engine_state_size(const struct psl_engine *e);
void psl_engine_state_save(const struct psl_engine *e, void *out);
void psl_engine_state_restore(struct psl_engine *e, const void *in);

#endif
