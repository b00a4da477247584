// SPDX-License-Identifier: GPL-2.0-only
/*
 * The front end accepts every construct of EDL, CDL and IDL that real specifications use
 * (reference §5 and §19) and numbers endpoints and methods as the reference describes.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "spec_files.h"

static struct specs *s;
static const char *dir;

static void setup(void)
{
	dir = spec_dir_new();
	s = NULL;
}

static void teardown(void)
{
	specs_free(s);
	spec_dir_remove();
}

TestSuite(specs_parse, .init = setup, .fini = teardown);

static const struct spec_component *load_class(const char *name)
{
	const struct spec_component *c;

	s = spec_loader();
	c = specs_class(s, name);
	cr_assert_not_null(c, "%s", specs_error(s));
	return c;
}

static const struct spec_package *load_package(const char *name)
{
	const struct spec_package *p;

	s = spec_loader();
	p = specs_package(s, name);
	cr_assert_not_null(p, "%s", specs_error(s));
	return p;
}

Test(specs_parse, minimal_entity_is_a_pure_client)
{
	spec_write("Hello.edl", "entity Hello\n");
	const struct spec_component *c = load_class("Hello");

	cr_assert_eq(c->kind, SPEC_CLASS);
	cr_assert_str_eq(c->name, "Hello");
	cr_assert_eq(c->nflat, 0);
	cr_assert_eq(c->ninstances, 0);
	cr_assert_null(c->security);
}

Test(specs_parse, task_class_spelling_of_later_versions)
{
	spec_write("demo/Srv.edl", "task class demo.Srv\nendpoints { calc : demo.Calc; }\n");
	spec_write("demo/Calc.idl", "package demo.Calc\ninterface { Add(in UInt32 a, in UInt32 b, "
				    "out UInt32 sum); }\n");
	const struct spec_component *c = load_class("demo.Srv");

	cr_assert_eq(c->nflat, 1);
	cr_assert_str_eq(c->flat[0].qname, "calc");
	cr_assert_str_eq(c->flat[0].iface->name, "demo.Calc");
	cr_assert_eq(c->flat[0].owner, c);
}

Test(specs_parse, nested_components_flatten_depth_first_in_declaration_order)
{
	spec_write("t/Iface.idl",
		   "package t.Iface\ninterface { Ping(in UInt32 v, out UInt32 r); }");
	spec_write("t/Leaf.cdl",
		   "component t.Leaf\nendpoints {\n  one : t.Iface\n  two : t.Iface\n}\n");
	spec_write("t/Mid.cdl", "component t.Mid\n"
				"endpoints { first : t.Iface }\n"
				"components { inner : t.Leaf  other : t.Leaf }\n"
				"endpoints { last : t.Iface }\n");
	spec_write("t/Root.edl", "entity t.Root\n"
				 "endpoints { top : t.Iface }\n"
				 "components {\n  mid : t.Mid\n  leaf : t.Leaf\n}\n");
	const struct spec_component *c = load_class("t.Root");
	static const char *const want[] = {
	    "top",	     "mid.first", "mid.inner.one", "mid.inner.two", "mid.other.one",
	    "mid.other.two", "mid.last",  "leaf.one",	   "leaf.two",
	};

	cr_assert_eq(c->nflat, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < c->nflat; i++) {
		cr_expect_str_eq(c->flat[i].qname, want[i], "riid %zu", i);
		cr_expect_eq(c->flat[i].riid, i);
		cr_expect_eq(spec_endpoint_by_qname(c, want[i]), &c->flat[i]);
		cr_expect_eq(spec_endpoint_by_riid(c, (unsigned int)i), &c->flat[i]);
	}
	cr_expect_null(spec_endpoint_by_riid(c, (unsigned int)c->nflat));
	cr_expect_null(spec_endpoint_by_qname(c, "mid"));
	cr_expect_str_eq(c->instances[0].component->name, "t.Mid");
	cr_expect_str_eq(c->flat[2].owner->name, "t.Leaf");
	/* The same component loaded once: both instances share it. */
	cr_expect_eq(c->instances[0].component->instances[0].component,
		     c->instances[0].component->instances[1].component);
}

Test(specs_parse, endpoint_called_interface_and_older_interfaces_block)
{
	spec_write("x/I.idl", "package x.I\ninterface { Get(out UInt8 v); }\n");
	spec_write("x/C.cdl",
		   "component x.C\nsecurity x.I\ninterfaces {\n    interface : x.I\n}\n");
	spec_write("x/E.edl", "entity x.E\ncomponents { comp : x.C }\n");
	const struct spec_component *c = load_class("x.E");

	cr_assert_eq(c->nflat, 1);
	cr_expect_str_eq(c->flat[0].qname, "comp.interface");
	cr_expect_not_null(c->instances[0].component->security);
	cr_expect_str_eq(c->instances[0].component->security->name, "x.I");
}

