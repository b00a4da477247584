// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channel ids written as {var: NAME, include: header.h}: the id is the value of the C macro
 * NAME in that header, as KasperskyOS's einit takes it. The header is looked for in the -I
 * directories; a line `#define NAME "text"` (or an unquoted single token) gives the value.
 * A header that is not there leaves the id unresolved (SDK headers such as env/env.h are not
 * part of Bulkhead); a header that is there but does not define NAME is an error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solution.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* 1 found (value malloc'd in *out), 0 not defined, -1 malformed definition. */
static int find_define(FILE *f, const char *name, char **out)
{
	char line[1024];
	size_t n = strlen(name);

	while (fgets(line, sizeof(line), f)) {
		const char *p = skip_ws(line), *v, *end;

		if (*p != '#')
			continue;
		p = skip_ws(p + 1);
		if (strncmp(p, "define", 6) || (p[6] != ' ' && p[6] != '\t'))
			continue;
		p = skip_ws(p + 6);
		/* "#define NAME" with nothing after it is a definition too (a malformed one). */
		if (strncmp(p, name, n) || (p[n] && !isspace((unsigned char)p[n])))
			continue;
		v = skip_ws(p + n);
		if (*v == '"') {
			end = strchr(v + 1, '"');
			if (!end)
				return -1;
			v++;
		} else {
			for (end = v; *end && !isspace((unsigned char)*end); end++)
				;
		}
		if (end == v)
			return -1;
		*out = strndup(v, (size_t)(end - v));
		return *out ? 1 : -1;
	}
	return 0;
}

int solution_resolve_ids(struct solution *sol, const char *const *dirs, size_t ndirs, struct err *e)
{
	for (size_t i = 0; i < sol->nents; i++) {
		struct entity *ent = &sol->ents[i];

		for (size_t k = 0; k < ent->nconns; k++) {
			struct connection *c = &ent->conns[k];

			if (c->id || !c->id_include)
				continue;
			for (size_t d = 0; d < ndirs; d++) {
				char path[4096];
				FILE *f;
				int rc;

				snprintf(path, sizeof(path), "%s/%s", dirs[d], c->id_include);
				f = fopen(path, "r");
				if (!f)
					continue;
				rc = find_define(f, c->id_var, &c->id_value);
				fclose(f);
				if (rc < 0)
					return err_at(
					    e, sol->init_path, c->id_mark,
					    "%s: the definition of '%s' is not a string or "
					    "a single token",
					    path, c->id_var);
				if (!rc)
					return err_at(e, sol->init_path, c->id_mark,
						      "%s does not define '%s'", path, c->id_var);
				break;
			}
		}
	}
	/* With values known, two spellings of one channel are the same channel. */
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		for (size_t k = 0; k < ent->nconns; k++)
			for (size_t j = 0; j < k; j++) {
				const char *a =
				    ent->conns[j].id ? ent->conns[j].id : ent->conns[j].id_value;
				const char *b =
				    ent->conns[k].id ? ent->conns[k].id : ent->conns[k].id_value;

				if (a && b && !strcmp(a, b))
					return err_at(e, sol->init_path, ent->conns[k].id_mark,
						      "connection id '%s' is used twice by task "
						      "'%s'",
						      b, ent->task);
			}
	}
	return 0;
}
