// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs the flex scanner and bison parser over one buffer, and formats located messages with
 * the offending source line and a caret under the column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "parser.h"

#define YYSTYPE SPECS_YYSTYPE
#define YYLTYPE SPECS_YYLTYPE
#include "lexer.h"

char *format_located(struct pool *pool, const char *file, const char *text, size_t len,
		     unsigned int line, unsigned int column, const char *fmt, va_list ap)
{
	char msg[1024];
	const char *p = text, *end = text + len, *eol;
	unsigned int l = 1;
	int width;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!text)
		return pool_printf(pool, "%s:%u:%u: %s", file, line, column, msg);
	while (p < end && l < line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl) {
			p = end;
			break;
		}
		p = nl + 1;
		l++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	width = (int)(eol - p);
	if (width > 200)
		width = 200;
	/* Control bytes in the echoed line would garble a terminal: show them as '?'. */
	char shown[201];

	for (int i = 0; i < width; i++) {
		unsigned char ch = (unsigned char)p[i];

		shown[i] = (ch == '\t' || (ch >= 0x20 && ch != 0x7f)) ? (char)ch : '?';
	}
	shown[width] = '\0';
	if (width && shown[width - 1] == '\r')
		shown[--width] = '\0';

	/* The caret keeps tabs, so it lines up with the echoed line in a terminal. */
	char caret[202];
	unsigned int c = 0;

	for (; c + 1 < column && c < (unsigned int)width && c < 200; c++)
		caret[c] = p[c] == '\t' ? '\t' : ' ';
	caret[c++] = '^';
	caret[c] = '\0';
	return pool_printf(pool, "%s:%u:%u: %s\n    %s\n    %s", file, line, column, msg, shown,
			   caret);
}

void parse_error_at(struct parse_ctx *c, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (c->error)
		return;
	va_start(ap, fmt);
	c->error = format_located(c->pool, c->file, c->text, c->len, (unsigned int)line,
				  (unsigned int)column, fmt, ap);
	va_end(ap);
}

int parse_number(struct parse_ctx *c, const char *digits, unsigned int base, int line, int column,
		 uint64_t *out)
{
	uint64_t v = 0;

	for (const char *p = digits; *p; p++) {
		unsigned int d =
		    *p <= '9' ? (unsigned int)(*p - '0') : (unsigned int)((*p | 0x20) - 'a' + 10);

		if (v > (UINT64_MAX - d) / base) {
			parse_error_at(c, line, column, "number '%s' does not fit in 64 bits",
				       digits);
			return -1;
		}
		v = v * base + d;
	}
	*out = v;
	return 0;
}

struct ast_file *specs_parse_buffer(struct pool *pool, const char *file, const char *text,
				    size_t len, char **error)
{
	struct parse_ctx ctx = {
	    .pool = pool,
	    .file = file,
	    .text = text,
	    .len = len,
	    .line = 1,
	    .column = 1,
	};
	yyscan_t scanner;
	YY_BUFFER_STATE buf;
	int rc;

	*error = NULL;
	/* A UTF-8 byte-order mark, as some editors write, is not part of the text. */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
		ctx.text = text;
		ctx.len = len;
	}
	if (memchr(text, '\0', len)) {
		const char *nul = memchr(text, '\0', len);
		unsigned int line = 1, col = 1;

		for (const char *p = text; p < nul; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		parse_error_at(&ctx, (int)line, (int)col, "NUL byte in the file");
		*error = ctx.error;
		return NULL;
	}
	ctx.out = pool_alloc(pool, sizeof(*ctx.out));
	if (specs_yylex_init_extra(&ctx, &scanner)) {
		*error = pool_printf(pool, "%s: cannot start the scanner", file);
		return NULL;
	}
	buf = specs_yy_scan_bytes(text, (int)len, scanner);
	rc = specs_yyparse(scanner, &ctx);
	specs_yy_delete_buffer(buf, scanner);
	specs_yylex_destroy(scanner);
	if (rc || ctx.error) {
		if (!ctx.error)
			parse_error_at(&ctx, ctx.line, ctx.column, "cannot parse the file");
		*error = ctx.error;
		return NULL;
	}
	return ctx.out;
}
