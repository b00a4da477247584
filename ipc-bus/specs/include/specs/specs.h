/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EDL/CDL/IDL front end: a host library that loads KasperskyOS formal specifications
 * (CE 1.1, with the 1.2+ spellings), resolves every name through include directories and
 * gives back a read-only model: process classes with their flattened endpoints (qualified
 * names, RIIDs), components, interfaces with their methods (MIDs) and fully resolved types.
 *
 * Used by idlc, einit and pslc. Everything a loader returns lives until specs_free(). Every
 * lookup that fails returns NULL and leaves one message in specs_error(), formatted as
 *
 *     file:line:column: message
 *         <the source line>
 *         <spaces>^
 *
 * (the last two lines only when the problem has a place in a file). Lines and columns count
 * from 1; a tab counts as one column.
 *
 * Name resolution: `pkg.Name` is looked up as `pkg/Name.edl` (classes), `pkg/Name.cdl`
 * (components) or `pkg/Name.idl` (interfaces and type packages) in each include directory in
 * the order they were added; the first match wins. A bare `Name` is `Name.<ext>` at the top
 * of a directory. A file is parsed once, however many times it is named.
 */
#ifndef SPECS_SPECS_H
#define SPECS_SPECS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct specs;

struct spec_loc {
	const char *file; /* path as opened */
	unsigned int line, column;
};

/* ---- types (IDL) ---- */

enum spec_type_kind {
	SPEC_T_SINT8,
	SPEC_T_SINT16,
	SPEC_T_SINT32,
	SPEC_T_SINT64,
	SPEC_T_UINT8,
	SPEC_T_UINT16,
	SPEC_T_UINT32,
	SPEC_T_UINT64,
	SPEC_T_BOOLEAN,	 /* one byte, 0 or 1 */
	SPEC_T_CHAR,	 /* one byte */
	SPEC_T_HANDLE,	 /* a handle descriptor */
	SPEC_T_STRING,	 /* string<bound>: at most bound characters plus the NUL */
	SPEC_T_BYTES,	 /* bytes<bound>: at most bound bytes */
	SPEC_T_ARRAY,	 /* array<elem, bound>: exactly bound elements */
	SPEC_T_SEQUENCE, /* sequence<elem, bound>: at most bound elements */
	SPEC_T_STRUCT,
	SPEC_T_UNION,	/* tagged: the tag is the index of the member present */
	SPEC_T_TYPEDEF, /* an alias: elem is the aliased type */
};

struct spec_field {
	const char *name;
	const struct spec_type *type;
	struct spec_loc loc;
};

struct spec_type {
	enum spec_type_kind kind;
	/*
	 * Primitives: the IDL spelling ("UInt32", "Boolean", "Handle"; UIntSize and UIntPtr
	 * are UInt64). Named types (struct, union, typedef): the declared name; see `package`.
	 * string/bytes/array/sequence: NULL.
	 */
	const char *name;
	const struct spec_package *package; /* declaring package of a named type, else NULL */
	const struct spec_type *elem;	    /* array, sequence, typedef */
	uint64_t bound;			    /* string, bytes, array, sequence: N >= 1 */
	const struct spec_field *fields;    /* struct, union: in declaration order */
	size_t nfields;
	struct spec_loc loc; /* declaration (named types) or use */
};

/* The type an alias chain ends in (t itself when it is not a typedef). */
const struct spec_type *spec_type_resolve(const struct spec_type *t);
/* Integer kinds (SInt*, UInt*) of t after resolve(). */
bool spec_type_is_integer(const struct spec_type *t);

struct spec_const {
	const char *name;
	const struct spec_type *type; /* an integer type (or a typedef of one) */
	/* The value; for signed types it is the two's complement bit pattern sign-extended. */
	uint64_t value;
	bool negative;
	struct spec_loc loc;
};

/* ---- interfaces (IDL) ---- */

enum spec_dir { SPEC_IN, SPEC_OUT, SPEC_ERROR };

struct spec_param {
	enum spec_dir dir;
	const char *name;
	const struct spec_type *type;
	struct spec_loc loc;
};

struct spec_method {
	const char *name;
	unsigned int mid;		 /* index in the interface, from 0 */
	const struct spec_param *params; /* in declaration order */
	size_t nparams;
	const struct spec_interface *iface;
	struct spec_loc loc;
};

