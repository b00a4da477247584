// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the hypervisor needs for IPC besides the manifest: the message schema of every server's
 * class (it validates each message before the policy sees it) and the compiled policy (its
 * verdict table decides the static tuples). Both travel as FIT images of the boot package.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solution.h"

const char *connection_id(const struct connection *c)
{
	return c->id ? c->id : c->id_value;
}

static struct entity *find_task(struct solution *sol, const char *task)
{
	for (size_t i = 0; i < sol->nents; i++)
		if (!strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

static int regular_file(const char *path, char **abs, struct err *e, const char *what)
{
	char resolved[PATH_MAX];
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode) || !realpath(path, resolved))
		return err_set(e, "%s '%s' not found (is it built?)", what, path);
	*abs = strdup(resolved);
	return *abs ? 0 : err_set(e, "out of memory");
}

int solution_ipc_images(struct solution *sol, const char *schema_dir, const char *policy,
			struct err *e)
{
	size_t nconns = 0, nservers = 0;
	const struct entity *monitor = NULL;

	for (size_t i = 0; i < sol->nents; i++) {
		struct entity *ent = &sol->ents[i];

		if (ent->role == ROLE_MONITOR) {
			if (monitor)
				return err_set(e, "tasks '%s' and '%s' both have role monitor",
					       monitor->task, ent->task);
			monitor = ent;
			if (ent->nconns)
				return err_set(e,
					       "task '%s' is the monitor: it makes no IPC calls and "
					       "may not have connections",
					       ent->task);
		}

		for (size_t j = 0; j < ent->nconns; j++) {
			const struct connection *c = &ent->conns[j];
			struct entity *srv = find_task(sol, c->target);
			char path[PATH_MAX], name[32];

			if (!connection_id(c))
				return err_set(e,
					       "task '%s': connection to '%s': its id %s is not "
					       "defined in any -I header",
					       ent->task, c->target, c->id_var);
			if (strlen(connection_id(c)) > 31)
				return err_set(e,
					       "task '%s': connection id '%s' is longer than 31 "
					       "characters",
					       ent->task, connection_id(c));
			nconns++;
			if (!srv || srv->schema_file)
				continue; /* unknown targets were reported by solution_load */
			if (!schema_dir)
				return err_set(e,
					       "task '%s' serves connections: --schemas is needed",
					       srv->task);
			snprintf(path, sizeof(path), "%s/%s.edl.schema", schema_dir,
				 srv->class_name);
			/* pkg.Name -> pkg/Name: the class's dots become directories */
			for (size_t k = strlen(schema_dir) + 1, n = k + strlen(srv->class_name);
			     k < n && k < sizeof(path); k++)
				if (path[k] == '.')
					path[k] = '/';
			if (regular_file(path, &srv->schema_file, e, "schema"))
				return -1;
			snprintf(name, sizeof(name), "schema-%zu", nservers++);
			srv->schema_image = strdup(name);
			if (!srv->schema_image)
				return err_set(e, "out of memory");
		}
	}
	if (!policy)
		return nconns ? err_set(e, "the solution has connections: --policy is needed") : 0;
	return regular_file(policy, &sol->policy_file, e, "policy");
}
