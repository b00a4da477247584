/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PSL grammar (CE 1.1, with the 1.2 spellings and the forms of reference §19). Builds the
 * syntax tree; every check that needs names (classes, objects, methods) is in sema.c.
 */
%define api.pure full
%define api.prefix {psl_yy}
%define parse.error verbose
%locations
%expect 0
%lex-param {void *scanner}
%parse-param {struct pslc_parse *p} {void *scanner}

%code requires {
#include "internal.h"
}

%code {
#include <string.h>

#include "psl/image.h"

int psl_yylex(PSL_YYSTYPE *lval, PSL_YYLTYPE *lloc, void *scanner);

static void psl_yyerror(PSL_YYLTYPE *l, struct pslc_parse *p, void *scanner, const char *msg)
{
	struct psl_loc loc = { p->src->path, l->first_line, l->first_column };

	(void)scanner;
	/* A scanner error has been reported already, with its own words. */
	if (p->c->errors)
		return;
	if (!strncmp(msg, "syntax error, ", 14))
		msg += 14;
	pslc_error(p->c, loc, "%s", msg);
}

#define LOC(l) ((struct psl_loc){ p->src->path, (l).first_line, (l).first_column })
#define NODE(k, l) ast_new(p->c, (k), LOC(l))

static struct ast *node2(struct pslc_parse *p, enum ast_kind k, PSL_YYLTYPE l, const char *s,
			 const char *s2, struct ast *a, struct ast *b)
{
	struct ast *n = NODE(k, l);
	n->s = s;
	n->s2 = s2;
	n->a = a;
	n->b = b;
	return n;
}

static struct ast *binop(struct pslc_parse *p, PSL_YYLTYPE l, int op, struct ast *a, struct ast *b)
{
	struct ast *n = node2(p, A_BINOP, l, NULL, NULL, a, b);
	n->i = op;
	return n;
}

static struct ast *unop(struct pslc_parse *p, PSL_YYLTYPE l, int op, struct ast *a)
{
	struct ast *n = node2(p, A_UNOP, l, NULL, NULL, a, NULL);
	n->i = op;
	return n;
}

/* grant c ~> s : endpoint.Method { message }: a request with selectors src, dst and "~>". */
static struct ast *shorthand(struct pslc_parse *p, PSL_YYLTYPE l, const char *expect,
			     const char *name, const char *src, PSL_YYLTYPE ls, const char *dst,
			     PSL_YYLTYPE ld, const char *target, PSL_YYLTYPE lt, struct ast *msg)
{
	struct ast *s = node2(p, A_SELECTOR, ls, "src", src, NULL, NULL);
	struct ast *d = node2(p, A_SELECTOR, ld, "dst", dst, NULL, NULL);
	struct ast *m = node2(p, A_SELECTOR, lt, "~>", target, NULL, NULL);
	struct ast *n;

	s->next = d;
	d->next = m;
	n = node2(p, A_T_CASE, l, expect, name, s, msg);
	n->i = PSL_EV_REQUEST;
	return n;
}

static char *join(struct pslc_parse *p, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = pslc_alloc(p->c, la + lb + 2);
	memcpy(s, a, la);
	s[la] = '.';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}
}

%union {
	int64_t i;
	char *s;
	struct {
		char *s;
		size_t len;
	} text;
	struct ast *n;
}

%token <i> INT "integer"
%token <s> IDENT "name"
%token <text> STRING "text"
%token EXECUTE "execute" REQUEST "request" RESPONSE "response" ERROR_KW "error"
%token SECURITY "security" USE "use" EDL "EDL" POLICY "policy" OBJECT "object" AUDIT "audit"
%token PROFILE "profile" DEFAULT "default" TYPE "type" MATCH "match" CHOICE "choice"
%token ASSERT "assert" SETUP "setup" SEQUENCE "sequence" FINALLY "finally"
%token MESSAGE "message" SRC_SID "src_sid" DST_SID "dst_sid" TRUE_KW "true" FALSE_KW "false"
%token SRC "src" DST "dst" ENDPOINT "endpoint" METHOD "method" INTERFACE "interface"
%token COMPONENT "component"
%token IMPLIES "==>" EQ "==" NE "!=" LE "<=" GE ">=" ANDAND "&&" OROR "||"
%token LARROW "<-" TILDEARROW "~>" UNDERSCORE "_"
%token PSL_LEX_ERROR "invalid token"

