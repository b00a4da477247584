/* SPDX-License-Identifier: GPL-2.0-only */
/* Uptime and system time (hyp/core/time.c). */
#ifndef HYP_TIME_H
#define HYP_TIME_H

#include <stdint.h>

struct platform;

/* Boot: the system time starts from the RTC, if there is one. */
void time_init(const struct platform *plat);
uint64_t time_uptime_ns(void);

#endif
