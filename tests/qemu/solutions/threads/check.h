/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef CHECK_H
#define CHECK_H

#include <stdint.h>

/* One line per check: "PASS name" or "FAIL name: why"; check_summary() ends the run. */
void check(const char *name, int ok, const char *fmt, ...);
int check_summary(const char *suite);
uint64_t uptime_ms(void);

#endif
