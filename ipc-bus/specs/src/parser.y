/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grammar of EDL (`entity` or `task class`), CDL (`component`) and IDL (`package`): one
 * grammar, the first keyword decides which language a file is in. It builds the parse tree of
 * internal.h; names are resolved and sizes evaluated later (resolve.c), so that an error there
 * can name the declaration it is about.
 *
 * Separators the 1.1 and 1.2 spellings differ in (`;` or `,` after items, `;` after
 * declarations) are optional where a file is unambiguous without them.
 */
%define api.pure full
%define api.prefix {specs_yy}
%define parse.error verbose
%locations
%param {void *scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "internal.h"
}

%code {
#include <stdio.h>
#include <string.h>

int specs_yylex(SPECS_YYSTYPE *lval, SPECS_YYLTYPE *lloc, void *scanner);
static void specs_yyerror(SPECS_YYLTYPE *lloc, void *scanner, struct parse_ctx *ctx,
			  const char *msg);

#define LOC(l) ((struct spec_loc){ ctx->file, (unsigned int)(l).first_line, \
				   (unsigned int)(l).first_column })
#define NEW(T) ((T *)pool_alloc(ctx->pool, sizeof(T)))

/* Lists are built in order by keeping the head in the first element's slot. */
#define APPEND(head, item)                                                                   \
	do {                                                                                   \
		__typeof__(head) *pp_ = &(head);                                               \
		while (*pp_)                                                                   \
			pp_ = &(*pp_)->next;                                                   \
		*pp_ = (item);                                                                 \
	} while (0)

static struct ast_expr *expr_new(struct parse_ctx *ctx, enum ast_expr_kind k, int op,
				 struct ast_expr *a, struct ast_expr *b, struct spec_loc loc)
{
	struct ast_expr *e = NEW(struct ast_expr);

	e->kind = k;
	e->op = op;
	e->a = a;
	e->b = b;
	e->loc = loc;
	return e;
}

static struct ast_type *type_new(struct parse_ctx *ctx, enum ast_type_kind k,
				 struct ast_type *elem, struct ast_expr *bound, struct spec_loc loc)
{
	struct ast_type *t = NEW(struct ast_type);

	t->kind = k;
	t->elem = elem;
	t->bound = bound;
	t->loc = loc;
	return t;
}
}

%union {
	const char *str;
	uint64_t num;
	struct ast_expr *expr;
	struct ast_type *type;
	struct ast_field *field;
	struct ast_decl *decl;
	struct ast_param *param;
	struct ast_method *method;
	struct ast_member *member;
	struct ast_name *nm;
	int dir;
}

%token KW_ENTITY "entity" KW_TASK "task" KW_CLASS "class" KW_COMPONENT "component"
%token KW_COMPONENTS "components" KW_ENDPOINTS "endpoints" KW_INTERFACES "interfaces"
%token KW_SECURITY "security" KW_PACKAGE "package" KW_IMPORT "import" KW_TYPEDEF "typedef"
%token KW_STRUCT "struct" KW_UNION "union" KW_CONST "const" KW_INTERFACE "interface"
%token KW_IN "in" KW_OUT "out" KW_ERROR "error" KW_STRING "string" KW_BYTES "bytes"
%token KW_ARRAY "array" KW_SEQUENCE "sequence"
%token <str> TOK_ID "name" TOK_QNAME "qualified name"
%token <num> TOK_INT "number"
%token TOK_SHL "<<" TOK_SHR ">>" TOK_POW "**"
%token TOK_LEXERROR "invalid token"

%type <str> name word qualified
%type <expr> expr
%type <type> type
%type <field> fields field
%type <decl> decls decl
%type <param> params param_list param
%type <method> methods method
%type <member> unit_items unit_item member_block member_items member_item
%type <nm> imports
%type <dir> direction

%left TOK_SHL TOK_SHR
%left '+' '-'
%left '*' '/' '%'
%right TOK_POW
%precedence UNARY

%start file

%%

