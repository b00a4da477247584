/* SPDX-License-Identifier: GPL-2.0-only */
/* Raw hypercalls (SMCCC HVC #0). libkos wraps these; applications use the Kos* API. */
#ifndef BULKHEAD_HVC_H
#define BULKHEAD_HVC_H

#include <stdint.h>

#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

/* Two words, so that it comes back in registers: most calls have one result. */
struct bh_hvc_result {
	Retcode rc;
	uint64_t r1;
};

/* For the calls with up to three results (x1..x3). */
struct bh_hvc_results {
	Retcode rc;
	uint64_t r1, r2, r3;
};

/* What a call may change beyond its arguments: x6, x7; a call of the IPC group x8..x13 too
 * (hypercall.h). fn is a constant at nearly every call site, so only one form is compiled. */
#define BH_HVC_CLOBBERS "x6", "x7", "memory"
#define BH_HVC_IPC_CLOBBERS "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "memory"

static inline int bh_hvc_is_ipc(uint32_t fn)
{
	return fn - BH_HC_IPC_GROUP < BH_HC_IPC_GROUP_SIZE;
}

static inline struct bh_hvc_results bh_hvc_r(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
					  uint64_t a4, uint64_t a5)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;

	if (bh_hvc_is_ipc(fn))
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
				 :
				 : BH_HVC_IPC_CLOBBERS);
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
				 :
				 : BH_HVC_CLOBBERS);
	return (struct bh_hvc_results){ (Retcode)x0, x1, x2, x3 };
}

/* The one-result form: inlined, so the unused x2/x3 cost nothing. */
static inline struct bh_hvc_result bh_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
					  uint64_t a4, uint64_t a5)
{
	struct bh_hvc_results r = bh_hvc_r(fn, a1, a2, a3, a4, a5);

	return (struct bh_hvc_result){ r.rc, r.r1 };
}

/*
 * Four arguments, x0 and x1 back: the IPC calls (on every round trip). x5 is not set, which
 * saves a `mov` the five-argument form spends on an argument nobody reads.
 */
static inline struct bh_hvc_result bh_hvc4(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
					   uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;

	if (bh_hvc_is_ipc(fn))
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
				 :
				 : "x5", BH_HVC_IPC_CLOBBERS);
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
				 :
				 : "x5", BH_HVC_CLOBBERS);
	return (struct bh_hvc_result){ (Retcode)x0, x1 };
}

#define bh_hvc0(fn) bh_hvc(fn, 0, 0, 0, 0, 0)
#define bh_hvc1(fn, a) bh_hvc(fn, a, 0, 0, 0, 0)
#define bh_hvc2(fn, a, b) bh_hvc(fn, a, b, 0, 0, 0)
#define bh_hvc3(fn, a, b, c) bh_hvc(fn, a, b, c, 0, 0)

#endif
