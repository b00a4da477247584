// SPDX-License-Identifier: GPL-2.0-only
/*
 * idlc [-I dir]... [-o outdir] [--schema] FILE...
 *
 * For each FILE (.idl, .cdl or .edl) and every file it depends on, writes
 * <outdir>/<pkg>/<Name>.<ext>.h (and, with --schema, <Name>.<ext>.schema: the schema blob as
 * a binary file). Names resolve through the -I directories, then the SDK specifications.
 * On a bad input it prints the located message and exits 1, writing nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "idlc.h"

#ifndef IDLC_SDK_DIR
#define IDLC_SDK_DIR "/usr/share/bulkhead/sdk"
#endif

#define USAGE "usage: idlc [-I dir]... [-o outdir] [--schema] [--no-sdk] FILE...\n"

struct job {
	const struct spec_package *pkg;
	const struct spec_component *unit;
};

struct jobs {
	struct job *v;
	size_t n;
};

static void add_job(struct jobs *js, const struct spec_package *pkg,
		    const struct spec_component *unit);

static void add_type_pkgs(struct jobs *js, const struct spec_type *t)
{
	if (!t)
		return;
	if (t->package) {
		add_job(js, t->package, NULL);
		return;
	}
	add_type_pkgs(js, t->elem);
	for (size_t i = 0; i < t->nfields; i++)
		add_type_pkgs(js, t->fields[i].type);
}

/* Adds a file and, depth first, what it depends on. */
static void add_job(struct jobs *js, const struct spec_package *pkg,
		    const struct spec_component *unit)
{
	for (size_t i = 0; i < js->n; i++)
		if ((pkg && js->v[i].pkg == pkg) || (unit && js->v[i].unit == unit))
			return;
	js->v = realloc(js->v, (js->n + 1) * sizeof(*js->v));
	if (!js->v) {
		fputs("idlc: out of memory\n", stderr);
		exit(2);
	}
	js->v[js->n++] = (struct job){pkg, unit};
	if (pkg) {
		for (size_t i = 0; i < pkg->nimports; i++)
			add_job(js, pkg->imports[i], NULL);
		for (size_t i = 0; i < pkg->ntypes; i++) {
			const struct spec_type *t = pkg->types[i];

			add_type_pkgs(js, t->kind == SPEC_T_TYPEDEF ? t->elem : t);
			for (size_t j = 0; j < t->nfields; j++)
				add_type_pkgs(js, t->fields[j].type);
		}
		for (size_t i = 0; pkg->iface && i < pkg->iface->nmethods; i++)
			for (size_t j = 0; j < pkg->iface->methods[i].nparams; j++)
				add_type_pkgs(js, pkg->iface->methods[i].params[j].type);
	} else {
		for (size_t i = 0; i < unit->nendpoints; i++)
			add_job(js, unit->endpoints[i].iface->package, NULL);
		for (size_t i = 0; i < unit->ninstances; i++)
			add_job(js, NULL, unit->instances[i].component);
		if (unit->security)
			add_job(js, unit->security->package, NULL);
	}
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	char *tmp = malloc(strlen(path) + 8);
	FILE *f;
	int rc = -1;

	if (!tmp)
		return -1;
	sprintf(tmp, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (f) {
		rc = fwrite(data, 1, len, f) == len ? 0 : -1;
		if (fclose(f))
			rc = -1;
		if (!rc && rename(tmp, path))
			rc = -1;
		if (rc)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}

static char *out_path(const char *outdir, const char *name, const char *ext)
{
	size_t n = strlen(outdir) + strlen(name) + strlen(ext) + 4;
	char *p = malloc(n), *q;

	if (!p)
		exit(2);
	q = p + sprintf(p, "%s/", outdir);
	for (const char *s = name; *s; s++)
		*q++ = *s == '.' ? '/' : *s;
	strcpy(q, ext);
	return p;
}

/* One output file, generated in memory first. */
struct output {
	char *path;
	void *data;
	size_t len;
};

/* Generates the header (and schema) of one job into outs; nothing is written yet. */
static int generate(const struct job *j, const char *outdir, bool schema, struct output *outs,
		    size_t *nouts)
{
	const char *name = j->pkg ? j->pkg->name : j->unit->name;
	const char *ext = j->pkg ? ".idl" : j->unit->kind == SPEC_CLASS ? ".edl" : ".cdl";
	char err[2048] = "", hext[16];
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bool ok;

	if (!mem)
		return -1;
	ok = j->pkg ? gen_package(mem, j->pkg, err, sizeof(err))
		    : gen_unit(mem, j->unit, err, sizeof(err));
	fclose(mem);
	if (!ok) {
		fprintf(stderr, "%s\n", err[0] ? err : "idlc: generation failed");
		free(buf);
		return -1;
	}
	snprintf(hext, sizeof(hext), "%s.h", ext);
	outs[*nouts] = (struct output){out_path(outdir, name, hext), buf, len};
	(*nouts)++;
	if (schema && (j->pkg ? j->pkg->iface != NULL
			      : (j->unit->nflat > 0 || spec_security_interface(j->unit)))) {
		uint8_t *blob;

		if (!schema_build(j->pkg, j->unit, &blob, &len, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
		snprintf(hext, sizeof(hext), "%s.schema", ext);
		outs[*nouts] = (struct output){out_path(outdir, name, hext), blob, len};
		(*nouts)++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"schema", no_argument, NULL, 's'},
	    {"no-sdk", no_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct specs *s = specs_new();
	const char *outdir = ".";
	bool schema = false, sdk = true;
	struct jobs jobs = {0};
	struct output *outs = NULL;
	size_t nouts = 0;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "I:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'I':
			specs_add_include_dir(s, optarg);
			break;
		case 'o':
			outdir = optarg;
			break;
		case 's':
			schema = true;
			break;
		case 'n':
			sdk = false;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		default:
			fputs(USAGE, stderr);
			return 1;
		}
	}
	if (optind == argc) {
		fputs("idlc: no input files\n" USAGE, stderr);
		return 1;
	}
	if (sdk)
		specs_add_include_dir(s, IDLC_SDK_DIR);
	for (int i = optind; i < argc; i++) {
		const struct spec_component *u;
		const struct spec_package *p;

		if (specs_load_file(s, argv[i], &u, &p)) {
			fprintf(stderr, "%s\n", specs_error(s));
			rc = 1;
			goto out;
		}
		add_job(&jobs, p, u);
	}
	/* Everything is generated before anything is written: a bad input writes nothing. */
	outs = calloc(2 * jobs.n + 1, sizeof(*outs));
	if (!outs) {
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < jobs.n && !rc; i++)
		if (generate(&jobs.v[i], outdir, schema, outs, &nouts))
			rc = 1;
	for (size_t i = 0; i < nouts && !rc; i++) {
		if (mkdirs(outs[i].path) || write_file(outs[i].path, outs[i].data, outs[i].len)) {
			fprintf(stderr, "idlc: cannot write '%s': %s\n", outs[i].path,
				strerror(errno));
			rc = 1;
		}
	}
out:
	for (size_t i = 0; i < nouts; i++) {
		free(outs[i].path);
		free(outs[i].data);
	}
	free(outs);
	free(jobs.v);
	specs_free(s);
	return rc;
}