Test(specs_parse, same_interface_twice_in_one_component)
{
	spec_write("y/I.idl", "package y.I\ninterface { Get(out UInt8 v); }\n");
	spec_write("y/E.edl", "entity y.E\nendpoints { a : y.I, b : y.I }\n");
	const struct spec_component *c = load_class("y.E");

	cr_assert_eq(c->nflat, 2);
	cr_expect_eq(c->flat[0].iface, c->flat[1].iface);
	cr_expect_str_eq(c->flat[1].qname, "b");
}

Test(specs_parse, methods_get_mids_in_idl_order_with_directions)
{
	spec_write("m/Ops.idl", "package m.Ops\n"
				"interface {\n"
				"    Open(in string<16> name, out UInt32 fd, error UInt16 err);\n"
				"    Sync();\n"
				"    Close(in UInt32 fd)\n"
				"}\n");
	const struct spec_package *p = load_package("m.Ops");
	const struct spec_interface *i = p->iface;

	cr_assert_not_null(i);
	cr_assert_str_eq(i->name, "m.Ops");
	cr_assert_eq(i->nmethods, 3);
	cr_expect_str_eq(i->methods[0].name, "Open");
	cr_expect_eq(i->methods[1].mid, 1);
	cr_expect_eq(i->methods[1].nparams, 0);
	cr_expect_eq(i->methods[0].nparams, 3);
	cr_expect_eq(i->methods[0].params[0].dir, SPEC_IN);
	cr_expect_eq(i->methods[0].params[1].dir, SPEC_OUT);
	cr_expect_eq(i->methods[0].params[2].dir, SPEC_ERROR);
	cr_expect_eq(i->methods[0].params[0].type->kind, SPEC_T_STRING);
	cr_expect_eq(i->methods[0].params[0].type->bound, 16);
	cr_expect_eq(spec_method_by_name(i, "Close"), &i->methods[2]);
	cr_expect_null(spec_method_by_name(i, "close"));
	cr_expect_eq(i->methods[2].iface, i);
}

Test(specs_parse, every_type_constructor)
{
	spec_write("ty/All.idl",
		   "package ty.All\n"
		   "typedef UInt32 Id;\n"
		   "typedef Id Ident\n"
		   "struct Point { SInt16 x; SInt16 y; }\n"
		   "union Value { UInt64 number; string<8> text; Point at; }\n"
		   "struct Every {\n"
		   "    SInt8 a; SInt16 b; SInt32 c; SInt64 d;\n"
		   "    UInt8 e; UInt16 f; UInt32 g; UInt64 h;\n"
		   "    Boolean i; Char j; Handle k; UIntSize l; UIntPtr m;\n"
		   "    bytes<4> n; array<Point, 3> o; sequence<Ident, 5> p; Value q;\n"
		   "}\n"
		   "interface { Put(in Every e); }\n");
	const struct spec_package *p = load_package("ty.All");
	static const enum spec_type_kind kinds[] = {
	    SPEC_T_SINT8,    SPEC_T_SINT16, SPEC_T_SINT32, SPEC_T_SINT64,  SPEC_T_UINT8,
	    SPEC_T_UINT16,   SPEC_T_UINT32, SPEC_T_UINT64, SPEC_T_BOOLEAN, SPEC_T_CHAR,
	    SPEC_T_HANDLE,   SPEC_T_UINT64, SPEC_T_UINT64, SPEC_T_BYTES,   SPEC_T_ARRAY,
	    SPEC_T_SEQUENCE, SPEC_T_UNION,
	};

	cr_assert_eq(p->ntypes, 5);
	const struct spec_type *every = p->types[4];

	cr_assert_str_eq(every->name, "Every");
	cr_assert_eq(every->kind, SPEC_T_STRUCT);
	cr_assert_eq(every->package, p);
	cr_assert_eq(every->nfields, sizeof(kinds) / sizeof(kinds[0]));
	for (size_t i = 0; i < every->nfields; i++)
		cr_expect_eq(spec_type_resolve(every->fields[i].type)->kind, kinds[i], "field %s",
			     every->fields[i].name);
	cr_expect_eq(every->fields[14].type->bound, 3);
	cr_expect_eq(every->fields[14].type->elem, p->types[2]);
	const struct spec_type *seq = every->fields[15].type;

	cr_expect_eq(seq->bound, 5);
	cr_expect_eq(seq->elem->kind, SPEC_T_TYPEDEF);
	cr_expect_str_eq(seq->elem->name, "Ident");
	cr_expect_eq(spec_type_resolve(seq->elem)->kind, SPEC_T_UINT32);
	cr_expect_eq(p->types[3]->nfields, 3);
	cr_expect_str_eq(p->types[3]->fields[1].name, "text");
	cr_expect(spec_type_is_integer(p->types[1]));
	cr_expect_not(spec_type_is_integer(p->types[2]));
}

