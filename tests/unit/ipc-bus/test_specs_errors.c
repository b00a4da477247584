// SPDX-License-Identifier: GPL-2.0-only
/*
 * Malformed specifications: each is rejected with file:line:column of the problem, the
 * source line and a caret, and never crashes the loader.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "spec_files.h"

struct bad {
	const char *rel; /* file written */
	const char *text;
	const char *load;    /* name loaded: class, or package when it ends in .idl */
	const char *where;   /* expected "file:line:col:" suffix of the path */
	const char *message; /* expected part of the message */
};

/* Helpers every case may rely on. */
static void write_common(void)
{
	spec_write("ok/I.idl", "package ok.I\ninterface { Ping(in UInt32 v, out UInt32 r); }\n");
	spec_write("ok/C.cdl", "component ok.C\nendpoints { e : ok.I }\n");
	spec_write("ok/Types.idl", "package ok.Types\nconst UInt32 N = 4\ntypedef UInt8 Byte\n");
}

static struct bad cases[] = {
    {"E1.edl", "entity\n", "E1", "E1.edl:2:1:", "unexpected end of file"},
    {"E2.edl", "entity E2\ncomponents {\n  a ok.C\n}\n", "E2", "E2.edl:3:5:", "expecting ':'"},
    {"E3.edl", "entity E3\nendpoints {\n  x : ok.Missing\n}\n", "E3",
     "E3.edl:3:7:", "'ok.Missing' not found"},
    {"E4.edl", "entity E4\nendpoints {\n  my_ep : ok.I\n}\n", "E4", "E4.edl:3:3:", "contains '_'"},
    {"E5.edl", "entity E5\nendpoints { a : ok.I }\ncomponents { a : ok.C }\n", "E5",
     "E5.edl:3:14:", "declared twice"},
    {"E6.edl", "entity Other\n", "E6", "E6.edl:1:8:", "declares 'Other'"},
    {"E7.edl", "entity E7\ncomponents { c : ok.I }\n", "E7",
     "E7.edl:2:18:", "component (CDL) 'ok.I' not found"},
    {"E8.edl", "entity E8\nendpoints { c : ok.Types }\n", "E8",
     "E8.edl:2:17:", "declares no interface"},
    {"E9.edl", "entity E9 /* never closed\n", "E9", "E9.edl:1:11:", "comment is never closed"},
    {"E10.edl", "entity E10\n  @\n", "E10", "E10.edl:2:3:", "unexpected character '@'"},
    {"cy/A.cdl", "component cy.A\ncomponents { b : cy.B }\n", "cy.E",
     "cy/B.cdl:2:18:", "refers back to itself"},
    {"p/I1.idl", "package p.I1\ninterface { Do(in Nope x); }\n", "p.I1.idl",
     "p/I1.idl:2:19:", "unknown name 'Nope'"},
    {"p/I2.idl", "package p.I2\ninterface {\n  Do(in UInt32 x, out UInt8 x);\n}\n", "p.I2.idl",
     "p/I2.idl:3:29:", "parameter 'x' is declared twice"},
    {"p/I3.idl", "package p.I3\ninterface {\n  Do();\n  Do();\n}\n", "p.I3.idl",
     "p/I3.idl:4:3:", "method 'Do' is declared twice"},
    {"p/I4.idl", "package p.I4\ntypedef string<0> S\n", "p.I4.idl",
     "p/I4.idl:2:16:", "out of range"},
    {"p/I5.idl", "package p.I5\nconst UInt8 Big = 256\n", "p.I5.idl",
     "p/I5.idl:2:19:", "does not fit its type"},
    {"p/I6.idl", "package p.I6\nconst UInt32 Z = 4 / (2 - 2)\n", "p.I6.idl",
     "p/I6.idl:2:20:", "division by zero"},
    {"p/I7.idl", "package p.I7\nstruct S { UInt8 a; UInt8 a; }\n", "p.I7.idl",
     "p/I7.idl:2:27:", "member 'a' is declared twice"},
    {"p/I8.idl", "package p.I8\ntypedef UInt8 T\ntypedef UInt16 T\n", "p.I8.idl",
     "p/I8.idl:3:16:", "'T' is declared twice (first at line 2)"},
    {"p/I9.idl", "package p.I9\ninterface { A(); }\ninterface { B(); }\n", "p.I9.idl",
     "p/I9.idl:3:1:", "a second interface"},
    {"p/I10.idl", "package p.I10\ninterface {\n  Get_All();\n}\n", "p.I10.idl",
     "p/I10.idl:3:3:", "method name 'Get_All' contains '_'"},
    {"p/I11.idl", "package p.I11\nconst UInt32 N = 99999999999999999999999\n", "p.I11.idl",
     "p/I11.idl:2:18:", "does not fit in 64 bits"},
    {"p/I12.idl", "package p.I12\ntypedef sequence<UInt8> S\n", "p.I12.idl",
     "p/I12.idl:2:23:", "expecting ','"},
    {"p/I13.idl", "package p.I13\nimport ok.Nothing\n", "p.I13.idl",
     "p/I13.idl:2:8:", "'ok.Nothing' not found"},
    {"p/I14.idl", "package p.I14\nimport ok.Types\ntypedef bytes<Byte> B\n", "p.I14.idl",
     "p/I14.idl:3:15:", "'Byte' is a type, not a constant"},
    {"p/I15.idl", "package p.I15\nstruct Empty { }\n", "p.I15.idl",
     "p/I15.idl:2:8:", "has no members"},
    {"p/I16.idl", "package p.I16\ntypedef UInt8 UInt32\n", "p.I16.idl",
     "p/I16.idl:2:15:", "built-in type"},
    {"p/I17.idl", "package p.I17\nconst Boolean B = 1\n", "p.I17.idl",
     "p/I17.idl:2:7:", "must have an integer type"},
    {"p/I18.idl", "package p.I18\ntypedef string<1 << 64> S\n", "p.I18.idl",
     "p/I18.idl:2:18:", "out of range 0..63"},
    {"p/I19.idl", "package p.I19\ninterface { Do(inout UInt8 x); }\n", "p.I19.idl",
     "p/I19.idl:2:16:", "unexpected name"},
    {"p/I20.idl", "package p.Wrong\n", "p.I20.idl", "p/I20.idl:1:9:", "declares 'p.Wrong'"},
    {"p/I21.idl", "package p.I21\ntypedef 12abc T\n", "p.I21.idl",
     "p/I21.idl:2:9:", "malformed number '12abc'"},
    {"p/I22.idl", "package p.I22\nimport ok.Types\ntypedef Types.Nope T\n", "p.I22.idl",
     "p/I22.idl:3:9:", "package 'ok.Types' declares no 'Nope'"},
    {"E11.edl", "entity E11\nsecurity ok.I\nsecurity ok.I\n", "E11",
     "E11.edl:3:1:", "a second 'security'"},
    {"E12.edl", "component E12\n", "E12", "E12.edl:1:1:", "expected a process class"},
    {"E13.edl", "", "E13", "E13.edl:1:1:", "unexpected end of file"},
    {"p/I23.idl", "package p.I23\nconst UInt32 N = 2 ** 70\n", "p.I23.idl",
     "p/I23.idl:2:20:", "overflows 64 bits"},
    {"p/I24.idl", "package p.I24\ninterface { Do(in UInt8 x) }\nstruct", "p.I24.idl",
     "p/I24.idl:3:7:", "unexpected end of file"},
};