struct spec_interface {
	const char *name; /* the package name: an interface is named after its package */
	const struct spec_package *package;
	const struct spec_method *methods; /* in IDL order: methods[i].mid == i */
	size_t nmethods;
	struct spec_loc loc;
};

struct spec_package {
	const char *name; /* as written after `package` */
	const char *file;
	const struct spec_package *const *imports; /* in import order */
	size_t nimports;
	const struct spec_type *const *types; /* struct, union, typedef, in order */
	size_t ntypes;
	const struct spec_const *consts;
	size_t nconsts;
	const struct spec_interface *iface; /* NULL for a types-only package */
	struct spec_loc loc;
};

/* ---- classes (EDL) and components (CDL) ---- */

struct spec_endpoint {
	const char *name;
	const struct spec_interface *iface;
	struct spec_loc loc;
};

struct spec_instance {
	const char *name;
	const struct spec_component *component;
	struct spec_loc loc;
};

/* One endpoint of the flattened tree of a class or component. */
struct spec_flat_endpoint {
	const char *qname; /* "inst.inst.endpoint"; just "endpoint" when declared at the root */
	unsigned int riid; /* index in the flattened list, from 0 */
	const struct spec_interface *iface;
	const struct spec_endpoint *decl;
	const struct spec_component *owner; /* class or component that declares it */
};

enum spec_unit_kind { SPEC_CLASS, SPEC_COMPONENT };

/*
 * A process class (EDL: `entity` or `task class`) or a component (CDL). Both may declare
 * endpoints, nested component instances and a security interface.
 */
struct spec_component {
	enum spec_unit_kind kind;
	const char *name; /* as written: "pkg.Name" or a bare "Name" */
	const char *file;
	const struct spec_endpoint *endpoints; /* declared directly, in order */
	size_t nendpoints;
	const struct spec_instance *instances; /* declared directly, in order */
	size_t ninstances;
	const struct spec_interface *security; /* NULL when none */
	/*
	 * Every endpoint under this unit, depth first in declaration order (endpoints and
	 * instances taken in the order they appear in the file): flat[i].riid == i.
	 */
	const struct spec_flat_endpoint *flat;
	size_t nflat;
	struct spec_loc loc;
};

/* ---- loader ---- */

struct specs *specs_new(void);
void specs_free(struct specs *s);
/* Adds a directory to the search path (after those added before). 0, or -1 on no memory. */
int specs_add_include_dir(struct specs *s, const char *dir);
/* The message of the last failure ("" if none). Valid until the next call that fails. */
const char *specs_error(const struct specs *s);

/* Loads by name through the search path; NULL with specs_error() set on failure. */
const struct spec_component *specs_class(struct specs *s, const char *name);
const struct spec_component *specs_component(struct specs *s, const char *name);
const struct spec_interface *specs_interface(struct specs *s, const char *name);
const struct spec_package *specs_package(struct specs *s, const char *name);

/*
 * Loads one file by path (the kind from its extension: .edl, .cdl, .idl). Exactly one of the
 * outputs is set, the others become NULL; names it refers to resolve through the search path.
 */
int specs_load_file(struct specs *s, const char *path, const struct spec_component **unit,
		    const struct spec_package **pkg);

/*
 * Loads a specification from memory (any of the three kinds, told by its first keyword);
 * `name` stands for the file in messages. As specs_load_file otherwise.
 */
int specs_load_buffer(struct specs *s, const char *name, const char *text, size_t len,
		      const struct spec_component **unit, const struct spec_package **pkg);

/*
 * The file `name` would be loaded from: the first `<dir>/<pkg path>/<Name><ext>` that exists
 * (ext is ".edl", ".cdl" or ".idl"), or NULL. Loads nothing; the path lives until specs_free().
 */
const char *specs_find(struct specs *s, const char *name, const char *ext);

/* Lookups inside loaded models. */
const struct spec_method *spec_method_by_name(const struct spec_interface *iface, const char *name);
const struct spec_flat_endpoint *spec_endpoint_by_qname(const struct spec_component *unit,
							const char *qname);
const struct spec_flat_endpoint *spec_endpoint_by_riid(const struct spec_component *unit,
						       unsigned int riid);
/* The security interface of a class or component: its own, or the first of its component
 * instances' (depth first, declaration order); NULL when none. */
const struct spec_interface *spec_security_interface(const struct spec_component *unit);

#endif