%type <n> decls decl members member selectors sel_list selector stmts stmt cases case
%type <n> case_body labels label suite_items suite_item tcases tcase opt_msg
%type <n> type type_alt type_args tfields tfield expr postfix primary opt_items items
%type <n> opt_entries entries entry
%type <s> qname qfirst name_kw selkey opt_string key tqname
%type <i> event_kind

%precedence APPLY
%right IMPLIES
%left OROR
%left ANDAND
%left '|'
%left '&'
%nonassoc EQ NE '<' '>' LE GE
%left '+' '-'
%left '*'
%precedence '!' '~' UMINUS
%precedence '.'

%%

file: decls { p->decls = $1; }
	;

decls: %empty { $$ = NULL; }
	| decls decl { $$ = ast_append($1, $2); }
	;

decl: EXECUTE ':' qname { $$ = node2(p, A_EXECUTE_IFACE, @3, $3, NULL, NULL, NULL); }
	| AUDIT DEFAULT '=' IDENT INT {
		$$ = node2(p, A_AUDIT_DEFAULT, @4, $4, NULL, NULL, NULL);
		$$->i = $5;
	}
	| AUDIT PROFILE IDENT '=' expr { $$ = node2(p, A_AUDIT_PROFILE, @3, $3, NULL, $5, NULL); }
	| USE EDL qname { $$ = node2(p, A_USE_EDL, @3, $3, NULL, NULL, NULL); }
	| USE qname '.' UNDERSCORE { $$ = node2(p, A_USE, @2, $2, NULL, NULL, NULL); }
	| POLICY OBJECT IDENT ':' IDENT '{' members '}' {
		$$ = node2(p, A_POLICY_OBJECT, @3, $3, $5, $7, NULL);
		$$->c = node2(p, A_UNIT, @5, NULL, NULL, NULL, NULL); /* place of the model name */
	}
	| TYPE IDENT '=' type { $$ = node2(p, A_TYPE_ALIAS, @2, $2, NULL, $4, NULL); }
	| event_kind selectors '{' stmts '}' {
		$$ = node2(p, A_BINDING, @1, NULL, NULL, $2, $4);
		$$->i = $1;
	}
	| ASSERT opt_string '{' suite_items '}' { $$ = node2(p, A_SUITE, @1, $2, NULL, $4, NULL); }
	;

opt_string: %empty { $$ = NULL; }
	| STRING { $$ = $1.s; }
	;

qfirst: IDENT | INTERFACE { $$ = "interface"; } | COMPONENT { $$ = "component"; }
	| OBJECT { $$ = "object"; } | PROFILE { $$ = "profile"; } | DEFAULT { $$ = "default"; }
	| SETUP { $$ = "setup"; } | SEQUENCE { $$ = "sequence"; } | FINALLY { $$ = "finally"; }
	;

qname: qfirst
	| qname '.' name_kw { $$ = join(p, $1, $3); }
	;