static void setup(void)
{
	spec_dir_new();
	write_common();
	spec_write("cy/B.cdl", "component cy.B\ncomponents { a : cy.A }\n");
	spec_write("cy/E.edl", "entity cy.E\ncomponents { a : cy.A }\n");
}

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/*
 * Parameters are indices: Criterion may run each test in a fresh process image, where
 * pointers into this one's data would not be valid.
 */
ParameterizedTestParameters(specs_errors, located)
{
	static size_t index[NCASES];

	for (size_t i = 0; i < NCASES; i++)
		index[i] = i;
	return cr_make_param_array(size_t, index, NCASES);
}

ParameterizedTest(size_t *i, specs_errors, located, .init = setup, .fini = spec_dir_remove)
{
	const struct bad *b = &cases[*i];
	struct specs *s;
	bool ok;
	size_t n = strlen(b->load);

	spec_write(b->rel, b->text);
	s = spec_loader();
	if (n > 4 && !strcmp(b->load + n - 4, ".idl")) {
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)(n - 4), b->load);
		ok = specs_package(s, name) != NULL;
	} else {
		ok = specs_class(s, b->load) != NULL;
	}
	const char *msg = specs_error(s);

	cr_assert_not(ok, "%s loaded", b->rel);
	cr_expect(strstr(msg, b->where) != NULL, "%s: want '%s' in:\n%s", b->rel, b->where, msg);
	cr_expect(strstr(msg, b->message) != NULL, "%s: want '%s' in:\n%s", b->rel, b->message,
		  msg);
	/* The source line and a caret follow the first line. */
	cr_expect(strchr(msg, '\n') && strchr(msg, '^'), "%s: no caret in:\n%s", b->rel, msg);
	specs_free(s);
}

Test(specs_errors, caret_under_the_column, .init = setup, .fini = spec_dir_remove)
{
	struct specs *s;

	spec_write("C1.edl", "entity C1\nendpoints {\n\tx : ok.Gone\n}\n");
	s = spec_loader();
	cr_assert_null(specs_class(s, "C1"));
	const char *msg = specs_error(s);
	const char *nl = strchr(msg, '\n');

	cr_assert_not_null(nl);
	cr_expect_str_eq(nl, "\n    \tx : ok.Gone\n    \t    ^", "got:\n%s", msg);
	cr_expect(strstr(msg, "C1.edl:3:6: ") != NULL, "%s", msg);
	specs_free(s);
}

Test(specs_errors, failed_file_fails_again_with_the_same_message, .init = setup,
     .fini = spec_dir_remove)
{
	struct specs *s;
	char first[2048];

	spec_write("p/Bad.idl", "package p.Bad\ntypedef Nope T\n");
	spec_write("U1.edl", "entity U1\nendpoints { a : p.Bad }\n");
	spec_write("U2.edl", "entity U2\nendpoints { a : p.Bad }\n");
	s = spec_loader();
	cr_assert_null(specs_class(s, "U1"));
	snprintf(first, sizeof(first), "%s", specs_error(s));
	cr_expect(strstr(first, "p/Bad.idl:2:9:") != NULL, "%s", first);
	cr_assert_null(specs_class(s, "U2"));
	cr_expect_str_eq(specs_error(s), first);
	specs_free(s);
}

Test(specs_errors, nul_byte_in_a_file, .init = setup, .fini = spec_dir_remove)
{
	struct specs *s;
	char path[4096];
	FILE *f;
	const char *d = spec_dir_new();

	snprintf(path, sizeof(path), "%s/N.edl", d);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite("entity N\n\0x", 1, 11, f);
	fclose(f);
	s = spec_loader();
	cr_assert_null(specs_class(s, "N"));
	cr_expect(strstr(specs_error(s), "N.edl:2:1: NUL byte") != NULL, "%s", specs_error(s));
	specs_free(s);
}
