// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.yaml reader. The format is KasperskyOS's (entities with name/task/path/connections/
 * args/env) plus one Bulkhead key, `partition:`, for what a hypervisor partition needs and
 * KasperskyOS has no word for. Third-party files must load unchanged, so the KasperskyOS keys
 * are taken exactly as they are written there; anything else is an error with its position,
 * because a misspelt key that is silently ignored would quietly change a partition.
 *
 * Strings point into the libyaml document, which lives as long as the solution.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/chunks.h>
#include <uapi/bulkhead/manifest.h>

#include "solution.h"

#define BOOT_ARGS_MAX sizeof(((struct bh_boot_info *)0)->args)
#define BOOT_ENV_MAX sizeof(((struct bh_boot_info *)0)->env)

#define EM_AARCH64_ 183
#define ET_EXEC_ 2

struct ctx {
	const char *file;
	yaml_document_t *doc;
	const struct config *cfg;
	struct err *e;
};

static const char *const entity_keys[] = { "name",	   "task",
					   "path",	   "connections",
					   "args",	   "env",
					   "partition",	   "autostart",
					   "dynamic_connection_manager", NULL };
static const char *const connection_keys[] = { "target", "id", NULL };
static const char *const id_keys[] = { "var", "include", NULL };
static const char *const partition_keys[] = { "memory",	  "cpus",     "priority",
					      "max-threads", "on-fault", "role",
					      "devices",     "initrd",   "bootargs", NULL };
static const char *const device_keys[] = { "name", "reg", "interrupts", NULL };

#define LINUX_MIN_MEMORY (32ull << 20)
#define LINUX_MAX_VCPUS 8u
#define LINUX_BOOTARGS_MAX 400u /* as the hypervisor's manifest parser */

const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_MONITOR:
		return BH_ROLE_MONITOR;
	case ROLE_LINUX:
		return BH_ROLE_LINUX;
	case ROLE_COMPONENT:
	default:
		return BH_ROLE_COMPONENT;
	}
}

const char *on_fault_name(enum on_fault f)
{
	return f == ON_FAULT_RESTART ? BH_ON_FAULT_RESTART : BH_ON_FAULT_STOP;
}

static yaml_node_t *node_at(const struct ctx *c, int index)
{
	return yaml_document_get_node(c->doc, index);
}

static const char *kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "empty";
	}
}

static const char *sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* A plain `key:` with nothing after it, or ~ / null, is YAML's null. */
static bool is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = sval(n);
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

/* Any scalar as text; a "\0" escape would cut the string short later, so it is refused. */
static int scalar_text(const struct ctx *c, const yaml_node_t *n, const char *what,
		       const char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return err_at(c->e, c->file, n->start_mark, "%s must be a string, not %s", what,
			      kind(n));
	if (strlen(sval(n)) != n->data.scalar.length)
		return err_at(c->e, c->file, n->start_mark, "%s contains a NUL character", what);
	*out = sval(n);
	return 0;
}

static int nonempty_string(const struct ctx *c, const yaml_node_t *n, const char *what,
			   const char **out)
{
	if (is_null(n) || (n->type == YAML_SCALAR_NODE && !n->data.scalar.length))
		return err_at(c->e, c->file, n->start_mark, "%s has no value", what);
	return scalar_text(c, n, what, out);
}

/* Decimal or 0x hex, optionally followed by one of `suffixes` (K, M, G: powers of 1024). */
static int parse_uint(const struct ctx *c, const yaml_node_t *n, const char *what,
		      const char *suffixes, uint64_t *out)
{
	const char *s, *p;
	uint64_t v = 0, mul = 1;
	unsigned int base = 10, d;

	if (n->type != YAML_SCALAR_NODE)
		return err_at(c->e, c->file, n->start_mark, "%s must be a number, not %s", what,
			      kind(n));
	s = sval(n);
	p = s;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return err_at(c->e, c->file, n->start_mark, "%s '%s' is too large", what,
				      s);
		v = v * base + d;
	}
	if (*p) {
		if (base != 10 || !suffixes || !strchr(suffixes, *p) || p[1])
			goto bad;
		mul = *p == 'K' ? 1ull << 10 : *p == 'M' ? 1ull << 20 : 1ull << 30;
		if (v > UINT64_MAX / mul)
			return err_at(c->e, c->file, n->start_mark, "%s '%s' is too large", what,
				      s);
	}
	if (strlen(s) != n->data.scalar.length)
		goto bad;
	*out = v * mul;
	return 0;
bad:
	if (suffixes)
		return err_at(c->e, c->file, n->start_mark,
			      "%s '%s' is not a non-negative integer (optionally with a K, M or G "
			      "suffix)",
			      what, s);
	return err_at(c->e, c->file, n->start_mark, "%s '%s' is not a non-negative integer",
		      what, s);
}

