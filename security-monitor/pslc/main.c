// SPDX-License-Identifier: GPL-2.0-only
/*
 * pslc [-I dir]... [-o policy.bin] [--audit meta] [--test] [-Werror] security.psl
 * pslc --dump policy.bin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pslc.h"

#ifndef PSLC_DEFAULT_INCLUDE
#define PSLC_DEFAULT_INCLUDE ""
#endif

static int usage(void)
{
	fprintf(stderr, "usage: pslc [-I dir]... [-o policy.bin] [--audit meta.txt] [--test] "
			"[-Werror] security.psl\n"
			"       pslc --dump policy.bin\n");
	return 2;
}

static int dump(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, r;
	void *buf = NULL;

	if (!f) {
		perror(path);
		return 1;
	}
	if (posix_memalign(&buf, 8, cap))
		return 1;
	while ((r = fread((char *)buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			void *nb;
			if (posix_memalign(&nb, 8, cap * 2))
				return 1;
			memcpy(nb, buf, n);
			free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	int rc = pslc_dump_image(buf, n, stdout) ? 0 : 1;
	if (rc)
		fprintf(stderr, "pslc: %s: not a valid policy image\n", path);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *meta = NULL, *input = NULL;
	bool test = false, werror = false;
	struct pslc *c = pslc_new();

	if (!c)
		return 2;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-I") && i + 1 < argc)
			pslc_add_include_dir(c, argv[++i]);
		else if (!strncmp(argv[i], "-I", 2) && argv[i][2])
			pslc_add_include_dir(c, argv[i] + 2);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--audit") && i + 1 < argc)
			meta = argv[++i];
		else if (!strcmp(argv[i], "--test"))
			test = true;
		else if (!strcmp(argv[i], "-Werror"))
			werror = true;
		else if (!strcmp(argv[i], "--dump") && i + 1 < argc) {
			pslc_free(c);
			return dump(argv[i + 1]);
		} else if (argv[i][0] == '-' || input)
			return usage();
		else
			input = argv[i];
	}
	if (!input)
		return usage();
	/* The standard library and the SDK specifications come after the user's directories. */
	char defaults[] = PSLC_DEFAULT_INCLUDE;
	for (char *d = strtok(defaults, ":"); d; d = strtok(NULL, ":"))
		pslc_add_include_dir(c, d);
	pslc_set_werror(c, werror);
	const uint8_t *img;
	size_t size;
	bool ok = pslc_parse_file(c, input) && pslc_compile(c, &img, &size);
	fputs(pslc_diagnostics(c), stderr);
	if (!ok) {
		fprintf(stderr, "pslc: %u error%s\n", pslc_error_count(c),
			pslc_error_count(c) == 1 ? "" : "s");
		pslc_free(c);
		return 1;
	}
	if (out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(img, 1, size, f) != size || fclose(f)) {
			perror(out);
			pslc_free(c);
			return 1;
		}
	}
	if (meta) {
		FILE *f = fopen(meta, "w");
		if (!f || !pslc_write_audit_meta(c, f) || fclose(f)) {
			perror(meta);
			pslc_free(c);
			return 1;
		}
	}
	int rc = 0;
	if (test) {
		unsigned passed, failed;
		if (!pslc_run_tests(c, stdout, &passed, &failed))
			rc = 1;
	}
	pslc_free(c);
	return rc;
}
