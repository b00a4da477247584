// SPDX-License-Identifier: GPL-2.0-only
/* Error messages, a text buffer and path helpers for einit. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solution.h"

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	e->located = false;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int err_at(struct err *e, const char *file, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	int n;

	e->located = true;
	n = snprintf(e->msg, sizeof(e->msg), "%s:%zu:%zu: ", file, mark.line + 1,
		     mark.column + 1);
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool sb_reserve(struct strbuf *sb, size_t more)
{
	size_t cap;
	char *p;

	if (sb->failed)
		return false;
	if (more < sb->cap - sb->len)
		return true;
	cap = sb->cap ? sb->cap : 256;
	while (cap - sb->len <= more) {
		if (cap > SIZE_MAX / 2) {
			sb->failed = true;
			return false;
		}
		cap *= 2;
	}
	p = realloc(sb->buf, cap);
	if (!p) {
		sb->failed = true;
		return false;
	}
	sb->buf = p;
	sb->cap = cap;
	return true;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!sb_reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_dts_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p;

	sb_printf(sb, "\"");
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_printf(sb, "\\%c", *p);
		else if (*p == '\n')
			sb_printf(sb, "\\n");
		else if (*p == '\t')
			sb_printf(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			/* dtc understands \xNN; raw control bytes would upset the lexer. */
			sb_printf(sb, "\\x%02x", *p);
		else
			sb_printf(sb, "%c", *p);
	}
	sb_printf(sb, "\"");
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *abs_path_for_output(const char *path, struct err *e)
{
	char dir_real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir, *out;
	size_t need;

	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		err_set(e, "output '%s' names a directory, not a file", path);
		return NULL;
	}
	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (!dir) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (!realpath(dir, dir_real)) {
		err_set(e, "output '%s': directory '%s': %s", path, dir, strerror(errno));
		free(dir);
		return NULL;
	}
	free(dir);
	need = strlen(dir_real) + 1 + strlen(base) + 1;
	out = malloc(need);
	if (!out) {
		err_set(e, "out of memory");
		return NULL;
	}
	snprintf(out, need, "%s%s%s", dir_real, strcmp(dir_real, "/") ? "/" : "", base);
	return out;
}

bool dt_name_valid(const char *s)
{
	const char *p;

	/* Devicetree spec 2.2.1: 1-31 chars of [0-9a-zA-Z,._+-], starting with a letter. */
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (p = s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(",._+-", *p))
			continue;
		return false;
	}
	return true;
}
