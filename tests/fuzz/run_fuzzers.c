// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs every libFuzzer target (tests/fuzz/build.mk) for a bounded time from its seed corpus
 * and fails if it found anything: a crash, a sanitizer report, a leak or a timeout all make
 * libFuzzer exit non-zero. New inputs go to a scratch directory, never into the source tree.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#define MAX_TARGETS 16

static int targets(char names[MAX_TARGETS][64])
{
	char list[1024];
	int n = 0;

	snprintf(list, sizeof(list), "%s", BH_FUZZ_TARGETS);
	for (char *t = strtok(list, " "); t && n < MAX_TARGETS; t = strtok(NULL, " "))
		snprintf(names[n++], 64, "%s", t);
	return n;
}

ParameterizedTestParameters(fuzz, finds_nothing)
{
	static size_t index[MAX_TARGETS];
	char names[MAX_TARGETS][64];
	int n = targets(names);

	for (int i = 0; i < n; i++)
		index[i] = (size_t)i;
	return cr_make_param_array(size_t, index, (size_t)n);
}

ParameterizedTest(size_t *i, fuzz, finds_nothing, .timeout = 30 * BH_FUZZ_SECONDS + 60)
{
	char names[MAX_TARGETS][64], work[256], seeds[512], cmd[2048], log[512];
	const char *name;
	struct stat st;
	int rc;

	targets(names);
	name = names[*i];
	snprintf(work, sizeof(work), "%s/tmp/%s-XXXXXX", BH_FUZZ_DIR, name);
	snprintf(cmd, sizeof(cmd), "%s/tmp", BH_FUZZ_DIR);
	mkdir(cmd, 0755);
	cr_assert_not_null(mkdtemp(work));
	snprintf(seeds, sizeof(seeds), "%s/%s/corpus", BH_FUZZ_SRC, name);
	snprintf(log, sizeof(log), "%s.log", work);
	/* -timeout: one input may take at most 10 s; -rss_limit_mb bounds memory. */
	snprintf(cmd, sizeof(cmd),
		 "cd %s && %s/%s -max_total_time=%d -timeout=10 -rss_limit_mb=1024 "
		 "-print_final_stats=1 %s %s > %s 2>&1",
		 work, BH_FUZZ_DIR, name, BH_FUZZ_SECONDS, work, stat(seeds, &st) == 0 ? seeds : "",
		 log);
	rc = system(cmd);
	if (rc != 0) {
		char tail[4096] = "";
		FILE *f = fopen(log, "r");

		if (f) {
			fseek(f, 0, SEEK_END);
			long end = ftell(f);

			fseek(f, end > 3000 ? end - 3000 : 0, SEEK_SET);
			tail[fread(tail, 1, sizeof(tail) - 1, f)] = '\0';
			fclose(f);
		}
		cr_assert_fail("fuzzer %s failed (status %d); log %s ends:\n%s", name, rc, log,
			       tail);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", work, log);
	cr_expect_eq(system(cmd), 0);
}
