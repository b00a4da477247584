// SPDX-License-Identifier: GPL-2.0-only
/*
 * einit (the solution tool): init.yaml + .config -> boot manifest (.dtb), FIT source (.its),
 * optional .dts; or, with --check, validate init.yaml against the specifications it names
 * and print the solution model.
 *
 * Outputs are first written next to their final names and renamed only once all of them are
 * complete, so make never sees a half-written file with a fresh timestamp.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/bulkhead/layout.h>
#include <specs/specs.h>

#include "solution.h"

#ifndef EINIT_SDK_DIR
#define EINIT_SDK_DIR "/usr/share/bulkhead/sdk"
#endif

enum { OPT_CONFIG = 'c', OPT_INIT = 'i', OPT_IMAGES = 'g', OPT_SOLUTION = 's',
       OPT_MANIFEST = 'm', OPT_ITS = 't', OPT_DTS = 'd', OPT_HELP = 'h', OPT_INCLUDE = 'I',
       OPT_CHECK = 'k', OPT_SCHEMAS = 'S', OPT_POLICY = 'P', OPT_CHUNKS = 'C' };

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "init", required_argument, NULL, OPT_INIT },
	{ "images", required_argument, NULL, OPT_IMAGES },
	{ "solution", required_argument, NULL, OPT_SOLUTION },
	{ "manifest", required_argument, NULL, OPT_MANIFEST },
	{ "its", required_argument, NULL, OPT_ITS },
	{ "dts", required_argument, NULL, OPT_DTS },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "schemas", required_argument, NULL, OPT_SCHEMAS },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "chunks", required_argument, NULL, OPT_CHUNKS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

#define USAGE                                                                                  \
	"usage: " PROG_NAME " --config <.config> --init <init.yaml> --images <dir>\n"         \
	"             --solution <name> --manifest <out.dtb> --its <out.its>\n"                \
	"             [--dts <out.dts>] [-I <spec dir>]... [--schemas <idlc out dir>]\n"  \
	"             [--policy <pslc image>] [--chunks <out table>]\n"            \
	"       " PROG_NAME " --check [-I <spec dir>]... [--config <.config>] <init.yaml>\n"

#define MAX_INCLUDES 64

struct options {
	const char *config, *init, *images, *solution, *manifest, *its, *dts, *schemas, *policy,
		*chunks;
	const char *includes[MAX_INCLUDES];
	size_t nincludes;
	bool check;
};

struct output {
	const char *path;	/* as given */
	char *abs;
	char *tmp;
	const void *data;
	size_t len;
};

static const char *opt_name(int val)
{
	for (const struct option *lo = long_opts; lo->name; lo++)
		if (lo->val == val)
			return lo->name;
	return "?";
}