static void join_keys(const char *const *keys, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; keys[i] && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", keys[i]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/*
 * Checks that n is a mapping whose keys are distinct strings from `allowed`. libyaml keeps
 * duplicate keys, and which one "wins" would be an accident of this code, so they are errors.
 */
static int check_map(const struct ctx *c, const yaml_node_t *n, const char *what,
		     const char *const *allowed)
{
	yaml_node_pair_t *pair, *other;

	if (n->type != YAML_MAPPING_NODE)
		return err_at(c->e, c->file, n->start_mark, "%s must be a mapping, not %s", what,
			      kind(n));
	for (pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node_at(c, pair->key);
		const char *key;
		size_t i;

		if (!k || k->type != YAML_SCALAR_NODE)
			return err_at(c->e, c->file, k ? k->start_mark : n->start_mark,
				      "keys in %s must be strings", what);
		if (strlen(sval(k)) != k->data.scalar.length)
			return err_at(c->e, c->file, k->start_mark,
				      "key in %s contains a NUL character", what);
		key = sval(k);
		for (other = n->data.mapping.pairs.start; other < pair; other++) {
			yaml_node_t *ok = node_at(c, other->key);

			if (ok && ok->type == YAML_SCALAR_NODE && !strcmp(sval(ok), key))
				return err_at(c->e, c->file, k->start_mark,
					      "duplicate key '%s' in %s (first at line %zu)", key,
					      what, ok->start_mark.line + 1);
		}
		if (!allowed)
			continue;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], key))
				break;
		if (!allowed[i]) {
			char list[256];

			join_keys(allowed, list, sizeof(list));
			return err_at(c->e, c->file, k->start_mark,
				      "unknown key '%s' in %s (expected one of: %s)", key, what,
				      list);
		}
	}
	return 0;
}

/* Value of `key` in a mapping already checked by check_map, or NULL. */
static yaml_node_t *map_get(const struct ctx *c, const yaml_node_t *map, const char *key,
			    yaml_mark_t *key_mark)
{
	yaml_node_pair_t *pair;

	for (pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node_at(c, pair->key);

		if (k && !strcmp(sval(k), key)) {
			if (key_mark)
				*key_mark = k->start_mark;
			return node_at(c, pair->value);
		}
	}
	return NULL;
}

/* Lists may be left empty (`connections:` whose template expanded to nothing). */
static int list_items(const struct ctx *c, const yaml_node_t *n, const char *what,
		      yaml_node_item_t **start, size_t *count)
{
	if (is_null(n)) {
		*start = NULL;
		*count = 0;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return err_at(c->e, c->file, n->start_mark, "%s must be a list, not %s", what,
			      kind(n));
	*start = n->data.sequence.items.start;
	*count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	return 0;
}

static bool ident_char(char ch, bool first)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

/* EDL class names: dot-separated identifiers such as kl.VfsNet or echo.Client. */
static bool class_valid(const char *s)
{
	bool first = true;

	for (; *s; s++) {
		if (*s == '.') {
			if (first)
				return false;
			first = true;
			continue;
		}
		if (!ident_char(*s, first))
			return false;
		first = false;
	}
	return !first;
}

static int parse_connection(const struct ctx *c, const yaml_node_t *n, struct connection *conn)
{
	yaml_node_t *target, *id;

	if (check_map(c, n, "connection", connection_keys))
		return -1;
	conn->mark = n->start_mark;
	target = map_get(c, n, "target", NULL);
	id = map_get(c, n, "id", NULL);
	if (!target)
		return err_at(c->e, c->file, n->start_mark, "connection has no 'target'");
	if (!id)
		return err_at(c->e, c->file, n->start_mark, "connection has no 'id'");
	if (nonempty_string(c, target, "connection 'target'", &conn->target))
		return -1;
	conn->target_mark = target->start_mark;
	conn->id_mark = id->start_mark;

	if (id->type != YAML_MAPPING_NODE)
		return nonempty_string(c, id, "connection 'id'", &conn->id);

	/* {var: MACRO, include: header.h}: Einit takes the id from a C macro. */
	yaml_node_t *var, *inc;

	if (check_map(c, id, "connection 'id'", id_keys))
		return -1;
	var = map_get(c, id, "var", NULL);
	inc = map_get(c, id, "include", NULL);
	if (!var)
		return err_at(c->e, c->file, id->start_mark,
			      "connection 'id' mapping has no 'var'");
	if (nonempty_string(c, var, "connection 'id' 'var'", &conn->id_var))
		return -1;
	for (const char *p = conn->id_var; *p; p++)
		if (!ident_char(*p, p == conn->id_var))
			return err_at(c->e, c->file, var->start_mark,
				      "connection 'id' 'var' '%s' is not a C identifier",
				      conn->id_var);
	if (inc && nonempty_string(c, inc, "connection 'id' 'include'", &conn->id_include))
		return -1;
	return 0;
}

static int parse_args(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	yaml_node_item_t *items;
	size_t count, total = 0;

	if (list_items(c, n, "'args'", &items, &count))
		return -1;
	if (!count)
		return 0;
	ent->args = calloc(count, sizeof(*ent->args));
	if (!ent->args)
		return err_set(c->e, "out of memory");
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = node_at(c, items[i]);

		if (scalar_text(c, item, "an 'args' item", &ent->args[i]))
			return -1;
		ent->nargs++;
		total += strlen(ent->args[i]) + 1;
		if (total > BOOT_ARGS_MAX)
			return err_at(c->e, c->file, item->start_mark,
				      "'args' take more than %zu bytes (each string plus its NUL)",
				      BOOT_ARGS_MAX);
	}
	return 0;
}

