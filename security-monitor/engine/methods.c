// SPDX-License-Identifier: GPL-2.0-only
/* The table of model methods (reference §8), one row per method. */
#include <string.h>

#include "psl/methods.h"

static const char *const f_sid[] = {"sid", NULL};
static const char *const f_sid_entry[] = {"sid", "entry", NULL};
static const char *const f_sid_key[] = {"sid", "key", NULL};
static const char *const f_sid_key_value[] = {"sid", "key", "value", NULL};
static const char *const f_sid_state[] = {"sid", "state", NULL};
static const char *const f_sid_states[] = {"sid", "states", NULL};
static const char *const f_text_pattern[] = {"text", "pattern", NULL};
static const char *const f_text[] = {"text", NULL};
static const char *const f_cond[] = {"if", "then", "else", NULL};
static const char *const f_create[] = {"source", "target", "container", "driver", "level", NULL};
static const char *const f_delete[] = {"source", "target", "container", "driver", NULL};
static const char *const f_execute[] = {"image", "target", "level", "levelR", NULL};
static const char *const f_src_tgt[] = {"source", "target", NULL};
static const char *const f_source[] = {"source", NULL};

const char *const psl_model_names[PSL_M_COUNT] = {
    [PSL_M_BASE] = "Base",	 [PSL_M_PRED] = "Pred",		  [PSL_M_BOOL] = "Bool",
    [PSL_M_MATH] = "Math",	 [PSL_M_STRUCT] = "Struct",	  [PSL_M_REGEX] = "Regex",
    [PSL_M_HASHSET] = "HashSet", [PSL_M_STATICMAP] = "StaticMap", [PSL_M_FLOW] = "Flow",
    [PSL_M_MIC] = "Mic",
};

const struct psl_method_info psl_methods[PSL_METHOD_COUNT] = {
    [PSL_BASE_GRANT] = {"grant", PSL_M_BASE, true, NULL},
    [PSL_BASE_DENY] = {"deny", PSL_M_BASE, true, NULL},
    [PSL_BASE_ASSERT] = {"assert", PSL_M_BASE, true, NULL},
    [PSL_PRED_EMPTY] = {"empty", PSL_M_PRED, false, NULL},
    [PSL_BOOL_ALL] = {"all", PSL_M_BOOL, false, NULL},
    [PSL_BOOL_ANY] = {"any", PSL_M_BOOL, false, NULL},
    [PSL_BOOL_COND] = {"cond", PSL_M_BOOL, false, f_cond},
    [PSL_MATH_NEG] = {"neg", PSL_M_MATH, false, NULL},
    [PSL_MATH_ABS] = {"abs", PSL_M_MATH, false, NULL},
    [PSL_MATH_SUM] = {"sum", PSL_M_MATH, false, NULL},
    [PSL_MATH_PRODUCT] = {"product", PSL_M_MATH, false, NULL},
    [PSL_RE_MATCH] = {"match", PSL_M_REGEX, false, f_text_pattern},
    [PSL_RE_SELECT] = {"select", PSL_M_REGEX, false, f_text},
    [PSL_HS_INIT] = {"init", PSL_M_HASHSET, true, f_sid},
    [PSL_HS_FINI] = {"fini", PSL_M_HASHSET, true, f_sid},
    [PSL_HS_ADD] = {"add", PSL_M_HASHSET, true, f_sid_entry},
    [PSL_HS_REMOVE] = {"remove", PSL_M_HASHSET, true, f_sid_entry},
    [PSL_HS_CONTAINS] = {"contains", PSL_M_HASHSET, false, f_sid_entry},
    [PSL_SM_INIT] = {"init", PSL_M_STATICMAP, true, f_sid},
    [PSL_SM_FINI] = {"fini", PSL_M_STATICMAP, true, f_sid},
    [PSL_SM_SET] = {"set", PSL_M_STATICMAP, true, f_sid_key_value},
    [PSL_SM_COMMIT] = {"commit", PSL_M_STATICMAP, true, f_sid},
    [PSL_SM_ROLLBACK] = {"rollback", PSL_M_STATICMAP, true, f_sid},
    [PSL_SM_GET] = {"get", PSL_M_STATICMAP, false, f_sid_key},
    [PSL_SM_GET_UNCOMMITTED] = {"get_uncommitted", PSL_M_STATICMAP, false, f_sid_key},
    [PSL_FLOW_INIT] = {"init", PSL_M_FLOW, true, f_sid},
    [PSL_FLOW_FINI] = {"fini", PSL_M_FLOW, true, f_sid},
    [PSL_FLOW_ENTER] = {"enter", PSL_M_FLOW, true, f_sid_state},
    [PSL_FLOW_ALLOW] = {"allow", PSL_M_FLOW, true, f_sid_states},
    [PSL_FLOW_QUERY] = {"query", PSL_M_FLOW, false, f_sid},
    [PSL_MIC_CREATE] = {"create", PSL_M_MIC, true, f_create},
    [PSL_MIC_DELETE] = {"delete", PSL_M_MIC, true, f_delete},
    [PSL_MIC_EXECUTE] = {"execute", PSL_M_MIC, true, f_execute},
    [PSL_MIC_UPGRADE] = {"upgrade", PSL_M_MIC, true, f_create},
    [PSL_MIC_CALL] = {"call", PSL_M_MIC, true, f_src_tgt},
    [PSL_MIC_INVOKE] = {"invoke", PSL_M_MIC, true, f_src_tgt},
    [PSL_MIC_READ] = {"read", PSL_M_MIC, true, f_src_tgt},
    [PSL_MIC_WRITE] = {"write", PSL_M_MIC, true, f_src_tgt},
    [PSL_MIC_QUERY_LEVEL] = {"query_level", PSL_M_MIC, false, f_source},
};

uint32_t psl_method_model(uint32_t method)
{
	return method < PSL_METHOD_COUNT ? psl_methods[method].model : PSL_NONE;
}

uint32_t psl_method_find(uint32_t model, const char *name)
{
	if (model == PSL_M_STATICMAP && !strcmp(name, "get_uncommited"))
		return PSL_SM_GET_UNCOMMITTED;
	for (uint32_t m = 0; m < PSL_METHOD_COUNT; m++)
		if (psl_methods[m].model == model && !strcmp(psl_methods[m].name, name))
			return m;
	return PSL_NONE;
}
