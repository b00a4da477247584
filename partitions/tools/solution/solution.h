/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * einit (the solution tool): turns a KasperskyOS-style init.yaml plus the build's .config
 * into the boot manifest (a device tree, layout in uapi/bulkhead/manifest.h) and a mkimage FIT
 * source that packs the manifest with every partition ELF; einit --check validates init.yaml
 * against the EDLs it names.
 *
 * Every function that can fail returns 0 or -1 and, on -1, has written exactly one message
 * into the struct err it was given; main() prints that message and exits 1.
 */
#ifndef BH_SOLUTION_H
#define BH_SOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <yaml.h>

#include <uapi/bulkhead/manifest.h>

#define PROG_NAME "einit"

struct err {
	char msg[2048];
	bool located;	/* msg starts with "file:LINE:COL: " */
};

/* Formats fmt into e and returns -1, so callers can write "return err_set(e, ...)". */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, prefixed with "file:LINE:COL: " (libyaml marks are 0-based, messages 1-based). */
int err_at(struct err *e, const char *file, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- .config ---- */

struct config {
	uint32_t nr_cpus;
	uint32_t max_partitions;
	uint32_t max_vcpus;
	uint64_t default_memory;	/* bytes (CONFIG_PARTITION_DEFAULT_MEMORY_KB * 1024) */
	uint32_t default_priority;
	uint32_t default_max_threads;
	/* Defaults of a `role: linux` entity (Kconfig "Linux guest" menu); 0/NULL = not set */
	uint64_t linux_memory;		/* bytes */
	uint32_t linux_vcpus;
	uint32_t linux_first_cpu;	/* its vCPUs go to linux_first_cpu.. onwards */
	char *linux_cmdline;		/* malloc'd */
};

int config_load(const char *path, struct config *cfg, struct err *e);

/* ---- init.yaml ---- */

enum role { ROLE_COMPONENT, ROLE_MONITOR, ROLE_LINUX };
enum on_fault { ON_FAULT_STOP, ON_FAULT_RESTART };

/*
 * A static IPC channel where the entity is the client. Kept (and checked) but not yet
 * written to the manifest: IPC arrives later.
 */
struct connection {
	const char *target;
	const char *id;		/* plain id, or NULL when given as {var:, include:} */
	const char *id_var;
	const char *id_include;	/* may be NULL */
	char *id_value;		/* the macro's value when its header was found (id_macro.c) */
	yaml_mark_t mark;	/* the connection item */
	yaml_mark_t target_mark;
	yaml_mark_t id_mark;
};

/* A device grant (init.yaml partition: devices:), written to the manifest's devices node. */
struct device {
	const char *name;
	uint64_t pa, size;	/* size 0: no MMIO */
	uint32_t irqs[BH_MANIFEST_MAX_DEVICE_IRQS];
	size_t nirqs;
	yaml_mark_t mark;
};

struct entity {
	const char *class_name;	/* `name`: the EDL class */
	const char *task;	/* instance name = partition node name = FIT image name */
	const char *path;	/* executable under --images */
	char *image_file;	/* absolute path of that executable (malloc'd) */
	yaml_mark_t mark, class_mark, task_mark, path_mark;
	bool task_default, path_default;	/* derived from `name` */

	struct connection *conns;
	size_t nconns;

	const char **args;
	size_t nargs;
	char **env;		/* "NAME=value", each malloc'd */
	size_t nenv;

	bool dcm;		/* `dynamic_connection_manager: true` */

	/* The class's EDL, when one was found on the search path (specs_check.c). */
	const struct spec_component *spec;
	const char *spec_file;

	uint64_t memory;
	uint32_t cpu_mask;
	uint32_t priority;
	uint32_t max_threads;
	enum role role;
	enum on_fault on_fault;

	/* role linux: `path` is the kernel Image; initrd and bootargs are optional */
	const char *initrd;	/* file under --images */
	char *initrd_file;	/* absolute path (malloc'd) */
	char *initrd_image;	/* FIT image name: "<task>-initrd" (malloc'd) */
	const char *bootargs;
	yaml_mark_t initrd_mark;
	bool memory_set, cpus_set, threads_set;
	struct device devices[BH_MANIFEST_MAX_DEVICES];
	size_t ndevices;

	/* A connection target: the schema idlc made of its class (ipc_images.c). */
	char *schema_file;	/* absolute path (malloc'd), NULL: not a server */
	char *schema_image;	/* FIT image name: "schema-<n>" (malloc'd) */
};

struct solution {
	const char *name;	/* --solution */
	const char *init_path;	/* for messages */
	yaml_document_t doc;	/* owns every const char * above */
	bool have_doc;
	struct entity *ents;
	size_t nents;
	bool skip_images;	/* einit --check: executables are not looked at */
	char *policy_file;	/* --policy: the pslc image (absolute, malloc'd), or NULL */
};

/*
 * IPC: every connection target gets the schema of its class from schema_dir
 * (<schema_dir>/<pkg>/<Name>.edl.schema, written by idlc --schema), and the policy image is
 * recorded. A solution with connections needs both.
 */
int solution_ipc_images(struct solution *sol, const char *schema_dir, const char *policy,
			struct err *e);
/* The connection's id as the manifest carries it: the plain id or the macro's value. */
const char *connection_id(const struct connection *c);

/* Parse and validate init.yaml; executables are looked up in images_dir. */
int solution_load(struct solution *sol, const char *init_path, const char *images_dir,
		  const struct config *cfg, struct err *e);
void solution_free(struct solution *sol);

const char *role_name(enum role r);
const char *on_fault_name(enum on_fault f);

/* Device-tree node name rules shared by the task and solution names. */
bool dt_name_valid(const char *s);

/* ---- the specifications (EDL) of the entities ---- */

struct specs;

/*
 * Loads the EDL of every entity's class through sp's search path and checks connections
 * against them. A class without an EDL is an error when `require` is set (einit --check),
 * and allowed otherwise (the build of solutions that ship no EDL yet).
 */
int solution_check_specs(struct solution *sol, struct specs *sp, bool require, struct err *e);
/*
 * Evaluates {var:, include:} ids from headers found in dirs (see id_macro.c) and checks that
 * no client names one channel twice.
 */
int solution_resolve_ids(struct solution *sol, const char *const *dirs, size_t ndirs,
			 struct err *e);
/* The solution model as text (einit --check). */
void solution_print(const struct solution *sol, FILE *out);

/* ---- outputs ---- */

/* A growable text buffer; on allocation failure `failed` is set and later appends do nothing. */
struct strbuf {
	char *buf;
	size_t len, cap;
	bool failed;
};

void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a dtc string literal, quotes included. */
void sb_dts_string(struct strbuf *sb, const char *s);
void sb_free(struct strbuf *sb);

/* The manifest blob (malloc'd into *out) and its readable .dts form. */
int manifest_build(const struct solution *sol, void **out, size_t *out_size, struct err *e);
int manifest_dts(const struct solution *sol, struct strbuf *sb, struct err *e);

/*
 * The FIT source; manifest_abs is where the manifest blob will be, chunks_abs where the
 * chunk-digest table will be (NULL: a package without one).
 */
int its_build(const struct solution *sol, const char *manifest_abs, const char *chunks_abs,
	      struct strbuf *sb, struct err *e);

/* The chunk-digest table of every image the package will hold (malloc'd into *out). */
int chunks_build(const struct solution *sol, const void *manifest, size_t manifest_len,
		 uint8_t **out, size_t *out_len, struct err *e);

/*
 * Absolute form of a path whose last component need not exist yet (the directory must).
 * Returns a malloc'd string or NULL with e set.
 */
char *abs_path_for_output(const char *path, struct err *e);

#endif
