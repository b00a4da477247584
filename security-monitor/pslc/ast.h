/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The syntax tree of a PSL file. One node type for everything: a kind, a place, up to two
 * strings, an integer, three children and a sibling link for lists. Nodes come from an arena
 * owned by the compilation (struct pslc), freed in one go.
 */
#ifndef PSLC_AST_H
#define PSLC_AST_H

#include <stdint.h>

struct psl_loc {
	const char *file;
	int line, col;
};

enum ast_kind {
	/* declarations */
	A_EXECUTE_IFACE, /* s: interface name */
	A_AUDIT_DEFAULT, /* s: profile, i: level */
	A_AUDIT_PROFILE, /* s: name, a: value expression */
	A_USE,		 /* s: dotted path of a PSL file (without "._") */
	A_USE_EDL,	 /* s: class name */
	A_POLICY_OBJECT, /* s: name, s2: model, a: list of members (A_TYPE_ALIAS, A_CONFIG) */
	A_TYPE_ALIAS,	 /* s: name, a: type */
	A_CONFIG,	 /* s: member name (must be "config"), a: value */
	A_BINDING,	 /* i: event kind, a: selectors, b: statements */
	A_SUITE,	 /* s: name (may be NULL), a: list of A_SETUP/A_SEQUENCE/A_FINALLY */
	A_SETUP,	 /* a: test cases */
	A_SEQUENCE,	 /* s: name, a: test cases */
	A_FINALLY,	 /* a: test cases */
	/* selectors */
	A_SELECTOR, /* s: key (src, dst, endpoint, method, interface, component), s2: value */
	/* statements */
	A_CALL,	     /* s: object (NULL: base), s2: method, a: argument */
	A_MATCH,     /* a: selectors, b: statements */
	A_CHOICE,    /* a: subject, b: cases */
	A_CASE,	     /* a: labels (NULL for `_`), b: statements */
	A_AUDIT_USE, /* s: profile name */
	A_BLOCK,     /* a: statements */
	/* expressions */
	A_INT,	/* i */
	A_TEXT, /* s, i: length */
	A_BOOL, /* i */
	A_UNIT,
	A_LIST,	 /* a: items */
	A_DICT,	 /* a: list of A_ENTRY */
	A_ENTRY, /* s: key, a: value */
	A_MESSAGE,
	A_SRC_SID,
	A_DST_SID,
	A_FIELD,    /* a: expression, s: field */
	A_INDEX,    /* a: expression, b: index */
	A_BINOP,    /* i: enum psl_binop, a, b */
	A_UNOP,	    /* i: enum psl_unop, a */
	A_APPLY,    /* s: object (NULL: a function like size), s2: method, a: argument */
	A_WILDCARD, /* `_` in choice labels */
	/* types */
	A_T_NAME,    /* s: name, a: type arguments */
	A_T_LITERAL, /* a: literal expression */
	A_T_UNIT,
	A_T_UNION, /* a: alternatives */
	A_T_DICT,  /* a: list of A_T_FIELD */
	A_T_FIELD, /* s: name, a: type */
	A_T_TUPLE, /* a: element types */
	/* tests */
	A_T_CASE,  /* s: expectation (grant, deny, any; NULL: grant), s2: name, i: kind,
		    * a: selectors, b: message */
	A_T_START, /* s: variable, a: selectors (of an execute) */
};

struct ast {
	enum ast_kind kind;
	struct psl_loc loc;
	const char *s, *s2;
	int64_t i;
	struct ast *a, *b, *c;
	struct ast *next;
};

#endif