static int parse_env(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	yaml_node_pair_t *pair;
	size_t count, total = 0;

	if (is_null(n))
		return 0;
	if (check_map(c, n, "'env'", NULL))
		return -1;
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (!count)
		return 0;
	ent->env = calloc(count, sizeof(*ent->env));
	if (!ent->env)
		return err_set(c->e, "out of memory");
	for (pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node_at(c, pair->key), *v = node_at(c, pair->value);
		const char *name = sval(k), *value = "";
		size_t len;
		char *s;

		for (const char *p = name; *p; p++)
			if (*p == '=' || *p <= ' ' || *p == 0x7f)
				return err_at(c->e, c->file, k->start_mark,
					      "'env' name '%s' must not contain '=', spaces or "
					      "control characters",
					      name);
		if (!*name)
			return err_at(c->e, c->file, k->start_mark, "'env' name is empty");
		if (!is_null(v) && scalar_text(c, v, "an 'env' value", &value))
			return -1;
		len = strlen(name) + 1 + strlen(value) + 1;
		total += len;
		if (total > BOOT_ENV_MAX)
			return err_at(c->e, c->file, k->start_mark,
				      "'env' takes more than %zu bytes (each NAME=value plus "
				      "its NUL)",
				      BOOT_ENV_MAX);
		s = malloc(len);
		if (!s)
			return err_set(c->e, "out of memory");
		snprintf(s, len, "%s=%s", name, value);
		ent->env[ent->nenv++] = s;
	}
	return 0;
}

static int parse_device(const struct ctx *c, const yaml_node_t *n, struct entity *ent,
			struct device *d)
{
	yaml_node_item_t *items;
	yaml_node_t *v;
	size_t count;
	uint64_t u;

	d->mark = n->start_mark;
	if (check_map(c, n, "device", device_keys))
		return -1;
	v = map_get(c, n, "name", NULL);
	if (!v)
		return err_at(c->e, c->file, n->start_mark, "device has no 'name'");
	if (nonempty_string(c, v, "device 'name'", &d->name))
		return -1;
	if (!dt_name_valid(d->name) || strlen(d->name) > BH_NAME_MAX - 1)
		return err_at(c->e, c->file, v->start_mark,
			      "device name '%s' is not 1..%d of [A-Za-z0-9,._+-] starting with a "
			      "letter", d->name, BH_NAME_MAX - 1);
	for (struct device *o = ent->devices; o < d; o++)
		if (!strcmp(o->name, d->name))
			return err_at(c->e, c->file, v->start_mark,
				      "device '%s' appears twice in this partition", d->name);

	v = map_get(c, n, "reg", NULL);
	if (v) {
		uint64_t cell[2];

		if (list_items(c, v, "device 'reg'", &items, &count))
			return -1;
		if (count != 2)
			return err_at(c->e, c->file, v->start_mark,
				      "device 'reg' must be [address, size]");
		for (size_t i = 0; i < 2; i++)
			if (parse_uint(c, node_at(c, items[i]), "device 'reg' item", NULL,
				       &cell[i]))
				return -1;
		if (!cell[1] || cell[0] % 4096 || cell[1] % 4096 || cell[0] + cell[1] < cell[0])
			return err_at(c->e, c->file, v->start_mark,
				      "device 'reg' [0x%" PRIx64 ", 0x%" PRIx64 "] is not a "
				      "non-empty run of whole 4 KiB pages", cell[0], cell[1]);
		d->pa = cell[0];
		d->size = cell[1];
	}
	v = map_get(c, n, "interrupts", NULL);
	if (v) {
		if (list_items(c, v, "device 'interrupts'", &items, &count))
			return -1;
		if (count > BH_MANIFEST_MAX_DEVICE_IRQS)
			return err_at(c->e, c->file, v->start_mark,
				      "device 'interrupts' has more than %d entries",
				      BH_MANIFEST_MAX_DEVICE_IRQS);
		for (size_t i = 0; i < count; i++) {
			yaml_node_t *item = node_at(c, items[i]);

			if (parse_uint(c, item, "device 'interrupts' item", NULL, &u))
				return -1;
			if (u < 32 || u > 1019)
				return err_at(c->e, c->file, item->start_mark,
					      "interrupt %" PRIu64 " is not a GIC shared peripheral "
					      "interrupt (32..1019)", u);
			for (size_t j = 0; j < d->nirqs; j++)
				if (d->irqs[j] == u)
					return err_at(c->e, c->file, item->start_mark,
						      "interrupt %" PRIu64 " is listed twice", u);
			d->irqs[d->nirqs++] = (uint32_t)u;
		}
	}
	if (!d->size && !d->nirqs)
		return err_at(c->e, c->file, n->start_mark,
			      "device '%s' grants neither 'reg' nor 'interrupts'", d->name);
	return 0;
}

static int parse_devices(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	yaml_node_item_t *items;
	size_t count;

	if (list_items(c, n, "partition 'devices'", &items, &count))
		return -1;
	if (count > BH_MANIFEST_MAX_DEVICES)
		return err_at(c->e, c->file, n->start_mark,
			      "partition 'devices' has more than %d devices",
			      BH_MANIFEST_MAX_DEVICES);
	for (size_t i = 0; i < count; i++) {
		if (parse_device(c, node_at(c, items[i]), ent, &ent->devices[i]))
			return -1;
		ent->ndevices++;
	}
	return 0;
}