static int parse_options(int argc, char **argv, struct options *o, struct err *e)
{
	int opt;

	opterr = 0;	/* one message of our own instead of getopt's */
	while ((opt = getopt_long(argc, argv, "I:", long_opts, NULL)) != -1) {
		const char **slot;

		switch (opt) {
		case OPT_INCLUDE:
			if (o->nincludes == MAX_INCLUDES)
				return err_set(e, "more than %d -I directories", MAX_INCLUDES);
			if (!*optarg)
				return err_set(e, "option '-I' has an empty value");
			o->includes[o->nincludes++] = optarg;
			continue;
		case OPT_CHECK:
			o->check = true;
			continue;
		case OPT_CONFIG: slot = &o->config; break;
		case OPT_INIT: slot = &o->init; break;
		case OPT_IMAGES: slot = &o->images; break;
		case OPT_SOLUTION: slot = &o->solution; break;
		case OPT_MANIFEST: slot = &o->manifest; break;
		case OPT_ITS: slot = &o->its; break;
		case OPT_DTS: slot = &o->dts; break;
		case OPT_SCHEMAS: slot = &o->schemas; break;
		case OPT_POLICY: slot = &o->policy; break;
		case OPT_CHUNKS: slot = &o->chunks; break;
		case OPT_HELP:
			fputs(USAGE, stdout);
			exit(0);
		case ':':
			return err_set(e, "option '--%s' needs a value\n" USAGE, opt_name(optopt));
		default:
			return err_set(e, "unknown option '%s'\n" USAGE, argv[optind - 1]);
		}
		if (*slot)
			return err_set(e, "option '--%s' given twice", opt_name(opt));
		if (!*optarg)
			return err_set(e, "option '--%s' has an empty value", opt_name(opt));
		*slot = optarg;
	}
	/* einit --check takes init.yaml as its argument, like KasperskyOS's einit. */
	if (o->check && !o->init && optind < argc)
		o->init = argv[optind++];
	if (optind < argc)
		return err_set(e, "unexpected argument '%s'\n" USAGE, argv[optind]);
	if (o->check) {
		if (!o->init)
			return err_set(e, "--check needs an init.yaml\n" USAGE);
		return 0;
	}

	static const struct {
		const char *name;
		size_t off;
	} required[] = {
		{ "--config", offsetof(struct options, config) },
		{ "--init", offsetof(struct options, init) },
		{ "--images", offsetof(struct options, images) },
		{ "--solution", offsetof(struct options, solution) },
		{ "--manifest", offsetof(struct options, manifest) },
		{ "--its", offsetof(struct options, its) },
	};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!*(const char **)((char *)o + required[i].off))
			return err_set(e, "missing %s\n" USAGE, required[i].name);
	return 0;
}