file:
	  "entity" qualified unit_items
		{ ctx->out->kind = F_EDL; ctx->out->name = $2; ctx->out->loc = LOC(@1);
		  ctx->out->name_loc = LOC(@2); ctx->out->members = $3; }
	| "task" "class" qualified unit_items
		{ ctx->out->kind = F_EDL; ctx->out->name = $3; ctx->out->loc = LOC(@1);
		  ctx->out->name_loc = LOC(@3); ctx->out->members = $4; }
	| "component" qualified unit_items
		{ ctx->out->kind = F_CDL; ctx->out->name = $2; ctx->out->loc = LOC(@1);
		  ctx->out->name_loc = LOC(@2); ctx->out->members = $3; }
	| "package" qualified opt_semi imports decls
		{ ctx->out->kind = F_IDL; ctx->out->name = $2; ctx->out->loc = LOC(@1);
		  ctx->out->name_loc = LOC(@2); ctx->out->imports = $4; ctx->out->decls = $5; }
	;

qualified: TOK_ID | TOK_QNAME ;

/* Names of endpoints, instances, fields and parameters: keywords are accepted there. */
name: TOK_ID | word ;
word:
	  "entity" { $$ = "entity"; } | "task" { $$ = "task"; } | "class" { $$ = "class"; }
	| "component" { $$ = "component"; } | "components" { $$ = "components"; }
	| "endpoints" { $$ = "endpoints"; } | "interfaces" { $$ = "interfaces"; }
	| "security" { $$ = "security"; } | "package" { $$ = "package"; }
	| "import" { $$ = "import"; } | "typedef" { $$ = "typedef"; }
	| "struct" { $$ = "struct"; } | "union" { $$ = "union"; } | "const" { $$ = "const"; }
	| "interface" { $$ = "interface"; } | "in" { $$ = "in"; } | "out" { $$ = "out"; }
	| "error" { $$ = "error"; } | "string" { $$ = "string"; } | "bytes" { $$ = "bytes"; }
	| "array" { $$ = "array"; } | "sequence" { $$ = "sequence"; }
	;

opt_semi: %empty | ';' ;
opt_sep: %empty | ';' | ',' ;

/* ---- EDL and CDL ---- */

unit_items:
	  %empty { $$ = NULL; }
	| unit_items unit_item { $$ = $1; APPEND($$, $2); }
	;

unit_item:
	  "components" '{' member_items '}' opt_semi
		{ $$ = $3; for (struct ast_member *m = $$; m; m = m->next) m->kind = M_INSTANCE; }
	| member_block { $$ = $1; }
	| "security" qualified opt_semi
		{ $$ = NEW(struct ast_member); $$->kind = M_SECURITY; $$->ref = $2;
		  $$->loc = LOC(@1); $$->ref_loc = LOC(@2); }
	;

member_block:
	  "endpoints" '{' member_items '}' opt_semi { $$ = $3; }
	| "interfaces" '{' member_items '}' opt_semi { $$ = $3; }
	;

member_items:
	  %empty { $$ = NULL; }
	| member_items member_item { $$ = $1; APPEND($$, $2); }
	;

member_item:
	  name ':' qualified opt_sep
		{ $$ = NEW(struct ast_member); $$->kind = M_ENDPOINT; $$->name = $1; $$->ref = $3;
		  $$->loc = LOC(@1); $$->ref_loc = LOC(@3); }
	;

/* ---- IDL ---- */

imports:
	  %empty { $$ = NULL; }
	| imports "import" qualified opt_semi
		{ struct ast_name *n = NEW(struct ast_name); n->name = $3; n->loc = LOC(@3);
		  $$ = $1; APPEND($$, n); }
	;

decls:
	  %empty { $$ = NULL; }
	| decls decl { $$ = $1; if ($2) APPEND($$, $2); }
	;

decl:
	  "typedef" type name opt_semi
		{ $$ = NEW(struct ast_decl); $$->kind = D_TYPEDEF; $$->type = $2; $$->name = $3;
		  $$->loc = LOC(@3); }
	| "struct" name '{' fields '}' opt_semi
		{ $$ = NEW(struct ast_decl); $$->kind = D_STRUCT; $$->name = $2; $$->fields = $4;
		  $$->loc = LOC(@2); }
	| "union" name '{' fields '}' opt_semi
		{ $$ = NEW(struct ast_decl); $$->kind = D_UNION; $$->name = $2; $$->fields = $4;
		  $$->loc = LOC(@2); }
	| "const" type name '=' expr opt_semi
		{ $$ = NEW(struct ast_decl); $$->kind = D_CONST; $$->type = $2; $$->name = $3;
		  $$->value = $5; $$->loc = LOC(@3); }
	| "interface" '{' methods '}' opt_semi
		{ if (ctx->out->has_iface) {
			parse_error_at(ctx, @1.first_line, @1.first_column,
				       "a second interface in this package (an IDL file holds at "
				       "most one)");
			YYABORT;
		  }
		  ctx->out->has_iface = true; ctx->out->iface_loc = LOC(@1);
		  ctx->out->methods = $3; $$ = NULL; }
	;

