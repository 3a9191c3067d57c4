/*
 * parser.y - the one shape of named.conf and rndc.conf:
 *
 *	statement := ['!'] item+ ';'
 *	item      := WORD | STRING | '{' statement* '}'
 *
 * A pure parser: all state is in the conf_pstate_t argument.  Statements
 * are handed to pstate_add() as soon as they are complete, which expands
 * includes in place.  Syntax errors are reported once, in BIND's words
 * ("missing ';' before '}'"), and stop the parse: after the first error the
 * rest of the file says nothing reliable.
 */
%code requires {
#include "config/parse_int.h"
}

%code {
#include <stdio.h>
#include <string.h>

int conf_yylex(CONF_YYSTYPE *lval, void *scanner);
static void conf_yyerror(conf_pstate_t *ps, void *scanner, const char *msg);
}

%define api.pure full
%define api.prefix {conf_yy}
%define parse.error custom
%parse-param {conf_pstate_t *ps} {void *scanner}
%lex-param {void *scanner}

%union {
	conf_ptok_t tok;
	conf_plist_t items;
	conf_block_t *block;
	conf_stmt_t *stmt;
}

%token <tok> T_WORD T_STRING
%token T_ERROR T_LBRACE T_RBRACE T_SEMI T_BANG
%type <block> stmts
%type <stmt> stmt
%type <items> items

%%

file:	stmts			{ ps->result = $1; }
	;

stmts:	%empty			{
					$$ = ast_block_new(ps->tree, ps->file,
							   ps->tokline);
				}
	| stmts stmt		{
					if (!pstate_add(ps, $1, $2)) {
						YYABORT;
					}
					$$ = $1;
				}
	;

stmt:	items T_SEMI		{
					$$ = ast_stmt_new(ps->tree, ps->file,
							  false, &$1);
				}
	| T_BANG items T_SEMI		{
					$$ = ast_stmt_new(ps->tree, ps->file,
							  true, &$2);
				}
	;

items:	T_WORD			{
					memset(&$$, 0, sizeof($$));
					pstate_item(ps, &$$, CONF_V_WORD, &$1,
						    NULL);
				}
	| T_STRING		{
					memset(&$$, 0, sizeof($$));
					pstate_item(ps, &$$, CONF_V_STRING,
						    &$1, NULL);
				}
	| T_LBRACE stmts T_RBRACE		{
					memset(&$$, 0, sizeof($$));
					pstate_item(ps, &$$, CONF_V_BLOCK, NULL,
						    $2);
				}
	| items T_WORD		{
					$$ = $1;
					pstate_item(ps, &$$, CONF_V_WORD, &$2,
						    NULL);
				}
	| items T_STRING	{
					$$ = $1;
					pstate_item(ps, &$$, CONF_V_STRING,
						    &$2, NULL);
				}
	| items T_LBRACE stmts T_RBRACE	{
					$$ = $1;
					pstate_item(ps, &$$, CONF_V_BLOCK, NULL,
						    $3);
				}
	;

%%

static int
yyreport_syntax_error(const yypcontext_t *ctx, conf_pstate_t *ps,
		      void *scanner) {
	(void)scanner;
	if (ps->failed) {
		return 0; /* the scanner already explained */
	}
	yysymbol_kind_t la = yypcontext_token(ctx);
	yysymbol_kind_t exp[16];
	int n = yypcontext_expected_tokens(ctx, exp, 16);
	bool semi = false, rbrace = false;
	for (int i = 0; i < n; i++) {
		semi = semi || exp[i] == YYSYMBOL_T_SEMI;
		rbrace = rbrace || exp[i] == YYSYMBOL_T_RBRACE;
	}
	pstate_syntax(ps, la == YYSYMBOL_YYEOF, semi ? ';' : rbrace ? '}' : 0);
	return 0;
}

/* Only reached for bison's own failures (memory exhausted). */
static void
conf_yyerror(conf_pstate_t *ps, void *scanner, const char *msg) {
	(void)scanner;
	pstate_seterror(ps, ps->tokline, msg);
}
