/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The policy image: what pslc writes and the engine loads. Little-endian, every reference is an
 * offset or an index inside the image (position independent), every record is made of 32-bit
 * words so that the engine reads it in place. docs/psl.md describes the format.
 */
#ifndef PSL_IMAGE_H
#define PSL_IMAGE_H

#include <stdint.h>

#define PSL_IMAGE_MAGIC 0x494c5350u /* "PSLI" */
#define PSL_IMAGE_VERSION 1u
#define PSL_NONE 0xffffffffu /* "no value" in any index or offset field; "any" in selectors */

enum psl_section_id {
	PSL_SEC_STRINGS,   /* NUL-terminated names and texts; string ids are offsets here */
	PSL_SEC_INTS,	   /* int64 constants (two words each, low first) */
	PSL_SEC_NODES,	   /* struct psl_node: expressions and statements */
	PSL_SEC_LISTS,	   /* u32 words; a list reference points at [count, item...] */
	PSL_SEC_CLASSES,   /* struct psl_class; the class id is the index */
	PSL_SEC_ENDPOINTS, /* struct psl_endpoint */
	PSL_SEC_METHODS,   /* struct psl_method */
	PSL_SEC_OBJECTS,   /* struct psl_object */
	PSL_SEC_CONFIG,	   /* u32 words of model configurations */
	PSL_SEC_SELECTORS, /* struct psl_selector */
	PSL_SEC_BINDINGS,  /* struct psl_binding, in source order */
	PSL_SEC_REGEX,	   /* DFAs: struct psl_dfa followed by its tables */
	PSL_SEC_AUDIT,	   /* struct psl_audit_entry */
	PSL_SEC_VERDICTS,  /* struct psl_verdict, sorted by (kind, src, dst, riid, mid) */
	PSL_SEC_COUNT
};

struct psl_section {
	uint32_t offset; /* from the start of the image, 4-byte aligned */
	uint32_t size;	 /* bytes */
};

struct psl_image_header {
	uint32_t magic;
	uint32_t version;
	uint32_t total_size;
	uint32_t checksum;	/* CRC-32 (IEEE) of the whole image with this field zero */
	uint32_t execute_iface; /* string id of the `execute:` interface */
	uint32_t audit_profile; /* string id of the default audit profile, PSL_NONE: empty */
	uint32_t audit_level;	/* default audit level */
	uint32_t kernel_class;	/* class id of kl.core.Core, PSL_NONE if the policy has none */
	struct psl_section sec[PSL_SEC_COUNT];
};

enum psl_event_kind {
	PSL_EV_EXECUTE,
	PSL_EV_REQUEST,
	PSL_EV_RESPONSE,
	PSL_EV_ERROR,
	PSL_EV_SECURITY,
	PSL_EV_COUNT
};

/* The riid the security interface of a class gets in selectors and events. */
#define PSL_RIID_SECURITY 0xfffffffeu

struct psl_class {
	uint32_t name;	   /* string id */
	uint32_t first_ep; /* endpoints of this class are contiguous */
	uint32_t n_ep;	   /* includes the security interface, if any (riid PSL_RIID_SECURITY) */
};

struct psl_endpoint {
	uint32_t class_id;
	uint32_t riid;
	uint32_t name;	/* qualified endpoint name (string id) */
	uint32_t iface; /* interface name */
	uint32_t
	    component; /* innermost component name, PSL_NONE for endpoints of the class itself */
	uint32_t first_method;
	uint32_t n_methods;
};

struct psl_method {
	uint32_t name;
	uint32_t mid;
};

enum psl_model {
	PSL_M_BASE,
	PSL_M_PRED,
	PSL_M_BOOL,
	PSL_M_MATH,
	PSL_M_STRUCT,
	PSL_M_REGEX,
	PSL_M_HASHSET,
	PSL_M_STATICMAP,
	PSL_M_FLOW,
	PSL_M_MIC,
	PSL_M_COUNT
};

/* Methods of all models in one numbering (node field `sub` of calls). */
enum psl_method_id {
	PSL_BASE_GRANT,
	PSL_BASE_DENY,
	PSL_BASE_ASSERT,
	PSL_PRED_EMPTY,
	PSL_BOOL_ALL,
	PSL_BOOL_ANY,
	PSL_BOOL_COND,
	PSL_MATH_NEG,
	PSL_MATH_ABS,
	PSL_MATH_SUM,
	PSL_MATH_PRODUCT,
	PSL_RE_MATCH,
	PSL_RE_SELECT,
	PSL_HS_INIT,
	PSL_HS_FINI,
	PSL_HS_ADD,
	PSL_HS_REMOVE,
	PSL_HS_CONTAINS,
	PSL_SM_INIT,
	PSL_SM_FINI,
	PSL_SM_SET,
	PSL_SM_COMMIT,
	PSL_SM_ROLLBACK,
	PSL_SM_GET,
	PSL_SM_GET_UNCOMMITTED,
	PSL_FLOW_INIT,
	PSL_FLOW_FINI,
	PSL_FLOW_ENTER,
	PSL_FLOW_ALLOW,
	PSL_FLOW_QUERY,
	PSL_MIC_CREATE,
	PSL_MIC_DELETE,
	PSL_MIC_EXECUTE,
	PSL_MIC_UPGRADE,
	PSL_MIC_CALL,
	PSL_MIC_INVOKE,
	PSL_MIC_READ,
	PSL_MIC_WRITE,
	PSL_MIC_QUERY_LEVEL,
	PSL_METHOD_COUNT
};