Test(specs_parse, constants_with_hex_octal_and_expressions)
{
	spec_write("c/K.idl", "package c.K\n"
			      "const UInt32 MaxLen = 0x40;\n"
			      "const UInt32 Oct = 017\n"
			      "const SInt32 Neg = -5\n"
			      "const UInt64 Expr = (MaxLen * 2 + 1) << 4 >> 1\n"
			      "const UInt32 Pow = 2 ** 3 ** 2\n"
			      "const UInt8 Inv = ~0xF0 & 0\n");
	s = spec_loader();
	/* '&' is not an IDL operator: the file is rejected at it. */
	cr_assert_null(specs_package(s, "c.K"));
	cr_expect(strstr(specs_error(s), "K.idl:7:25:") != NULL, "%s", specs_error(s));
	specs_free(s);

	spec_write("c/K.idl", "package c.K\n"
			      "const UInt32 MaxLen = 0x40;\n"
			      "const UInt32 Oct = 017\n"
			      "const SInt32 Neg = -5\n"
			      "const UInt64 Expr = (MaxLen * 2 + 1) << 4 >> 1\n"
			      "const UInt32 Pow = 2 ** 3 ** 2\n"
			      "const UInt8 Low = ~0xFFFFFFFFFFFFFF0F\n"
			      "const SInt64 Mod = -7 % 3 - 10 / 4\n"
			      "typedef string<MaxLen> Name\n"
			      "typedef sequence<UInt32, Oct + 1> Nums\n");
	const struct spec_package *p = load_package("c.K");

	cr_assert_eq(p->nconsts, 7);
	cr_expect_eq(p->consts[0].value, 64);
	cr_expect_eq(p->consts[1].value, 15);
	cr_expect(p->consts[2].negative);
	cr_expect_eq((int64_t)p->consts[2].value, -5);
	cr_expect_eq(p->consts[3].value, ((64 * 2 + 1) << 4) >> 1);
	cr_expect_eq(p->consts[4].value, 512); /* ** is right-associative */
	cr_expect_eq(p->consts[5].value, 0xF0);
	cr_expect_eq((int64_t)p->consts[6].value, -1 - 2);
	cr_expect_eq(p->types[0]->elem->bound, 64);
	cr_expect_eq(p->types[1]->elem->bound, 16);
}

Test(specs_parse, imports_and_qualified_names)
{
	spec_write("lib/Types.idl", "package lib.Types\nconst UInt32 Max = 8\ntypedef UInt16 Code\n"
				    "struct Pair { Code a; Code b; }\n");
	spec_write("app/Use.idl", "package app.Use\n"
				  "import lib.Types\n"
				  "typedef sequence<Pair, Max> Pairs\n"
				  "typedef Types.Code C1\n"
				  "typedef lib.Types.Code C2\n"
				  "typedef string<lib.Types.Max> S\n"
				  "interface { Get(out Pairs p, error C1 e); }\n");
	const struct spec_package *p = load_package("app.Use");

	cr_assert_eq(p->nimports, 1);
	cr_expect_str_eq(p->imports[0]->name, "lib.Types");
	cr_expect_eq(p->types[0]->elem->elem, p->imports[0]->types[1]);
	cr_expect_eq(p->types[1]->elem, p->imports[0]->types[0]);
	cr_expect_eq(p->types[2]->elem, p->imports[0]->types[0]);
	cr_expect_eq(p->types[3]->elem->bound, 8);
	cr_expect_eq(p->iface->methods[0].params[1].type, p->types[1]);
}

