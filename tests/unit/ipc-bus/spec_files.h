/* SPDX-License-Identifier: GPL-2.0-only */
/* Scratch directories of specification files for the front-end tests. */
#ifndef TESTS_SPEC_FILES_H
#define TESTS_SPEC_FILES_H

#include <specs/specs.h>

/* A fresh empty directory (removed by spec_dir_remove). */
const char *spec_dir_new(void);
void spec_dir_remove(void);
/* Writes dir/rel (creating directories) with text. */
void spec_write(const char *rel, const char *text);
/* A loader whose search path is the scratch directory, then the SDK. */
struct specs *spec_loader(void);

#endif
