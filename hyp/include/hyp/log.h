/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor log. Lines go to the console prefixed with "hyp: " (or "hyp[cpuN]: " at debug
 * level); CONFIG_HYP_LOG_LEVEL filters them at compile time. panic() prints and stops every
 * CPU. Host unit tests print to stderr and turn panic() into a test failure.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#define LOG_LEVEL_ERROR 0
#define LOG_LEVEL_WARN 1
#define LOG_LEVEL_INFO 2
#define LOG_LEVEL_DEBUG 3

#ifndef CONFIG_HYP_LOG_LEVEL
#define CONFIG_HYP_LOG_LEVEL LOG_LEVEL_INFO
#endif

void hyp_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define log_at(level, ...)                                                                     \
	do {                                                                                   \
		if ((level) <= CONFIG_HYP_LOG_LEVEL)                                           \
			hyp_log(level, __VA_ARGS__);                                           \
	} while (0)
#define log_error(...) log_at(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_at(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_at(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_LEVEL_DEBUG, __VA_ARGS__)

/* A hypervisor invariant: panics with file and line when false. */
#define CHECK(cond)                                                                            \
	do {                                                                                   \
		if (__builtin_expect(!(cond), 0))                                              \
			panic("CHECK failed: %s (%s:%d)", #cond, __FILE__, __LINE__);          \
	} while (0)

#endif