Test(specs_parse, sdk_kl_core_types_and_core_class)
{
	const struct spec_component *c = load_class("kl.core.Core");
	const struct spec_flat_endpoint *e = spec_endpoint_by_qname(c, "sync.Sync");

	cr_assert_not_null(e);
	cr_expect_str_eq(e->iface->name, "kl.core.Sync");
	cr_expect_not_null(spec_method_by_name(e->iface, "Wake"));
	cr_expect_not_null(spec_endpoint_by_qname(c, "vmm.VMM"));
	cr_expect_not_null(spec_endpoint_by_qname(c, "task.Task"));
	cr_expect_not_null(specs_package(s, "kl.core.Types"));
	const struct spec_interface *x = specs_interface(s, "kl.core.Execute");

	cr_assert_not_null(x, "%s", specs_error(s));
	cr_expect_eq(x->nmethods, 1);
	cr_expect_str_eq(x->methods[0].name, "main");
	cr_expect_not_null(specs_class(s, "Einit"), "%s", specs_error(s));
}

Test(specs_parse, real_world_shapes_load_unchanged)
{
	/* The forms §19 lists, together: comments, bare names, Char, const sizes, no params. */
	spec_write("echo/Ping.idl",
		   "/* echo interface */\n"
		   "package echo.Ping\n\n"
		   "import kl.core.Types\n\n"
		   "const UInt32 MaxMsg = 0x100;\n"
		   "typedef array<Char, 16> Tag;\n"
		   "interface {\n"
		   "    // one method\n"
		   "    Ping(in UInt32 value, out UInt32 result);\n"
		   "    Reset();\n"
		   "    Say(in string<MaxMsg> text, in Tag tag, out Types.Tid who);\n"
		   "}\n");
	spec_write("echo/Comp.cdl", "component echo.Comp\n\nendpoints {\n"
				    "    ping : echo.Ping\n    interface : echo.Ping\n}\n");
	spec_write("Server.edl", "entity Server\n\ncomponents {\n    pingComp : echo.Comp\n}\n");
	const struct spec_component *c = load_class("Server");

	cr_assert_eq(c->nflat, 2);
	cr_expect_str_eq(c->flat[0].qname, "pingComp.ping");
	cr_expect_str_eq(c->flat[1].qname, "pingComp.interface");
	cr_expect_eq(c->flat[0].iface->methods[1].nparams, 0);
}

Test(specs_parse, load_file_by_path_with_the_kind_from_the_extension)
{
	const struct spec_component *u;
	const struct spec_package *p;

	spec_write("q/I.idl", "package q.I\ninterface { Do(); }\n");
	spec_write("other.edl", "entity Whatever\nendpoints { i : q.I }\n");
	s = spec_loader();
	char path[4096];

	snprintf(path, sizeof(path), "%s/other.edl", dir);
	cr_assert_eq(specs_load_file(s, path, &u, &p), 0, "%s", specs_error(s));
	cr_expect_str_eq(u->name, "Whatever");
	cr_expect_eq(u->kind, SPEC_CLASS);
	cr_expect_eq(u->nflat, 1);
	cr_assert_eq(specs_load_file(s, BH_SPECS_SDK_DIR "/kl/core/Sync.cdl", &u, &p), 0, "%s",
		     specs_error(s));
	cr_expect_not_null(u);
	cr_expect_null(p);
	cr_expect_eq(u->kind, SPEC_COMPONENT);
	cr_assert_eq(specs_load_file(s, BH_SPECS_SDK_DIR "/kl/core/Sync.idl", &u, &p), 0);
	cr_expect_null(u);
	cr_expect_not_null(p);
	cr_expect_eq(specs_load_file(s, "x.txt", &u, &p), -1);
	cr_expect(strstr(specs_error(s), "not a specification") != NULL);
}

Test(specs_parse, byte_order_mark_and_crlf_line_ends)
{
	spec_write("W.edl", "\xef\xbb\xbf"
			    "entity W\r\nendpoints {\r\n  e : kl.core.Sync\r\n}\r\n");
	const struct spec_component *c = load_class("W");

	cr_expect_eq(c->nflat, 1);
	cr_expect_eq(c->loc.line, 1);
	cr_expect_eq(c->loc.column, 8);
	cr_expect_eq(c->endpoints[0].loc.line, 3);
}

Test(specs_parse, one_file_named_by_two_paths_is_loaded_once)
{
	const struct spec_component *u;
	const struct spec_package *p;
	char path[4096];

	spec_write("o/I.idl", "package o.I\ninterface { Do(); }\n");
	spec_write("o/E.edl", "entity o.E\nendpoints { i : o.I }\n");
	s = spec_loader();
	snprintf(path, sizeof(path), "%s/./o/../o/I.idl", dir);
	cr_assert_eq(specs_load_file(s, path, &u, &p), 0, "%s", specs_error(s));
	const struct spec_component *e = specs_class(s, "o.E");

	cr_assert_not_null(e, "%s", specs_error(s));
	cr_expect_eq(e->flat[0].iface, p->iface);
}
