/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LIBKOS_INTERNAL_H
#define LIBKOS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <kos/thread.h>
#include <uapi/bulkhead/layout.h>

struct kos_thread {
	ThreadRoutine routine;
	void *context;
	void *stack;	/* malloc'd; NULL for the main thread */
	size_t stack_size;
	void *tls;	/* picolibc TLS block (malloc'd; static for the main thread) */
	void *user_tls; /* KosThreadTlsSet */
	Tid tid;
};

extern const struct bh_boot_info *__kos_boot_info;
extern __thread struct kos_thread *__kos_self;

void __kos_threads_init(struct kos_thread *main_thread);
void __kos_thread_callbacks(int reason); /* KosThreadCallbackReason */

/* The start of a timeout: an opaque stamp of the architected counter (no hypercall). */
uint64_t __kos_timeout_start(void);
/* What is left of a timeout that started at `start`, in whole milliseconds rounded up:
 * INFINITE stays infinite, an expired one is 0. */
uint32_t __kos_remaining_ms(uint64_t start, uint32_t timeout);
void __kos_console_write(const char *buf, size_t len);

#endif
