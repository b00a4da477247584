/* SPDX-License-Identifier: GPL-2.0-only */
/* Branch hints for the hot paths (the IPC fast path, the trap dispatch). */
#ifndef HYP_COMPILER_H
#define HYP_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