/* No MMIO page or interrupt is granted twice, in one partition or across partitions. */
static int check_devices(const struct ctx *c, const struct solution *sol)
{
	for (size_t a = 0; a < sol->nents; a++) {
		for (size_t i = 0; i < sol->ents[a].ndevices; i++) {
			const struct device *d = &sol->ents[a].devices[i];

			for (size_t b = 0; b <= a; b++) {
				for (size_t j = 0; j < sol->ents[b].ndevices; j++) {
					const struct device *o = &sol->ents[b].devices[j];

					if (b == a && j >= i)
						break;
					if (d->size && o->size && d->pa < o->pa + o->size &&
					    o->pa < d->pa + d->size)
						return err_at(c->e, c->file, d->mark,
							      "device '%s' overlaps device '%s' of "
							      "'%s'", d->name, o->name,
							      sol->ents[b].task);
					for (size_t x = 0; x < d->nirqs; x++)
						for (size_t y = 0; y < o->nirqs; y++)
							if (d->irqs[x] == o->irqs[y])
								return err_at(c->e, c->file, d->mark,
									      "interrupt %u of device '%s' is also granted to device '%s' of '%s'",
									      d->irqs[x], d->name, o->name,
									      sol->ents[b].task);
				}
			}
		}
	}
	return 0;
}

static int parse_partition(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	const struct config *cfg = c->cfg;
	yaml_node_t *v;
	uint64_t u;

	if (check_map(c, n, "'partition'", partition_keys))
		return -1;

	v = map_get(c, n, "memory", NULL);
	if (v) {
		if (parse_uint(c, v, "partition 'memory'", "KMG", &u))
			return -1;
		if (u % 4096)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'memory' %" PRIu64
				      " bytes is not a multiple of 4 KiB (the page size)",
				      u);
		if (u < 64 * 1024)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'memory' %" PRIu64
				      " bytes is below the 64 KiB minimum",
				      u);
		ent->memory = u;
		ent->memory_set = true;
	}

	v = map_get(c, n, "cpus", NULL);
	if (v) {
		yaml_node_item_t *items;
		size_t count;

		if (is_null(v))
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'cpus' has no value");
		if (list_items(c, v, "partition 'cpus'", &items, &count))
			return -1;
		if (!count)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'cpus' is empty: a partition needs a CPU to "
				      "run on");
		ent->cpu_mask = 0;
		for (size_t i = 0; i < count; i++) {
			yaml_node_t *item = node_at(c, items[i]);

			if (parse_uint(c, item, "partition 'cpus' item", NULL, &u))
				return -1;
			if (u >= cfg->nr_cpus)
				return err_at(c->e, c->file, item->start_mark,
					      "CPU %" PRIu64
					      " does not exist: CONFIG_NR_CPUS is %u (CPUs 0..%u)",
					      u, cfg->nr_cpus, cfg->nr_cpus - 1);
			if (ent->cpu_mask & (1u << u))
				return err_at(c->e, c->file, item->start_mark,
					      "CPU %" PRIu64 " is listed twice", u);
			ent->cpu_mask |= 1u << u;
		}
		ent->cpus_set = true;
	}

	v = map_get(c, n, "priority", NULL);
	if (v) {
		if (parse_uint(c, v, "partition 'priority'", NULL, &u))
			return -1;
		if (u > 31)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'priority' %" PRIu64 " is above 31", u);
		ent->priority = (uint32_t)u;
	}

	v = map_get(c, n, "max-threads", NULL);
	if (v) {
		if (parse_uint(c, v, "partition 'max-threads'", NULL, &u))
			return -1;
		if (u < 1 || u > cfg->max_vcpus)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'max-threads' %" PRIu64
				      " is outside 1..%u (CONFIG_MAX_VCPUS_PER_PARTITION)",
				      u, cfg->max_vcpus);
		ent->max_threads = (uint32_t)u;
		ent->threads_set = true;
	}

	v = map_get(c, n, "on-fault", NULL);
	if (v) {
		const char *s;

		if (nonempty_string(c, v, "partition 'on-fault'", &s))
			return -1;
		if (!strcmp(s, BH_ON_FAULT_STOP))
			ent->on_fault = ON_FAULT_STOP;
		else if (!strcmp(s, BH_ON_FAULT_RESTART))
			ent->on_fault = ON_FAULT_RESTART;
		else
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'on-fault' '%s' is not '" BH_ON_FAULT_STOP
				      "' or '" BH_ON_FAULT_RESTART "'",
				      s);
	}

	v = map_get(c, n, "role", NULL);
	if (v) {
		const char *s;

		if (nonempty_string(c, v, "partition 'role'", &s))
			return -1;
		if (!strcmp(s, BH_ROLE_COMPONENT))
			ent->role = ROLE_COMPONENT;
		else if (!strcmp(s, BH_ROLE_MONITOR))
			ent->role = ROLE_MONITOR;
		else if (!strcmp(s, BH_ROLE_LINUX))
			ent->role = ROLE_LINUX;
		else
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'role' '%s' is not '" BH_ROLE_COMPONENT
				      "', '" BH_ROLE_MONITOR "' or '" BH_ROLE_LINUX "'",
				      s);
	}

	/* The monitor must get a CPU even when every other partition spins. */
	if (ent->role == ROLE_MONITOR && !map_get(c, n, "priority", NULL))
		ent->priority = 31;

	v = map_get(c, n, "devices", NULL);
	if (v && parse_devices(c, v, ent))
		return -1;
	v = map_get(c, n, "initrd", NULL);
	if (v) {
		if (nonempty_string(c, v, "partition 'initrd'", &ent->initrd))
			return -1;
		ent->initrd_mark = v->start_mark;
	}
	v = map_get(c, n, "bootargs", NULL);
	if (v) {
		if (nonempty_string(c, v, "partition 'bootargs'", &ent->bootargs))
			return -1;
		if (strlen(ent->bootargs) >= LINUX_BOOTARGS_MAX)
			return err_at(c->e, c->file, v->start_mark,
				      "partition 'bootargs' is longer than %u characters",
				      LINUX_BOOTARGS_MAX - 1);
	}
	if (ent->role != ROLE_LINUX && (ent->initrd || ent->bootargs))
		return err_at(c->e, c->file, n->start_mark,
			      "partition 'initrd' and 'bootargs' are for role '" BH_ROLE_LINUX
			      "' only");
	return 0;
}

