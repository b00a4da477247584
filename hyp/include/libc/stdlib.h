/* SPDX-License-Identifier: GPL-2.0-only */
/* libfdt's libfdt_env.h includes <stdlib.h>; the hypervisor needs nothing from it. */
#ifndef HYP_LIBC_STDLIB_H
#define HYP_LIBC_STDLIB_H
#include <stddef.h>
#endif
