/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The plan of an event tuple (kind, classes, endpoint, method): which statements its event
 * runs, in order, once the bindings' selectors and the match statements are resolved. Like
 * the selector outcomes (engine.h), it depends only on the tuple, so the engine makes it once
 * per memo row and then runs the statements straight, instead of walking the bindings and the
 * matches of every event again. The statements themselves are still evaluated every time.
 *
 * A Base rule (grant, deny, assert) whose argument is a constant, a message field, the size of
 * one or a comparison of two of them has a fast form: the operands resolved when the plan is
 * made, evaluated without the tree walk, with exactly the general evaluator's results, errors
 * and audit notes (tests/unit/security-monitor/test_plan.c compares the two).
 */
#ifndef PSL_PLAN_H
#define PSL_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "psl/value.h"

/* Statements one plan holds; a tuple that runs more uses the general walk. */
#define PSL_PLAN_STEPS 8
/* Nesting of match statements a plan follows (the general walk's depth budget is far higher). */
#define PSL_PLAN_DEPTH 8
/* Statements the planner visits for one tuple before it gives up (hostile images). */
#define PSL_PLAN_VISITS 256
/* Field names of one message path in a fast operand: message.a.b.c.d */
#define PSL_FAST_KEYS 4

enum psl_fast_operand_kind {
	PSL_FAST_CONST, /* value */
	PSL_FAST_PATH,	/* message.keys[0]...keys[n_keys - 1] (n_keys may be 0: the message) */
	PSL_FAST_SIZE,	/* size of such a path */
};

struct psl_fast_operand {
	uint8_t kind; /* enum psl_fast_operand_kind */
	uint8_t n_keys;
	struct psl_value value;
	const char *keys[PSL_FAST_KEYS];
};

struct psl_fast_rule {
	uint16_t method; /* a Base method */
	uint16_t op;	 /* PSL_OP_EQ .. PSL_OP_GE: compare a with b; PSL_OP_COUNT: a alone */
	uint32_t object;
	struct psl_fast_operand a, b;
};

struct psl_plan_step {
	uint32_t binding; /* the binding the statement belongs to */
	uint32_t stmt;	  /* its node */
	uint32_t depth;	  /* the statement nesting it runs at (1: a binding body's own) */
	uint32_t profile; /* the binding's audit profile (its own or the image's default) */
	bool fast;	  /* rule is its fast form */
	struct psl_fast_rule rule;
};

enum psl_plan_state {
	PSL_PLAN_UNMADE, /* not made yet for the row's tuple */
	PSL_PLAN_MADE,
	PSL_PLAN_GENERAL, /* the tuple runs more than a plan holds: the general walk */
};

struct psl_plan {
	uint8_t state; /* enum psl_plan_state */
	uint8_t n_steps;
	struct psl_plan_step steps[PSL_PLAN_STEPS];
};

#endif
