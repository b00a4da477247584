// SPDX-License-Identifier: GPL-2.0-only
/*
 * The entities against their formal specifications: each `name:` is an EDL class found
 * through the search path (-I directories, then the SDK), and a connection's target must be
 * a server, i.e. its class must provide at least one endpoint. Also prints the solution model
 * for einit --check: tasks, classes, endpoints with RIIDs, connections, args and env.
 */
#include <stdio.h>
#include <string.h>

#include <specs/specs.h>

#include "solution.h"

static const struct entity *task_named(const struct solution *sol, const char *task)
{
	for (size_t i = 0; i < sol->nents; i++)
		if (!strcmp(sol->ents[i].task, task))
			return &sol->ents[i];
	return NULL;
}

int solution_check_specs(struct solution *sol, struct specs *sp, bool require, struct err *e)
{
	for (size_t i = 0; i < sol->nents; i++) {
		struct entity *ent = &sol->ents[i];
		const char *path = specs_find(sp, ent->class_name, ".edl");

		if (!path) {
			if (!require)
				continue;
			char rel[256];

			snprintf(rel, sizeof(rel), "%s.edl", ent->class_name);
			for (char *p = rel; *p && p < rel + strlen(ent->class_name); p++)
				if (*p == '.')
					*p = '/';
			return err_at(e, sol->init_path, ent->class_mark,
				      "no EDL for class '%s' of task '%s': %s is not in the search "
				      "path (add -I <dir>)",
				      ent->class_name, ent->task, rel);
		}
		ent->spec = specs_class(sp, ent->class_name);
		if (!ent->spec)
			return err_at(e, sol->init_path, ent->class_mark,
				      "class '%s' of task '%s': %s", ent->class_name, ent->task,
				      specs_error(sp));
		ent->spec_file = path;
	}
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		for (size_t k = 0; k < ent->nconns; k++) {
			const struct connection *conn = &ent->conns[k];
			const struct entity *srv = task_named(sol, conn->target);

			if (srv && srv->spec && !srv->spec->nflat)
				return err_at(e, sol->init_path, conn->target_mark,
					      "connection target '%s' (class %s) provides no "
					      "endpoints, so it cannot be a server",
					      conn->target, srv->class_name);
		}
	}
	return 0;
}

static void print_id(const struct connection *c, FILE *out)
{
	if (c->id)
		fprintf(out, "%s", c->id);
	else if (c->id_include && c->id_value)
		fprintf(out, "{var: %s, include: %s} = %s", c->id_var, c->id_include, c->id_value);
	else if (c->id_include)
		fprintf(out, "{var: %s, include: %s} (header not found)", c->id_var, c->id_include);
	else
		fprintf(out, "{var: %s}", c->id_var);
}

void solution_print(const struct solution *sol, FILE *out)
{
	fprintf(out, "solution %s: %zu entities\n", sol->init_path, sol->nents);
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		fprintf(out, "task %s\n", ent->task);
		fprintf(out, "  class %s\n", ent->class_name);
		fprintf(out, "  path %s\n", ent->path);
		if (ent->dcm)
			fprintf(out, "  dynamic_connection_manager\n");
		if (ent->spec) {
			fprintf(out, "  edl %s\n", ent->spec_file);
			for (size_t r = 0; r < ent->spec->nflat; r++)
				fprintf(out, "  endpoint %u %s %s\n", ent->spec->flat[r].riid,
					ent->spec->flat[r].qname, ent->spec->flat[r].iface->name);
		} else {
			fprintf(out, "  edl none\n");
		}
		for (size_t k = 0; k < ent->nconns; k++) {
			const struct connection *c = &ent->conns[k];
			const struct entity *srv = task_named(sol, c->target);

			fprintf(out, "  connection ");
			print_id(c, out);
			fprintf(out, " -> %s (class %s)\n", c->target, srv ? srv->class_name : "?");
		}
		for (size_t k = 0; k < ent->nargs; k++)
			fprintf(out, "  arg %s\n", ent->args[k]);
		for (size_t k = 0; k < ent->nenv; k++)
			fprintf(out, "  env %s\n", ent->env[k]);
		fprintf(out,
			"  partition memory=%llu cpus=0x%x priority=%u max-threads=%u "
			"on-fault=%s role=%s\n",
			(unsigned long long)ent->memory, ent->cpu_mask, ent->priority,
			ent->max_threads, on_fault_name(ent->on_fault), role_name(ent->role));
	}
}