/* A Linux guest: Kconfig's "Linux guest" defaults for what init.yaml leaves out, then the
 * limits of the hypervisor's guest platform. */
static int linux_defaults(const struct ctx *c, struct entity *ent)
{
	const struct config *cfg = c->cfg;

	if (!ent->memory_set && cfg->linux_memory)
		ent->memory = cfg->linux_memory;
	if (!ent->threads_set && cfg->linux_vcpus)
		ent->max_threads = cfg->linux_vcpus;
	if (!ent->cpus_set && cfg->linux_vcpus) {
		ent->cpu_mask = 0;
		for (uint32_t i = 0; i < cfg->linux_vcpus; i++) {
			uint32_t cpu = cfg->linux_first_cpu + i;

			if (cpu >= cfg->nr_cpus)
				return err_at(c->e, c->file, ent->mark,
					      "Linux guest '%s': CONFIG_LINUX_GUEST_FIRST_CPU %u + "
					      "%u vCPUs needs CPU %u, but CONFIG_NR_CPUS is %u",
					      ent->task, cfg->linux_first_cpu, cfg->linux_vcpus,
					      cpu, cfg->nr_cpus);
			ent->cpu_mask |= 1u << cpu;
		}
	}
	if (!ent->bootargs && cfg->linux_cmdline)
		ent->bootargs = cfg->linux_cmdline;
	/* Its grants are passed through: SPIs of the guest's emulated GIC, not its UART's. */
	for (size_t i = 0; i < ent->ndevices; i++) {
		const struct device *d = &ent->devices[i];

		for (size_t j = 0; j < d->nirqs; j++) {
			if (d->irqs[j] > BH_LINUX_SPI_LAST)
				return err_at(c->e, c->file, ent->mark,
					      "Linux guest '%s': device '%s': interrupt %u is beyond "
					      "the SPIs of the guest's GIC (32..%u)", ent->task,
					      d->name, d->irqs[j], BH_LINUX_SPI_LAST);
			if (d->irqs[j] == BH_LINUX_UART_INTID)
				return err_at(c->e, c->file, ent->mark,
					      "Linux guest '%s': device '%s': interrupt %u is the "
					      "guest's emulated UART's", ent->task, d->name,
					      d->irqs[j]);
		}
	}
	if (ent->memory % (2ull << 20) || ent->memory < LINUX_MIN_MEMORY)
		return err_at(c->e, c->file, ent->mark,
			      "Linux guest '%s': memory must be a multiple of 2 MiB and at least "
			      "32 MiB (it is %" PRIu64 " bytes)", ent->task, ent->memory);
	if (ent->max_threads > LINUX_MAX_VCPUS)
		return err_at(c->e, c->file, ent->mark,
			      "Linux guest '%s': max-threads (its vCPU count) %u is above %u",
			      ent->task, ent->max_threads, LINUX_MAX_VCPUS);
	if (ent->bootargs && strlen(ent->bootargs) >= LINUX_BOOTARGS_MAX)
		return err_at(c->e, c->file, ent->mark,
			      "Linux guest '%s': the kernel command line is longer than %u "
			      "characters", ent->task, LINUX_BOOTARGS_MAX - 1);
	if (ent->initrd) {
		size_t len = strlen(ent->task) + sizeof("-initrd");

		ent->initrd_image = malloc(len);
		if (!ent->initrd_image)
			return err_set(c->e, "out of memory");
		snprintf(ent->initrd_image, len, "%s-initrd", ent->task);
		if (len - 1 > BH_NAME_MAX - 1)
			return err_at(c->e, c->file, ent->task_mark,
				      "task name '%s' is too long for a Linux guest (its "
				      "initramfs image '%s' needs %zu characters, at most %d)",
				      ent->task, ent->initrd_image, len - 1, BH_NAME_MAX - 1);
	}
	return 0;
}