name_kw: qfirst
	| EXECUTE { $$ = "execute"; } | REQUEST { $$ = "request"; }
	| RESPONSE { $$ = "response"; } | ERROR_KW { $$ = "error"; }
	| SECURITY { $$ = "security"; } | USE { $$ = "use"; } | EDL { $$ = "EDL"; }
	| POLICY { $$ = "policy"; } | AUDIT { $$ = "audit"; } | TYPE { $$ = "type"; }
	| MATCH { $$ = "match"; } | CHOICE { $$ = "choice"; } | ASSERT { $$ = "assert"; }
	| MESSAGE { $$ = "message"; } | SRC_SID { $$ = "src_sid"; } | DST_SID { $$ = "dst_sid"; }
	| TRUE_KW { $$ = "true"; } | FALSE_KW { $$ = "false"; } | SRC { $$ = "src"; }
	| DST { $$ = "dst"; } | ENDPOINT { $$ = "endpoint"; } | METHOD { $$ = "method"; }
	;

members: %empty { $$ = NULL; }
	| members member { $$ = ast_append($1, $2); }
	;

member: TYPE IDENT '=' type { $$ = node2(p, A_TYPE_ALIAS, @2, $2, NULL, $4, NULL); }
	| IDENT '=' expr { $$ = node2(p, A_CONFIG, @1, $1, NULL, $3, NULL); }
	;

event_kind: EXECUTE { $$ = PSL_EV_EXECUTE; }
	| REQUEST { $$ = PSL_EV_REQUEST; }
	| RESPONSE { $$ = PSL_EV_RESPONSE; }
	| ERROR_KW { $$ = PSL_EV_ERROR; }
	| SECURITY { $$ = PSL_EV_SECURITY; }
	;

selectors: %empty { $$ = NULL; }
	| sel_list
	;

sel_list: selector
	| sel_list selector { $$ = ast_append($1, $2); }
	| sel_list ',' selector { $$ = ast_append($1, $3); }
	;

selector: selkey '=' qname { $$ = node2(p, A_SELECTOR, @1, $1, $3, NULL, NULL); }
	;

selkey: SRC { $$ = "src"; } | DST { $$ = "dst"; } | ENDPOINT { $$ = "endpoint"; }
	| METHOD { $$ = "method"; } | INTERFACE { $$ = "interface"; }
	| COMPONENT { $$ = "component"; }
	;

stmts: %empty { $$ = NULL; }
	| stmts stmt { $$ = ast_append($1, $2); }
	;

stmt: IDENT expr { $$ = node2(p, A_CALL, @1, NULL, $1, $2, NULL); }
	| ASSERT expr { $$ = node2(p, A_CALL, @1, NULL, "assert", $2, NULL); }
	| IDENT '.' name_kw expr { $$ = node2(p, A_CALL, @1, $1, $3, $4, NULL); }
	| MATCH selectors '{' stmts '}' { $$ = node2(p, A_MATCH, @1, NULL, NULL, $2, $4); }
	| CHOICE expr '{' cases '}' { $$ = node2(p, A_CHOICE, @1, NULL, NULL, $2, $4); }
	| AUDIT IDENT { $$ = node2(p, A_AUDIT_USE, @2, $2, NULL, NULL, NULL); }
	| '{' stmts '}' { $$ = node2(p, A_BLOCK, @1, NULL, NULL, $2, NULL); }
	;

cases: %empty { $$ = NULL; }
	| cases case { $$ = ast_append($1, $2); }
	;

case: labels ':' case_body { $$ = node2(p, A_CASE, @1, NULL, NULL, $1, $3); }
	;

case_body: stmt
	| case_body stmt { $$ = ast_append($1, $2); }
	;

labels: label
	| labels '|' label { $$ = ast_append($1, $3); }
	;

label: STRING {
		$$ = node2(p, A_TEXT, @1, $1.s, NULL, NULL, NULL);
		$$->i = (int64_t)$1.len;
	}
	| INT { $$ = NODE(A_INT, @1); $$->i = $1; }
	| TRUE_KW { $$ = NODE(A_BOOL, @1); $$->i = 1; }
	| FALSE_KW { $$ = NODE(A_BOOL, @1); $$->i = 0; }
	| UNDERSCORE { $$ = NODE(A_WILDCARD, @1); }
	;

suite_items: %empty { $$ = NULL; }
	| suite_items suite_item { $$ = ast_append($1, $2); }
	;