static int check_inputs(const struct options *o, struct err *e)
{
	struct stat st;

	if (strlen(o->solution) > BH_NAME_MAX - 1)
		return err_set(e, "--solution '%s' is longer than %d characters", o->solution,
			       BH_NAME_MAX - 1);
	if (!dt_name_valid(o->solution))
		return err_set(e,
			       "--solution '%s' must be a letter followed by letters, digits and "
			       ", . _ + -",
			       o->solution);
	if (stat(o->images, &st))
		return err_set(e, "--images '%s': %s", o->images, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(e, "--images '%s' is not a directory", o->images);
	return 0;
}

/* Writes o->data to a fresh temporary file next to o->path. */
static int write_tmp(struct output *o, struct err *e)
{
	const unsigned char *p = o->data;
	size_t left = o->len, need = strlen(o->abs) + 8;
	mode_t mask;
	int fd;

	o->tmp = malloc(need);
	if (!o->tmp)
		return err_set(e, "out of memory");
	snprintf(o->tmp, need, "%s.XXXXXX", o->abs);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return err_set(e, "cannot create a file next to '%s': %s", o->path,
			       strerror(errno));
	}
	/* mkstemp makes the file 0600; outputs get the usual umask-derived mode. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		goto fail;
	while (left) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	err_set(e, "cannot write '%s': %s", o->path, strerror(errno ? errno : EIO));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int write_outputs(struct output *outs, size_t n, struct err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = write_tmp(&outs[i], e);
	for (i = 0; i < n && !rc; i++) {
		if (rename(outs[i].tmp, outs[i].abs))
			rc = err_set(e, "cannot rename to '%s': %s", outs[i].path, strerror(errno));
		else {
			free(outs[i].tmp);
			outs[i].tmp = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		if (outs[i].tmp) {
			unlink(outs[i].tmp);
			free(outs[i].tmp);
			outs[i].tmp = NULL;
		}
	}
	return rc;
}

static struct specs *open_specs(const struct options *o, struct err *e)
{
	struct specs *sp = specs_new();

	if (!sp) {
		err_set(e, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < o->nincludes; i++)
		specs_add_include_dir(sp, o->includes[i]);
	specs_add_include_dir(sp, EINIT_SDK_DIR);
	return sp;
}

/*
 * einit --check: the solution and its specifications, no executables and no outputs.
 * Without --config the Kconfig limits are not known, so only the format limits apply.
 */
static int check(const struct options *o, struct err *e)
{
	struct solution sol = { .name = "check", .skip_images = true };
	struct config cfg;
	struct specs *sp;
	int rc = -1;

	if (o->config ? config_load(o->config, &cfg, e) : config_load("/dev/null", &cfg, e))
		return -1;
	if (!o->config) {
		cfg.nr_cpus = 32;
		cfg.max_partitions = 1024;
	}
	sp = open_specs(o, e);
	if (!sp)
		return -1;
	if (!solution_load(&sol, o->init, NULL, &cfg, e) &&
	    !solution_resolve_ids(&sol, o->includes, o->nincludes, e) &&
	    !solution_check_specs(&sol, sp, true, e)) {
		solution_print(&sol, stdout);
		rc = 0;
	}
	solution_free(&sol);
	specs_free(sp);
	return rc;
}

static int run(const struct options *o, struct err *e)
{
	struct solution sol = { .name = o->solution };
	struct strbuf its = { 0 }, dts = { 0 };
	/* Optional outputs last, so that nouts counts the ones given. */
	struct output outs[4] = { { .path = o->manifest }, { .path = o->its } };
	size_t nouts = 2, dts_out = 0, chunks_out = 0;
	struct config cfg;
	struct specs *sp = NULL;
	void *dtb = NULL;
	size_t dtb_size;
	int rc = -1;

	uint8_t *chunks = NULL;
	size_t chunks_size = 0;

	if (config_load(o->config, &cfg, e) || check_inputs(o, e))
		return -1;
	if (o->dts) {
		dts_out = nouts;
		outs[nouts++].path = o->dts;
	}
	if (o->chunks) {
		chunks_out = nouts;
		outs[nouts++].path = o->chunks;
	}
	for (size_t i = 0; i < nouts; i++) {
		outs[i].abs = abs_path_for_output(outs[i].path, e);
		if (!outs[i].abs)
			goto out;
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(outs[i].abs, outs[j].abs)) {
				err_set(e, "'%s' and '%s' are the same output file", outs[j].path,
					outs[i].path);
				goto out;
			}
		}
	}
	if (solution_load(&sol, o->init, o->images, &cfg, e))
		goto out;
	/* EDLs are checked where the solution has them (docs/idl.md, "init.yaml"). */
	sp = open_specs(o, e);
	if (!sp || solution_resolve_ids(&sol, o->includes, o->nincludes, e) ||
	    solution_check_specs(&sol, sp, false, e) ||
	    solution_ipc_images(&sol, o->schemas, o->policy, e))
		goto out;
	if (manifest_build(&sol, &dtb, &dtb_size, e))
		goto out;
	if (its_build(&sol, outs[0].abs, o->chunks ? outs[chunks_out].abs : NULL, &its, e))
		goto out;
	if (o->dts && manifest_dts(&sol, &dts, e))
		goto out;
	if (o->chunks && chunks_build(&sol, dtb, dtb_size, &chunks, &chunks_size, e))
		goto out;

	outs[0].data = dtb;
	outs[0].len = dtb_size;
	outs[1].data = its.buf;
	outs[1].len = its.len;
	if (o->dts) {
		outs[dts_out].data = dts.buf;
		outs[dts_out].len = dts.len;
	}
	if (o->chunks) {
		outs[chunks_out].data = chunks;
		outs[chunks_out].len = chunks_size;
	}
	rc = write_outputs(outs, nouts, e);
out:
	for (size_t i = 0; i < 4; i++)
		free(outs[i].abs);
	free(dtb);
	free(chunks);
	sb_free(&its);
	sb_free(&dts);
	solution_free(&sol);
	specs_free(sp);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	static struct err e;	/* 2 KiB: kept off the stack */

	if (parse_options(argc, argv, &o, &e) || (o.check ? check(&o, &e) : run(&o, &e))) {
		/* Messages with a file position lead with it, as compilers' do. */
		fprintf(stderr, "%s%s\n", e.located ? "" : PROG_NAME ": ", e.msg);
		return 1;
	}
	return 0;
}