/*
 * Model configurations in PSL_SEC_CONFIG (words from psl_object.config):
 *   HashSet   set_size, pool_size, entry_bytes
 *   StaticMap pool_size, value_bytes, n_keys, then per key: key string id, default node
 *   Flow      n_states, initial, state name string ids[n_states], transition masks[n_states]
 *             (bit j of mask i: i -> j allowed; at most 32 states)
 *   Mic       n_degrees, n_categories, degree names[n_degrees], category names[n_categories]
 *             (at most 32 categories; a linear configuration has none)
 *   others    none
 */
struct psl_object {
	uint32_t name;
	uint32_t model; /* enum psl_model */
	uint32_t config;
	uint32_t config_words;
};

enum psl_node_op {
	/* expressions */
	PSL_N_INT,  /* a: index into INTS */
	PSL_N_TEXT, /* a: string id, b: length */
	PSL_N_BOOL, /* sub: value */
	PSL_N_UNIT,
	PSL_N_LIST, /* a: list of nodes */
	PSL_N_DICT, /* a: list of (key string id, node) pairs; count = number of pairs */
	PSL_N_MESSAGE,
	PSL_N_SRC_SID,
	PSL_N_DST_SID,
	PSL_N_FIELD, /* a: node, b: key string id */
	PSL_N_INDEX, /* a: node, b: index node */
	PSL_N_BINOP, /* sub: enum psl_binop, a, b */
	PSL_N_UNOP,  /* sub: enum psl_unop, a */
	PSL_N_SIZE,  /* a: node (text, list or dict) */
	PSL_N_EXPR,  /* model expression. sub: method, a: object, b: argument node, c: DFA */
	/* statements */
	PSL_S_CALL,   /* model rule. sub: method, a: object, b: argument node, c: DFA */
	PSL_S_MATCH,  /* a: selector, b: list of statements */
	PSL_S_CHOICE, /* sub: 1 if the labels are regular expressions (re.select), a: subject,
		       * b: list of cases, c: the Regex object of re.select */
	PSL_S_CASE,   /* a: list of label nodes (DFA indexes for regex), PSL_NONE for `_`;
		       * b: list of statements */
	PSL_N_OP_COUNT
};

enum psl_binop {
	PSL_OP_EQ,
	PSL_OP_NE,
	PSL_OP_LT,
	PSL_OP_LE,
	PSL_OP_GT,
	PSL_OP_GE,
	PSL_OP_AND,
	PSL_OP_OR,
	PSL_OP_IMPLIES,
	PSL_OP_ADD,
	PSL_OP_SUB,
	PSL_OP_MUL,
	PSL_OP_BITAND,
	PSL_OP_BITOR,
	PSL_OP_COUNT
};

enum psl_unop { PSL_OP_NOT, PSL_OP_NEG, PSL_OP_BITNOT };

struct psl_node {
	uint16_t op;
	uint16_t sub;
	uint32_t a, b, c;
};

/* One selector: the conjunction of a binding's or match's src=, dst= and endpoint filters. */
struct psl_selector {
	uint32_t src_class; /* PSL_NONE: any */
	uint32_t dst_class;
	/*
	 * PSL_NONE: any endpoint and method; otherwise a list of (owner class, riid, mid) triples,
	 * mid PSL_NONE for "any method of that endpoint". The owner of the endpoint is the
	 * destination of a request and the source of a response, an error or a security event.
	 */
	uint32_t targets;
	uint32_t execute_only_main; /* 1 when an execute selector names method=main */
};

struct psl_binding {
	uint32_t kind; /* enum psl_event_kind */
	uint32_t selector;
	uint32_t body;	/* list of statements */
	uint32_t audit; /* profile string id for this binding, PSL_NONE: the default */
	uint32_t line;	/* source line, for messages */
	uint32_t file;	/* source file name (string id) */
};

/* A DFA over byte classes; transitions hold the next state, PSL_DFA_DEAD for none. */
#define PSL_DFA_DEAD 0xffffu
struct psl_dfa {
	uint32_t n_states; /* state 0 is the start */
	uint32_t n_classes;
	/* followed by: uint8_t class_of[256], uint16_t next[n_states * n_classes],
	 * uint8_t accept[n_states], padded to 4 bytes */
};

enum psl_audit_flag {
	PSL_AUDIT_GRANTED = 1u << 0,
	PSL_AUDIT_DENIED = 1u << 1,
	PSL_AUDIT_EMIT_MATCH = 1u << 2,
	PSL_AUDIT_EMIT_SELECT = 1u << 3,
};

struct psl_audit_entry {
	uint32_t profile; /* string id of the profile name */
	uint32_t level;
	uint32_t object;
	uint32_t flags; /* enum psl_audit_flag */
	uint32_t omit;	/* Flow: bit i set = do not audit transitions into or out of state i */
};

enum psl_verdict_value { PSL_VERDICT_DYNAMIC, PSL_VERDICT_GRANT, PSL_VERDICT_DENY };

struct psl_verdict {
	uint32_t kind;
	uint32_t src_class;
	uint32_t dst_class;
	uint32_t riid; /* PSL_NONE for execute */
	uint32_t mid;
	uint32_t verdict; /* enum psl_verdict_value */
};

#endif