suite_item: SETUP '{' tcases '}' { $$ = node2(p, A_SETUP, @1, NULL, NULL, $3, NULL); }
	| SEQUENCE opt_string '{' tcases '}' { $$ = node2(p, A_SEQUENCE, @1, $2, NULL, $4, NULL); }
	| FINALLY '{' tcases '}' { $$ = node2(p, A_FINALLY, @1, NULL, NULL, $3, NULL); }
	;

tcases: %empty { $$ = NULL; }
	| tcases tcase { $$ = ast_append($1, $2); }
	;

tcase: IDENT LARROW EXECUTE selectors { $$ = node2(p, A_T_START, @1, $1, NULL, $4, NULL); }
	| IDENT opt_string event_kind selectors opt_msg {
		$$ = node2(p, A_T_CASE, @3, $1, $2, $4, $5);
		$$->i = $3;
	}
	| opt_string event_kind selectors opt_msg {
		$$ = node2(p, A_T_CASE, @2, NULL, $1, $3, $4);
		$$->i = $2;
	}
	| IDENT IDENT TILDEARROW IDENT ':' qname opt_msg {
		$$ = shorthand(p, @1, $1, NULL, $2, @2, $4, @4, $6, @6, $7);
	}
	| IDENT STRING IDENT TILDEARROW IDENT ':' qname opt_msg {
		$$ = shorthand(p, @1, $1, $2.s, $3, @3, $5, @5, $7, @7, $8);
	}
	| IDENT TILDEARROW IDENT ':' qname opt_msg {
		$$ = shorthand(p, @1, NULL, NULL, $1, @1, $3, @3, $5, @5, $6);
	}
	;

opt_msg: %empty { $$ = NULL; }
	| '{' opt_entries '}' { $$ = node2(p, A_DICT, @1, NULL, NULL, $2, NULL); }
	;

type: type_alt
	| type '|' type_alt {
		if ($1->kind != A_T_UNION)
			$1 = node2(p, A_T_UNION, @1, NULL, NULL, $1, NULL);
		ast_append($1->a, $3);
		$$ = $1;
	}
	;

type_alt: tqname { $$ = node2(p, A_T_NAME, @1, $1, NULL, NULL, NULL); }
	| tqname '<' type_args '>' { $$ = node2(p, A_T_NAME, @1, $1, NULL, $3, NULL); }
	| STRING {
		struct ast *lit = node2(p, A_TEXT, @1, $1.s, NULL, NULL, NULL);
		lit->i = (int64_t)$1.len;
		$$ = node2(p, A_T_LITERAL, @1, NULL, NULL, lit, NULL);
	}
	| INT {
		struct ast *lit = NODE(A_INT, @1);
		lit->i = $1;
		$$ = node2(p, A_T_LITERAL, @1, NULL, NULL, lit, NULL);
	}
	| '(' ')' { $$ = NODE(A_T_UNIT, @1); }
	| '(' type ')' { $$ = $2; }
	| '{' tfields '}' { $$ = node2(p, A_T_DICT, @1, NULL, NULL, $2, NULL); }
	| '[' type_args ']' { $$ = node2(p, A_T_TUPLE, @1, NULL, NULL, $2, NULL); }
	;

tqname: IDENT
	| tqname '.' IDENT { $$ = join(p, $1, $3); }
	;

type_args: type
	| type_args ',' type { $$ = ast_append($1, $3); }
	;

tfields: %empty { $$ = NULL; }
	| tfield
	| tfields ',' tfield { $$ = ast_append($1, $3); }
	;

tfield: name_kw ':' type { $$ = node2(p, A_T_FIELD, @1, $1, NULL, $3, NULL); }
	;

