// SPDX-License-Identifier: GPL-2.0-only
/*
 * The server of the IPC register scenario (tests/qemu/test_ipc_regs.c): answers each request
 * with value + 1 and waits for the next one as the request asks (regs_ipc.h), every register
 * set to its own patterns across each hypercall (regs_ipc.c). It reports its count of checks
 * when asked (REGS_REPORT).
 */
#include <inttypes.h>
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/syscalls.h>
#include <regs/Server.edl.h>

#include "regs_ipc.h"

#define TAG 0x5e

static union {
	SMsgHdr base;
	struct regs_Svc_Echo_req echo;
	struct regs_Svc_Checked_req checked;
} req;
static struct regs_Svc_Echo_res res;
static struct regs_frame frame;
static unsigned int round_no;
static int checks, failed;

static const char *const wait_names[] = {"reply_recv", "reply_recv_timed", "reply", "recv"};

/* One hypercall through regs_ipc(), counted as a check; result: its x1 for ReplyRecv. */
static void hvc(unsigned int what, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		uint64_t want_x1)
{
	const char *why = "";
	int bad;

	regs_fill(&frame, TAG, ++round_no, fn, a1, a2, a3, a4);
	regs_ipc(&frame);
	checks++;
	if ((Retcode)frame.out[0] != rcOk || (want_x1 != ~0ull && frame.out[1] != want_x1)) {
		printf("FAIL %s: round %u: rc 0x%x, x1 0x%" PRIx64 "\n", wait_names[what], round_no,
		       (unsigned int)frame.out[0], frame.out[1]);
		failed++;
		return;
	}
	bad = regs_check(&frame, &why);
	if (bad >= 0) {
		printf("FAIL %s: round %u: %s%d 0x%016" PRIx64 " %s\n", wait_names[what], round_no,
		       bad == 31 ? "sp " : "x", bad, frame.out[bad], why);
		failed++;
	}
}

int main(void)
{
	Handle listener = ServiceLocatorRegister("svc", NULL, 0, NULL);
	enum regs_wait wait;
	Retcode rc;

	if (listener == INVALID_HANDLE) {
		fprintf(stderr, "no listener for svc\n");
		return 1;
	}
	req.base.capacity = sizeof(req);
	rc = Recv(listener, &req.base);
	printf("serving svc (%s)\n", rc == rcOk ? "rcOk" : "receive failed");
	for (;;) {
		uint64_t value = req.echo.value;

		nk_msg_init(&res.base, sizeof(res), req.base.riid, req.base.mid);
		res.result = value + 1;
		wait = REGS_WAIT_OF(value);
		if (wait == REGS_REPORT) {
			printf("regs: %d checks, %d failed\n", checks, failed);
			wait = REGS_WAIT_FAST;
		}
		req.base.capacity = sizeof(req);
		switch (wait) {
		case REGS_WAIT_TIMED:
			hvc(1, BH_HC_IPC_REPLY_RECV, listener, (uintptr_t)&res.base,
			    (uintptr_t)&req.base, 10000, BH_IPC_RR_RECV);
			break;
		case REGS_WAIT_SPLIT:
			hvc(2, BH_HC_IPC_REPLY, listener, (uintptr_t)&res.base, 0, 0, ~0ull);
			hvc(3, BH_HC_IPC_RECV, listener, (uintptr_t)&req.base, BH_TIMEOUT_INFINITE,
			    0, ~0ull);
			break;
		default:
			hvc(0, BH_HC_IPC_REPLY_RECV, listener, (uintptr_t)&res.base,
			    (uintptr_t)&req.base, BH_TIMEOUT_INFINITE, BH_IPC_RR_RECV);
			break;
		}
	}
}