fields:
	  %empty { $$ = NULL; }
	| fields field { $$ = $1; APPEND($$, $2); }
	;

field:
	  type name ';'
		{ $$ = NEW(struct ast_field); $$->type = $1; $$->name = $2; $$->loc = LOC(@2); }
	;

methods:
	  %empty { $$ = NULL; }
	| methods method { $$ = $1; APPEND($$, $2); }
	;

method:
	  TOK_ID '(' params ')' opt_sep
		{ $$ = NEW(struct ast_method); $$->name = $1; $$->params = $3; $$->loc = LOC(@1); }
	;

params:
	  %empty { $$ = NULL; }
	| param_list { $$ = $1; }
	;

param_list:
	  param { $$ = $1; }
	| param_list ',' param { $$ = $1; APPEND($$, $3); }
	;

param:
	  direction type name
		{ $$ = NEW(struct ast_param); $$->dir = $1; $$->type = $2; $$->name = $3;
		  $$->loc = LOC(@3); }
	;

direction: "in" { $$ = SPEC_IN; } | "out" { $$ = SPEC_OUT; } | "error" { $$ = SPEC_ERROR; } ;

type:
	  qualified
		{ $$ = type_new(ctx, A_NAMED, NULL, NULL, LOC(@1)); $$->name = $1; }
	| "string" '<' expr '>' { $$ = type_new(ctx, A_STRING, NULL, $3, LOC(@1)); }
	| "bytes" '<' expr '>' { $$ = type_new(ctx, A_BYTES, NULL, $3, LOC(@1)); }
	| "array" '<' type ',' expr '>' { $$ = type_new(ctx, A_ARRAY, $3, $5, LOC(@1)); }
	| "sequence" '<' type ',' expr '>' { $$ = type_new(ctx, A_SEQUENCE, $3, $5, LOC(@1)); }
	;

expr:
	  TOK_INT { $$ = expr_new(ctx, E_INT, 0, NULL, NULL, LOC(@1)); $$->value = $1; }
	| qualified { $$ = expr_new(ctx, E_NAME, 0, NULL, NULL, LOC(@1)); $$->name = $1; }
	| '(' expr ')' { $$ = $2; }
	| '-' expr %prec UNARY { $$ = expr_new(ctx, E_NEG, 0, $2, NULL, LOC(@1)); }
	| '+' expr %prec UNARY { $$ = expr_new(ctx, E_PLUS, 0, $2, NULL, LOC(@1)); }
	| '~' expr %prec UNARY { $$ = expr_new(ctx, E_NOT, 0, $2, NULL, LOC(@1)); }
	| expr TOK_POW expr { $$ = expr_new(ctx, E_BIN, TOK_POW, $1, $3, LOC(@2)); }
	| expr '*' expr { $$ = expr_new(ctx, E_BIN, '*', $1, $3, LOC(@2)); }
	| expr '/' expr { $$ = expr_new(ctx, E_BIN, '/', $1, $3, LOC(@2)); }
	| expr '%' expr { $$ = expr_new(ctx, E_BIN, '%', $1, $3, LOC(@2)); }
	| expr '+' expr { $$ = expr_new(ctx, E_BIN, '+', $1, $3, LOC(@2)); }
	| expr '-' expr { $$ = expr_new(ctx, E_BIN, '-', $1, $3, LOC(@2)); }
	| expr TOK_SHL expr { $$ = expr_new(ctx, E_BIN, TOK_SHL, $1, $3, LOC(@2)); }
	| expr TOK_SHR expr { $$ = expr_new(ctx, E_BIN, TOK_SHR, $1, $3, LOC(@2)); }
	;

%%

static void specs_yyerror(SPECS_YYLTYPE *lloc, void *scanner, struct parse_ctx *ctx,
			  const char *msg)
{
	(void)scanner;
	/* The lexer has already said what was wrong with an invalid token. */
	if (ctx->error)
		return;
	if (!strncmp(msg, "syntax error, ", 14))
		msg += 14;
	parse_error_at(ctx, lloc->first_line, lloc->first_column, "%s", msg);
}