/* YAML 1.1 booleans, as KasperskyOS's generated init files write them. */
static int parse_bool(const struct ctx *c, const yaml_node_t *n, const char *what, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO", "off", NULL };
	const char *s;

	if (scalar_text(c, n, what, &s))
		return -1;
	for (size_t i = 0; yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return *out = true, 0;
	for (size_t i = 0; no[i]; i++)
		if (!strcmp(s, no[i]))
			return *out = false, 0;
	return err_at(c->e, c->file, n->start_mark, "%s '%s' is not true or false", what, s);
}

/*
 * Keys of KasperskyOS's own init files: `dynamic_connection_manager` marks the DCM process
 * (recorded; Bulkhead has no dynamic channels yet), `autostart` says whether Einit starts the
 * process. Every partition is started at boot, so `autostart: false` is refused rather than
 * silently ignored.
 */
static int parse_kos_flags(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	yaml_node_t *v = map_get(c, n, "dynamic_connection_manager", NULL);
	bool b;

	if (v && parse_bool(c, v, "'dynamic_connection_manager'", &ent->dcm))
		return -1;
	v = map_get(c, n, "autostart", NULL);
	if (v) {
		if (parse_bool(c, v, "'autostart'", &b))
			return -1;
		if (!b)
			return err_at(c->e, c->file, v->start_mark,
				      "'autostart: false' is not supported: every partition of a "
				      "solution is started at boot");
	}
	return 0;
}

static int parse_entity(const struct ctx *c, const yaml_node_t *n, struct entity *ent)
{
	const struct config *cfg = c->cfg;
	yaml_node_t *v;
	const char *dot;

	ent->mark = n->start_mark;
	ent->memory = cfg->default_memory;
	ent->cpu_mask = cfg->nr_cpus >= 32 ? 0xffffffffu : (1u << cfg->nr_cpus) - 1;
	ent->priority = cfg->default_priority;
	ent->max_threads = cfg->default_max_threads;
	ent->role = ROLE_COMPONENT;
	ent->on_fault = ON_FAULT_STOP;

	if (check_map(c, n, "entity", entity_keys))
		return -1;

	v = map_get(c, n, "name", NULL);
	if (!v)
		return err_at(c->e, c->file, n->start_mark, "entity has no 'name' (its EDL class)");
	if (nonempty_string(c, v, "'name'", &ent->class_name))
		return -1;
	ent->class_mark = v->start_mark;
	if (strlen(ent->class_name) > BH_CLASS_MAX - 1)
		return err_at(c->e, c->file, v->start_mark,
			      "'name' '%s' is longer than %d characters", ent->class_name,
			      BH_CLASS_MAX - 1);
	if (!class_valid(ent->class_name))
		return err_at(c->e, c->file, v->start_mark,
			      "'name' '%s' is not an EDL class name (dot-separated identifiers)",
			      ent->class_name);

	v = map_get(c, n, "task", NULL);
	if (v) {
		if (nonempty_string(c, v, "'task'", &ent->task))
			return -1;
		ent->task_mark = v->start_mark;
	} else {
		ent->task = ent->class_name;
		ent->task_mark = ent->class_mark;
		ent->task_default = true;
	}
	if (strlen(ent->task) > BH_NAME_MAX - 1)
		return err_at(c->e, c->file, ent->task_mark,
			      "task name '%s'%s is longer than %d characters", ent->task,
			      v ? "" : " (from 'name'; add a shorter 'task:')", BH_NAME_MAX - 1);
	if (!dt_name_valid(ent->task))
		return err_at(c->e, c->file, ent->task_mark,
			      "task name '%s'%s is not a valid device-tree node name (a letter, "
			      "then letters, digits and , . _ + -)",
			      ent->task, v ? "" : " (from 'name')");
	if (!strcmp(ent->task, BH_PACKAGE_MANIFEST_IMAGE))
		return err_at(c->e, c->file, ent->task_mark,
			      "task name '" BH_PACKAGE_MANIFEST_IMAGE
			      "' is reserved for the boot package's manifest image");
	if (!strcmp(ent->task, BH_PACKAGE_CHUNKS_IMAGE))
		return err_at(c->e, c->file, ent->task_mark,
			      "task name '" BH_PACKAGE_CHUNKS_IMAGE
			      "' is reserved for the boot package's chunk-digest table");

	v = map_get(c, n, "path", NULL);
	if (v) {
		if (nonempty_string(c, v, "'path'", &ent->path))
			return -1;
		ent->path_mark = v->start_mark;
	} else {
		/* KasperskyOS examples omit path when the binary is named like the class. */
		dot = strrchr(ent->class_name, '.');
		ent->path = dot ? dot + 1 : ent->class_name;
		ent->path_mark = ent->class_mark;
		ent->path_default = true;
	}

	v = map_get(c, n, "connections", NULL);
	if (v) {
		yaml_node_item_t *items;
		size_t count;

		if (list_items(c, v, "'connections'", &items, &count))
			return -1;
		if (count) {
			ent->conns = calloc(count, sizeof(*ent->conns));
			if (!ent->conns)
				return err_set(c->e, "out of memory");
		}
		for (size_t i = 0; i < count; i++) {
			if (parse_connection(c, node_at(c, items[i]), &ent->conns[i]))
				return -1;
			ent->nconns++;
		}
	}

	v = map_get(c, n, "args", NULL);
	if (v && parse_args(c, v, ent))
		return -1;
	v = map_get(c, n, "env", NULL);
	if (v && parse_env(c, v, ent))
		return -1;
	if (parse_kos_flags(c, n, ent))
		return -1;
	v = map_get(c, n, "partition", NULL);
	if (v && parse_partition(c, v, ent))
		return -1;
	if (ent->role == ROLE_LINUX)
		return linux_defaults(c, ent);
	return 0;
}

static bool same_id(const struct connection *a, const struct connection *b)
{
	if (a->id || b->id)
		return a->id && b->id && !strcmp(a->id, b->id);
	return !strcmp(a->id_var, b->id_var);
}

static int check_links(const struct ctx *c, const struct solution *sol)
{
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		for (size_t j = 0; j < i; j++)
			if (!strcmp(sol->ents[j].task, ent->task))
				return err_at(c->e, c->file, ent->task_mark,
					      "duplicate task name '%s' (also at line %zu)%s",
					      ent->task, sol->ents[j].task_mark.line + 1,
					      ent->task_default ? "; give one of them a 'task:' key"
								: "");
	}
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		for (size_t k = 0; k < ent->nconns; k++) {
			const struct connection *conn = &ent->conns[k];
			size_t j;

			for (j = 0; j < sol->nents; j++)
				if (!strcmp(sol->ents[j].task, conn->target))
					break;
			if (j == sol->nents)
				return err_at(c->e, c->file, conn->target_mark,
					      "connection target '%s' is not a task of this "
					      "solution",
					      conn->target);
			for (j = 0; j < k; j++) {
				if (!same_id(&ent->conns[j], conn))
					continue;
				return err_at(c->e, c->file, conn->id_mark,
					      "connection id '%s' is used twice by task '%s'",
					      conn->id ? conn->id : conn->id_var, ent->task);
			}
		}
	}
	return 0;
}

