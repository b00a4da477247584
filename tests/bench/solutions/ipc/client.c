// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: Call -> Recv -> Reply round trips through the generated proxy, with an 8-byte
 * parameter and with 4 KiB in the arena, decided by the verdict table, then the same with
 * the request decided by the monitor partition. Printed as PMU cycles (instructions under
 * -icount shift=0) and nanoseconds per round trip.
 */
#include <stdio.h>

#include <bulkhead/hvc.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <bench/Server.edl.h>
#include <kos/thread.h>

#include "pmu.h"

#define ITER 1000

static uint64_t ns(void)
{
	return bh_hvc0(BH_HC_TIME_UPTIME).r1;
}

static void report(const char *name, uint64_t cycles, uint64_t nanos)
{
	printf("bench %s %llu\n", name, (unsigned long long)(cycles / ITER));
	printf("bench %s_ns %llu\n", name, (unsigned long long)(nanos / ITER));
}

int main(void)
{
	static unsigned char data[4096];
	static char arena_buf[4096 + 8] __attribute__((aligned(8)));
	struct bench_Echo_proxy px;
	struct bench_Echo_Echo_req req;
	NkKosTransport t;
	uint64_t t0, n0, cyc8, ns8, cyc4k, ns4k, mcyc8, mns8, mcyc4k, mns4k;
	int errors = 0;

	NkKosTransport_Init(&t, ServiceLocatorConnect("echo"), NULL, 0);
	bench_Echo_proxy_init(&px, &t.base, bench_Server_echo_riid);
	pmu_start();
	KosThreadSleep(20); /* the server reaches Recv */

	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		struct bench_Echo_Echo_res res;

		req.value = (nk_uint64_t)i; /* the proxy sets the header */
		errors += bench_Echo_Echo(&px.base, &req, NULL, &res, NULL) != NK_EOK;
	}
	cyc8 = pmu_cycles() - t0;
	ns8 = ns() - n0;

	/* The 4 KiB are stored in the arena once: the figure is the round trip, not marshalling. */
	struct nk_arena a = NK_ARENA_INITIALIZER(arena_buf, sizeof(arena_buf));
	struct bench_Echo_Put_req preq;

	nk_arena_store(&a, &preq.data, data, sizeof(data));
	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		struct bench_Echo_Put_res res;

		errors += bench_Echo_Put(&px.base, &preq, &a, &res, NULL) != NK_EOK;
	}
	cyc4k = pmu_cycles() - t0;
	ns4k = ns() - n0;

	/* The same two, each request decided by the monitor partition. */
	struct bench_Echo_EchoChecked_req creq;

	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		struct bench_Echo_EchoChecked_res res;

		creq.value = (nk_uint64_t)i;
		errors += bench_Echo_EchoChecked(&px.base, &creq, NULL, &res, NULL) != NK_EOK;
	}
	mcyc8 = pmu_cycles() - t0;
	mns8 = ns() - n0;

	struct bench_Echo_PutChecked_req mreq;

	nk_arena_reset(&a);
	nk_arena_store(&a, &mreq.data, data, sizeof(data));
	n0 = ns();
	t0 = pmu_cycles();
	for (int i = 0; i < ITER; i++) {
		struct bench_Echo_PutChecked_res res;

		errors += bench_Echo_PutChecked(&px.base, &mreq, &a, &res, NULL) != NK_EOK;
	}
	mcyc4k = pmu_cycles() - t0;
	mns4k = ns() - n0;

	if (errors)
		printf("bench errors %d (last retcode 0x%x)\n", errors, (unsigned int)t.last_rc);
	report("ipc_8b_static", cyc8, ns8);
	report("ipc_4k_static", cyc4k, ns4k);
	report("ipc_8b_monitor", mcyc8, mns8);
	report("ipc_4k_monitor", mcyc4k, mns4k);
	bh_hvc0(BH_HC_POWER_OFF);
	return 0;
}
