/* SPDX-License-Identifier: GPL-2.0-only */
/* What the engine's files share: image checks, the evaluator's entry points, model hooks. */
#ifndef PSL_ENGINE_INTERNAL_H
#define PSL_ENGINE_INTERNAL_H

#include "psl/engine.h"
#include "psl/methods.h"

/* Nesting of expressions and statements together; deeper is an evaluation error. */
#define PSL_MAX_DEPTH 64

uint32_t psl_crc32(const uint8_t *p, size_t n, uint32_t skip_at);
bool psl_list_ok(const struct psl_image *img, uint32_t ref, uint32_t item_words);

enum psl_status psl_eval(struct psl_engine *e, uint32_t node, struct psl_value *out);
/* A comparison (PSL_OP_EQ .. PSL_OP_GE) of two values, as the evaluator makes it (inline:
 * the evaluator and the plans' fast rules). */
static inline enum psl_status psl_compare_op(uint32_t op, const struct psl_value *a,
					     const struct psl_value *b, struct psl_value *out)
{
	int ord;

	switch (op) {
	case PSL_OP_EQ:
		*out = psl_bool(psl_value_equal(a, b));
		return PSL_OK;
	case PSL_OP_NE:
		*out = psl_bool(!psl_value_equal(a, b));
		return PSL_OK;
	}
	if (a->kind == PSL_V_INT && b->kind == PSL_V_INT) /* psl_value_compare's first case */
		ord = a->i < b->i ? -1 : a->i > b->i;
	else if (!psl_value_compare(a, b, &ord))
		return PSL_E_TYPE;
	*out = psl_bool(op == PSL_OP_LT	  ? ord < 0
			: op == PSL_OP_LE ? ord <= 0
			: op == PSL_OP_GT ? ord > 0
					  : ord >= 0);
	return PSL_OK;
}


/* Statements: a selector's outcome for the current event (memoised), one statement (not a
 * match's body: the caller accounts for the nesting depth). */
bool psl_selector_match(struct psl_engine *e, uint32_t sel_id, const struct psl_event *ev);
enum psl_status psl_exec_stmt_at(struct psl_engine *e, uint32_t idx);

/* Plans (psl/plan.h): make p for the current event from the bindings by_kind[first..last). */
void psl_plan_make(struct psl_engine *e, struct psl_plan *p, uint32_t first, uint32_t last);
enum psl_status psl_plan_run(struct psl_engine *e, const struct psl_plan *p);

/* Model state: regions per object; writing one snapshots it for rollback first. */
size_t psl_model_state_size(const struct psl_image *img, uint32_t obj, uint32_t max_sids);
void psl_model_state_clear(struct psl_engine *e, uint32_t obj);
const uint8_t *psl_state_read(const struct psl_engine *e, uint32_t obj);
uint8_t *psl_state_write(struct psl_engine *e, uint32_t obj);
static inline const uint32_t *psl_obj_config(const struct psl_engine *e, uint32_t obj)
{
	return e->img.config + e->img.objects[obj].config;
}

/* Base's grant, deny and assert of an argument value. */
enum psl_status psl_base_call(uint32_t method, const struct psl_value *arg);
/* A model method: rules return PSL_OK for granted, PSL_E_DENIED or an error. */
enum psl_status psl_model_call(struct psl_engine *e, const struct psl_node *n,
			       const struct psl_value *arg, struct psl_value *out);
enum psl_status psl_hashset_call(struct psl_engine *e, uint32_t obj, uint32_t method,
				 const struct psl_value *arg, struct psl_value *out);
enum psl_status psl_staticmap_call(struct psl_engine *e, uint32_t obj, uint32_t method,
				   const struct psl_value *arg, struct psl_value *out);
enum psl_status psl_flow_call(struct psl_engine *e, uint32_t obj, uint32_t method,
			      const struct psl_value *arg, struct psl_value *out);
enum psl_status psl_mic_call(struct psl_engine *e, uint32_t obj, uint32_t method,
			     const struct psl_value *arg, struct psl_value *out);
bool psl_dfa_match(const struct psl_image *img, uint32_t dfa, const char *text, uint32_t len);

/* Argument access shared by the models. */
enum psl_status psl_arg(const struct psl_value *arg, const char *field, uint8_t kind,
			const struct psl_value **out);
enum psl_status psl_arg_sid(const struct psl_engine *e, const struct psl_value *arg,
			    const char *field, uint32_t *sid);

/* Audit: remember a rule or expression outcome; flushed with the event's decision. */
void psl_audit_note(struct psl_engine *e, uint32_t obj, uint32_t method, bool granted,
		    uint32_t from, uint32_t to);
void psl_audit_flush(struct psl_engine *e, bool granted);

#endif
