/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU scenario harness: boot a test image (built by tests/build.mk in $BH_TEST_OUT/<config>)
 * with a timeout, capture the whole console, and match lines in it.
 */
#ifndef TESTS_QEMU_HARNESS_H
#define TESTS_QEMU_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

struct boot {
	char *out;	  /* console transcript, NUL-terminated, '\r' removed */
	size_t len;
	int exit_status;  /* QEMU's, or -1 */
	bool timed_out;
	bool stopped;	  /* ended by opts->until (not a timeout) */
	double seconds;	  /* wall time from start to exit */
};

struct boot_opts {
	const char *initrd;	/* replaces the configuration's boot package */
	const char *extra_args; /* appended to the QEMU command line */
	int timeout_s;		/* default 60 */
	const char *until;	/* stop QEMU this many seconds after a line containing it: */
	int until_grace_s;	/*   for solutions that never power off by themselves */
};

/* Boot config's image; never returns with QEMU still running. */
void boot(struct boot *b, const char *config, const struct boot_opts *opts);
/* The same, booted once per run of the test binary and shared by the tests that ask (long
 * boots: a Linux guest). */
void boot_shared(struct boot *b, const char *config, const struct boot_opts *opts);
void boot_free(struct boot *b);

/* Path of a file in config's build directory (static buffer). */
const char *test_path(const char *config, const char *file);

/* The first line containing needle at or after `from` (NULL = start), or NULL. */
const char *find_line(const struct boot *b, const char *from, const char *needle);
int count_lines(const struct boot *b, const char *needle);

/* Assertions that print the transcript when they fail. */
void expect_line(const struct boot *b, const char *needle);
void expect_no_line(const struct boot *b, const char *needle);
/* `second` appears in a line after the line holding `first`. */
void expect_order(const struct boot *b, const char *first, const char *second);
/* QEMU exited by itself (the solution powered off) rather than timing out. */
void expect_powered_off(const struct boot *b);

#endif