static bool path_safe(const char *p)
{
	if (*p == '/')
		return false;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		if (*p)
			p++;
	}
	return true;
}

/* A Linux guest's initramfs: any regular file under the images directory. */
static int check_initrd(const struct ctx *c, const char *images_dir, struct entity *ent)
{
	char joined[PATH_MAX], resolved[PATH_MAX];
	struct stat st;

	if (!ent->initrd)
		return 0;
	if (!path_safe(ent->initrd))
		return err_at(c->e, c->file, ent->initrd_mark,
			      "'initrd' '%s' must be relative to the images directory, without "
			      "'..'", ent->initrd);
	snprintf(joined, sizeof(joined), "%s/%s", images_dir, ent->initrd);
	if (stat(joined, &st) || !realpath(joined, resolved))
		return err_at(c->e, c->file, ent->initrd_mark, "initramfs '%s' of '%s': %s",
			      joined, ent->task, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_at(c->e, c->file, ent->initrd_mark, "initramfs '%s' is not a file",
			      joined);
	ent->initrd_file = strdup(resolved);
	if (!ent->initrd_file)
		return err_set(c->e, "out of memory");
	return 0;
}

/* The executable must exist and be what the hypervisor's ELF loader accepts at all. */
static int check_image(const struct ctx *c, const char *images_dir, struct entity *ent)
{
	unsigned char hdr[20];
	char *joined, resolved[PATH_MAX];
	struct stat st;
	size_t len;
	ssize_t got;
	int fd;

	if (!path_safe(ent->path))
		return err_at(c->e, c->file, ent->path_mark,
			      "'path' '%s' must be relative to the images directory, without '..'",
			      ent->path);
	len = strlen(images_dir) + 1 + strlen(ent->path) + 1;
	joined = malloc(len);
	if (!joined)
		return err_set(c->e, "out of memory");
	snprintf(joined, len, "%s/%s", images_dir, ent->path);

	if (stat(joined, &st) || !realpath(joined, resolved)) {
		int rc = err_at(c->e, c->file, ent->path_mark,
				"executable '%s' of task '%s'%s: %s", joined, ent->task,
				ent->path_default ? " (path taken from 'name')" : "",
				strerror(errno));
		free(joined);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(c->e, c->file, ent->path_mark, "executable '%s' of task '%s' is not a file",
		       joined, ent->task);
		free(joined);
		return -1;
	}
	fd = open(joined, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_at(c->e, c->file, ent->path_mark, "cannot open executable '%s': %s", joined,
		       strerror(errno));
		free(joined);
		return -1;
	}
	if (ent->role == ROLE_LINUX) {
		unsigned char img[64];

		got = read(fd, img, sizeof(img));
		close(fd);
		if (got != (ssize_t)sizeof(img) || memcmp(img + 56, "ARM\x64", 4)) {
			err_at(c->e, c->file, ent->path_mark,
			       "kernel '%s' of Linux guest '%s' is not an arm64 Linux Image (no "
			       "\"ARM\\x64\" magic at offset 56)", joined, ent->task);
			free(joined);
			return -1;
		}
		free(joined);
		ent->image_file = strdup(resolved);
		if (!ent->image_file)
			return err_set(c->e, "out of memory");
		return check_initrd(c, images_dir, ent);
	}
	got = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (got != (ssize_t)sizeof(hdr) || memcmp(hdr, "\x7f" "ELF", 4)) {
		err_at(c->e, c->file, ent->path_mark, "executable '%s' is not an ELF file", joined);
		free(joined);
		return -1;
	}
	if (hdr[4] != 2 || hdr[5] != 1 || (hdr[18] | hdr[19] << 8) != EM_AARCH64_ ||
	    (hdr[16] | hdr[17] << 8) != ET_EXEC_) {
		err_at(c->e, c->file, ent->path_mark,
		       "executable '%s' is not an AArch64 ELF64 little-endian executable "
		       "(class %u, data %u, type %u, machine %u)",
		       joined, hdr[4], hdr[5], hdr[16] | hdr[17] << 8, hdr[18] | hdr[19] << 8);
		free(joined);
		return -1;
	}
	free(joined);
	ent->image_file = strdup(resolved);
	if (!ent->image_file)
		return err_set(c->e, "out of memory");
	return 0;
}

static int load_document(struct solution *sol, const char *path, struct err *e)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	FILE *f;
	int rc = 0;

	f = fopen(path, "rb");
	if (!f)
		return err_set(e, "cannot open '%s': %s", path, strerror(errno));
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return err_set(e, "out of memory");
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &sol->doc))
		goto syntax;
	sol->have_doc = true;
	/* A second document would be ignored silently; refuse it instead. */
	if (!yaml_parser_load(&parser, &extra))
		goto syntax;
	if (yaml_document_get_root_node(&extra))
		rc = err_at(e, path, extra.start_mark,
			    "a second YAML document; init.yaml must hold exactly one");
	yaml_document_delete(&extra);
	goto out;