expr: expr IMPLIES expr { $$ = binop(p, @2, PSL_OP_IMPLIES, $1, $3); }
	| expr OROR expr { $$ = binop(p, @2, PSL_OP_OR, $1, $3); }
	| expr ANDAND expr { $$ = binop(p, @2, PSL_OP_AND, $1, $3); }
	| expr '|' expr { $$ = binop(p, @2, PSL_OP_BITOR, $1, $3); }
	| expr '&' expr { $$ = binop(p, @2, PSL_OP_BITAND, $1, $3); }
	| expr EQ expr { $$ = binop(p, @2, PSL_OP_EQ, $1, $3); }
	| expr NE expr { $$ = binop(p, @2, PSL_OP_NE, $1, $3); }
	| expr '<' expr { $$ = binop(p, @2, PSL_OP_LT, $1, $3); }
	| expr LE expr { $$ = binop(p, @2, PSL_OP_LE, $1, $3); }
	| expr '>' expr { $$ = binop(p, @2, PSL_OP_GT, $1, $3); }
	| expr GE expr { $$ = binop(p, @2, PSL_OP_GE, $1, $3); }
	| expr '+' expr { $$ = binop(p, @2, PSL_OP_ADD, $1, $3); }
	| expr '-' expr { $$ = binop(p, @2, PSL_OP_SUB, $1, $3); }
	| expr '*' expr { $$ = binop(p, @2, PSL_OP_MUL, $1, $3); }
	| '!' expr { $$ = unop(p, @1, PSL_OP_NOT, $2); }
	| '-' expr %prec UMINUS { $$ = unop(p, @1, PSL_OP_NEG, $2); }
	| '~' expr { $$ = unop(p, @1, PSL_OP_BITNOT, $2); }
	| postfix
	;

postfix: primary
	| postfix '.' name_kw { $$ = node2(p, A_FIELD, @3, $3, NULL, $1, NULL); }
	| postfix '.' '[' expr ']' { $$ = node2(p, A_INDEX, @3, NULL, NULL, $1, $4); }
	;

primary: INT { $$ = NODE(A_INT, @1); $$->i = $1; }
	| STRING {
		$$ = node2(p, A_TEXT, @1, $1.s, NULL, NULL, NULL);
		$$->i = (int64_t)$1.len;
	}
	| TRUE_KW { $$ = NODE(A_BOOL, @1); $$->i = 1; }
	| FALSE_KW { $$ = NODE(A_BOOL, @1); $$->i = 0; }
	| '(' ')' { $$ = NODE(A_UNIT, @1); }
	| '(' expr ')' { $$ = $2; }
	| '[' opt_items ']' { $$ = node2(p, A_LIST, @1, NULL, NULL, $2, NULL); }
	| '{' opt_entries '}' { $$ = node2(p, A_DICT, @1, NULL, NULL, $2, NULL); }
	| MESSAGE { $$ = NODE(A_MESSAGE, @1); }
	| SRC_SID { $$ = NODE(A_SRC_SID, @1); }
	| DST_SID { $$ = NODE(A_DST_SID, @1); }
	| IDENT '.' name_kw postfix %prec APPLY { $$ = node2(p, A_APPLY, @1, $1, $3, $4, NULL); }
	| IDENT postfix %prec APPLY { $$ = node2(p, A_APPLY, @1, NULL, $1, $2, NULL); }
	;

opt_items: %empty { $$ = NULL; }
	| items
	| items ',' { $$ = $1; }
	;

items: expr
	| items ',' expr { $$ = ast_append($1, $3); }
	;

opt_entries: %empty { $$ = NULL; }
	| entries
	| entries ',' { $$ = $1; }
	;

entries: entry
	| entries ',' entry { $$ = ast_append($1, $3); }
	;

entry: key ':' expr { $$ = node2(p, A_ENTRY, @1, $1, NULL, $3, NULL); }
	;

key: name_kw
	| STRING { $$ = $1.s; }
	| INT {
		char *s = pslc_alloc(p->c, 24);
		snprintf(s, 24, "%lld", (long long)$1);
		$$ = s;
	}
	;

%%
