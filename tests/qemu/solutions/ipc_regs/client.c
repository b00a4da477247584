// SPDX-License-Identifier: GPL-2.0-only
/*
 * The client of the IPC register scenario (tests/qemu/test_ipc_regs.c): Calls with every
 * register set to its own patterns (regs_ipc.c), by the fast path (no timeout, the server
 * waiting on this CPU), by the slow path (a timeout), after each way the server can wait, and
 * to the monitor (Checked). Each kind of call prints PASS or FAIL with its name.
 */
#include <inttypes.h>
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <regs/Server.edl.h>
#include <uapi/bulkhead/hypercall.h>

#include "regs_ipc.h"

#define TAG 0xc1
#define ROUNDS 4

struct call_kind {
	const char *name;
	nk_mid_t mid;
	uint32_t timeout_ms;
	enum regs_wait server_wait;
};

static const struct call_kind kinds[] = {
    {"call_fast", regs_Svc_Echo_mid, BH_TIMEOUT_INFINITE, REGS_WAIT_FAST},
    {"call_timed", regs_Svc_Echo_mid, 10000, REGS_WAIT_TIMED},
    {"call_after_split", regs_Svc_Echo_mid, BH_TIMEOUT_INFINITE, REGS_WAIT_SPLIT},
    {"call_monitor", regs_Svc_Checked_mid, BH_TIMEOUT_INFINITE, REGS_WAIT_FAST},
};

static struct regs_Svc_Echo_req req;
static struct regs_Svc_Echo_res res;
static struct regs_frame frame;
static unsigned int round_no;

/* One Call through regs_ipc(): 1 when everything came back as it should. */
static int call(Handle h, const struct call_kind *k, enum regs_wait wait)
{
	const char *why = "";
	int bad;

	round_no++;
	nk_msg_init(&req.base, sizeof(req), regs_Server_svc_riid, k->mid);
	req.value = REGS_VALUE(wait, round_no);
	nk_msg_init(&res.base, sizeof(res), 0, 0);
	res.base.size = 0;
	res.result = 0;
	regs_fill(&frame, TAG, round_no, BH_HC_IPC_CALL, h, (uintptr_t)&req, (uintptr_t)&res,
		  k->timeout_ms);
	regs_ipc(&frame);
	if ((Retcode)frame.out[0] != rcOk || res.result != req.value + 1) {
		printf("%s: round %u: rc 0x%x, result 0x%" PRIx64 "\n", k->name, round_no,
		       (unsigned int)frame.out[0], (uint64_t)res.result);
		return 0;
	}
	bad = regs_check(&frame, &why);
	if (bad >= 0) {
		printf("%s: round %u: %s%d 0x%016" PRIx64 " %s\n", k->name, round_no,
		       bad == 31 ? "sp " : "x", bad, frame.out[bad], why);
		return 0;
	}
	return 1;
}

int main(void)
{
	Handle h = ServiceLocatorConnect("svc");
	int failed = 0, checks = 0;

	if (h == INVALID_HANDLE) {
		fprintf(stderr, "no connection svc\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		int ok = 1;

		for (int r = 0; r < ROUNDS; r++)
			ok &= call(h, &kinds[i], kinds[i].server_wait);
		printf("%s %s\n", ok ? "PASS" : "FAIL", kinds[i].name);
		checks++;
		failed += !ok;
	}
	/* The server prints its own count in answer to this one. */
	call(h, &kinds[0], REGS_REPORT);
	printf("regs: %d checks, %d failed\n", checks, failed);
	return 0;
}
