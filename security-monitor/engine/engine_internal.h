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

/* Model state: regions per object; writing one snapshots it for rollback first. */
size_t psl_model_state_size(const struct psl_image *img, uint32_t obj, uint32_t max_sids);
void psl_model_state_clear(struct psl_engine *e, uint32_t obj);
const uint8_t *psl_state_read(const struct psl_engine *e, uint32_t obj);
uint8_t *psl_state_write(struct psl_engine *e, uint32_t obj);
static inline const uint32_t *psl_obj_config(const struct psl_engine *e, uint32_t obj)
{
	return e->img.config + e->img.objects[obj].config;
}

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