syntax:
	if (parser.error == YAML_MEMORY_ERROR) {
		rc = err_set(e, "out of memory while reading '%s'", path);
	} else if (parser.error == YAML_READER_ERROR) {
		rc = err_set(e, "%s: YAML error: %s at byte %zu", path,
			     parser.problem ? parser.problem : "unreadable input",
			     parser.problem_offset);
	} else if (parser.context) {
		rc = err_at(e, path, parser.problem_mark,
			    "YAML syntax error: %s (%s that starts at line %zu)",
			    parser.problem ? parser.problem : "error", parser.context,
			    parser.context_mark.line + 1);
	} else {
		rc = err_at(e, path, parser.problem_mark, "YAML syntax error: %s",
			    parser.problem ? parser.problem : "error");
	}
out:
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

int solution_load(struct solution *sol, const char *init_path, const char *images_dir,
		  const struct config *cfg, struct err *e)
{
	struct ctx c = { .file = init_path, .doc = &sol->doc, .cfg = cfg, .e = e };
	yaml_node_t *root, *list;
	yaml_node_item_t *items;
	yaml_mark_t km;
	size_t count;

	sol->init_path = init_path;
	if (load_document(sol, init_path, e))
		return -1;
	root = yaml_document_get_root_node(&sol->doc);
	if (!root || is_null(root))
		return err_set(e, "%s: the file is empty; expected 'entities:' with a list",
			       init_path);
	if (check_map(&c, root, "the top level", (const char *const[]){ "entities", NULL }))
		return -1;
	list = map_get(&c, root, "entities", &km);
	if (!list)
		return err_at(e, init_path, root->start_mark, "no 'entities:' list");
	if (list_items(&c, list, "'entities'", &items, &count))
		return -1;
	if (!count)
		return err_at(e, init_path, km,
			      "'entities' is empty: a solution needs a partition");
	if (count > cfg->max_partitions)
		return err_at(e, init_path, node_at(&c, items[cfg->max_partitions])->start_mark,
			      "%zu entities, more than CONFIG_MAX_PARTITIONS (%u)", count,
			      cfg->max_partitions);

	sol->ents = calloc(count, sizeof(*sol->ents));
	if (!sol->ents)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < count; i++) {
		/* Counted before parsing so that solution_free() also frees a half-built one. */
		sol->nents++;
		if (parse_entity(&c, node_at(&c, items[i]), &sol->ents[i]))
			return -1;
	}
	if (check_links(&c, sol) || check_devices(&c, sol))
		return -1;
	for (size_t i = 0; i < count && !sol->skip_images; i++)
		if (check_image(&c, images_dir, &sol->ents[i]))
			return -1;
	return 0;
}

void solution_free(struct solution *sol)
{
	for (size_t i = 0; i < sol->nents; i++) {
		struct entity *ent = &sol->ents[i];

		for (size_t j = 0; j < ent->nenv; j++)
			free(ent->env[j]);
		free(ent->env);
		free(ent->args);
		for (size_t j = 0; j < ent->nconns; j++)
			free(ent->conns[j].id_value);
		free(ent->conns);
		free(ent->image_file);
		free(ent->initrd_file);
		free(ent->initrd_image);
		free(ent->schema_file);
		free(ent->schema_image);
	}
	free(sol->policy_file);
	sol->policy_file = NULL;
	free(sol->ents);
	sol->ents = NULL;
	sol->nents = 0;
	if (sol->have_doc)
		yaml_document_delete(&sol->doc);
	sol->have_doc = false;
}
