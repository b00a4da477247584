// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads the Kconfig output (.config) for the handful of values the manifest defaults need.
 * Only the line shapes Kconfig writes are accepted, so a hand-edited typo is reported rather
 * than silently ignored.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solution.h"

struct int_key {
	const char *name;
	uint64_t min, max;
	uint64_t value;
	unsigned int line;	/* 0 = not set in the file */
};

enum {
	K_NR_CPUS,
	K_MAX_PARTITIONS,
	K_MAX_VCPUS,
	K_MEMORY_KB,
	K_PRIORITY,
	K_MAX_THREADS,
	K_LINUX_MEMORY_MB,
	K_LINUX_VCPUS,
	K_LINUX_FIRST_CPU,
	K_COUNT
};

/* Parses a Kconfig int/hex value: decimal or 0x-prefixed hex, no sign, no junk. */
static bool parse_u64(const char *s, uint64_t *out)
{
	int base = 10;
	uint64_t v = 0;
	unsigned int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + d;
	}
	*out = v;
	return true;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* CONFIG_X="text": Kconfig escapes only '"' and '\\' inside the quotes. */
static int parse_string(const char *path, unsigned int lineno, const char *name, const char *v,
			char **out, struct err *e)
{
	size_t n = strlen(v), j = 0;
	char *s;

	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return err_set(e, "%s:%u: %s: value %s is not a quoted string", path, lineno, name,
			       v);
	s = malloc(n);
	if (!s)
		return err_set(e, "out of memory");
	for (size_t i = 1; i + 1 < n; i++) {
		if (v[i] == '\\' && i + 2 < n)
			i++;
		s[j++] = v[i];
	}
	s[j] = '\0';
	free(*out);
	*out = s;
	return 0;
}

static int parse_line(const char *path, unsigned int lineno, char *line, struct int_key *keys,
		      struct config *cfg, struct err *e)
{
	char *eq, *p;
	size_t i;

	chomp(line);
	p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;	/* blank, comment, or "# CONFIG_X is not set": the default stays */

	eq = strchr(p, '=');
	if (strncmp(p, "CONFIG_", 7) || !eq || eq == p + 7)
		return err_set(e, "%s:%u: malformed line '%s' (expected CONFIG_NAME=value)", path,
			       lineno, p);
	for (char *c = p + 7; c < eq; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return err_set(e, "%s:%u: malformed option name in '%s'", path, lineno, p);
	*eq = '\0';

	if (!strcmp(p, "CONFIG_LINUX_GUEST_CMDLINE"))
		return parse_string(path, lineno, p, eq + 1, &cfg->linux_cmdline, e);
	for (i = 0; i < K_COUNT; i++) {
		uint64_t v;

		if (strcmp(p, keys[i].name))
			continue;
		if (!parse_u64(eq + 1, &v))
			return err_set(e, "%s:%u: %s: value '%s' is not a non-negative integer",
				       path, lineno, p, eq + 1);
		if (v < keys[i].min || v > keys[i].max)
			return err_set(e,
				       "%s:%u: %s: value %" PRIu64 " is out of range %" PRIu64
				       "..%" PRIu64,
				       path, lineno, p, v, keys[i].min, keys[i].max);
		keys[i].value = v;
		keys[i].line = lineno;
	}
	return 0;
}

int config_load(const char *path, struct config *cfg, struct err *e)
{
	/* Defaults when the option is absent; ranges are what the manifest can express. */
	struct int_key keys[K_COUNT] = {
		[K_NR_CPUS] = { "CONFIG_NR_CPUS", 1, 32, 1, 0 },	/* cpu_mask is 32 bits */
		[K_MAX_PARTITIONS] = { "CONFIG_MAX_PARTITIONS", 1, 1024, 16, 0 },
		[K_MAX_VCPUS] = { "CONFIG_MAX_VCPUS_PER_PARTITION", 1, 1024, 8, 0 },
		[K_MEMORY_KB] = { "CONFIG_PARTITION_DEFAULT_MEMORY_KB", 64, UINT64_MAX / 1024,
				  2048, 0 },
		[K_PRIORITY] = { "CONFIG_PARTITION_DEFAULT_PRIORITY", 0, 31, 15, 0 },
		[K_MAX_THREADS] = { "CONFIG_PARTITION_DEFAULT_MAX_THREADS", 1, 1024, 8, 0 },
		[K_LINUX_MEMORY_MB] = { "CONFIG_LINUX_GUEST_MEMORY_MB", 32, 1u << 20, 0, 0 },
		[K_LINUX_VCPUS] = { "CONFIG_LINUX_GUEST_VCPUS", 1, 8, 0, 0 },
		[K_LINUX_FIRST_CPU] = { "CONFIG_LINUX_GUEST_FIRST_CPU", 0, 31, 0, 0 },
	};
	char *line = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;
	ssize_t n;
	FILE *f;
	int rc = 0;

	cfg->linux_cmdline = NULL;
	f = fopen(path, "r");
	if (!f)
		return err_set(e, "cannot open config '%s': %s", path, strerror(errno));
	errno = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)n)) {
			rc = err_set(e, "%s:%u: NUL byte in line", path, lineno);
			break;
		}
		rc = parse_line(path, lineno, line, keys, cfg, e);
		if (rc)
			break;
	}
	if (!rc && ferror(f))
		rc = err_set(e, "cannot read config '%s': %s", path, strerror(errno));
	free(line);
	fclose(f);
	if (rc)
		return rc;

	/* Cross-checks, reported at the line that set the value (or as a default). */
	if (keys[K_MEMORY_KB].value % 4)
		return err_set(e, "%s:%u: CONFIG_PARTITION_DEFAULT_MEMORY_KB: %" PRIu64
			       " KiB is not a multiple of 4 KiB (the page size)",
			       path, keys[K_MEMORY_KB].line, keys[K_MEMORY_KB].value);
	if (keys[K_MAX_THREADS].value > keys[K_MAX_VCPUS].value) {
		if (keys[K_MAX_THREADS].line)
			return err_set(e, "%s:%u: CONFIG_PARTITION_DEFAULT_MAX_THREADS: %" PRIu64
				       " is above CONFIG_MAX_VCPUS_PER_PARTITION (%" PRIu64 ")",
				       path, keys[K_MAX_THREADS].line, keys[K_MAX_THREADS].value,
				       keys[K_MAX_VCPUS].value);
		/* An unset default follows a smaller vCPU limit rather than contradicting it. */
		keys[K_MAX_THREADS].value = keys[K_MAX_VCPUS].value;
	}

	cfg->nr_cpus = (uint32_t)keys[K_NR_CPUS].value;
	cfg->max_partitions = (uint32_t)keys[K_MAX_PARTITIONS].value;
	cfg->max_vcpus = (uint32_t)keys[K_MAX_VCPUS].value;
	cfg->default_memory = keys[K_MEMORY_KB].value * 1024;
	cfg->default_priority = (uint32_t)keys[K_PRIORITY].value;
	cfg->default_max_threads = (uint32_t)keys[K_MAX_THREADS].value;
	cfg->linux_memory = keys[K_LINUX_MEMORY_MB].value << 20;
	cfg->linux_vcpus = (uint32_t)keys[K_LINUX_VCPUS].value;
	cfg->linux_first_cpu = (uint32_t)keys[K_LINUX_FIRST_CPU].value;
	return 0;
}
