// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPC scenarios, run from the client side: each prints "PASS <name>" or
 * "FAIL <name>: <why>", then "ipc: <n> checks, <m> failed" (tests/qemu/test_ipc.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/hvc.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <coresrv/syscalls.h>
#include <ipct/Gone.edl.h>
#include <ipct/Server.edl.h>
#include <kos/thread.h>
#include <uapi/bulkhead/monitor.h>

static int checks, failures;
static Handle calc, gone;
static NkKosTransport transport;
static struct ipct_Calc_proxy proxy;

static void result(const char *name, int ok, const char *why, unsigned long a, unsigned long b)
{
	checks++;
	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	failures++;
	printf("FAIL %s: %s (0x%lx, 0x%lx)\n", name, why, a, b);
}

/* got is evaluated once: it is often the call under test. */
#define EXPECT_EQ(name, got, want)                                                                 \
	do {                                                                                       \
		unsigned long got_ = (unsigned long)(got), want_ = (unsigned long)(want);          \
		result(name, got_ == want_, #got " != " #want, got_, want_);                       \
	} while (0)

static nk_uint32_t echo(nk_uint32_t v, nk_err_t *rc)
{
	struct ipct_Calc_Echo_req req = {.value = v};
	struct ipct_Calc_Echo_res res = {.result = 0};

	*rc = ipct_Calc_Echo(&proxy.base, &req, NULL, &res, NULL);
	return res.result;
}

static nk_uint32_t refused; /* replies of the server the policy refused */

static void counts(nk_uint32_t *received, nk_uint32_t *bad)
{
	struct ipct_Calc_Count_req req;
	struct ipct_Calc_Count_res res = {.received = 0};

	if (ipct_Calc_Count(&proxy.base, &req, NULL, &res, NULL) != NK_EOK)
		printf("Count failed: 0x%x\n", (unsigned int)transport.last_rc);
	*received = res.received;
	*bad = res.bad;
	refused = res.refused;
}

static void granted_and_denied(void)
{
	struct ipct_Calc_Forbidden_req freq = {.value = 1};
	struct ipct_Calc_Forbidden_res fres;
	struct ipct_Calc_Leak_req lreq = {.value = 1};
	struct ipct_Calc_Leak_res lres = {.result = 0};
	nk_uint32_t before, after, bad;
	nk_err_t rc;

	EXPECT_EQ("echo_granted", echo(41, &rc), 42);
	counts(&before, &bad);
	rc = ipct_Calc_Forbidden(&proxy.base, &freq, NULL, &fres, NULL);
	EXPECT_EQ("request_denied", transport.last_rc, rcSecurityDisallow);
	EXPECT_EQ("request_denied_proxy_rc", rc, NK_EPERM);
	counts(&after, &bad);
	/* Count itself arrives: one more than before, and nothing for Forbidden. */
	EXPECT_EQ("denied_request_never_arrived", after, before + 1);
	rc = ipct_Calc_Leak(&proxy.base, &lreq, NULL, &lres, NULL);
	EXPECT_EQ("response_denied", transport.last_rc, rcSecurityDisallow);
	EXPECT_EQ("response_denied_proxy_rc", rc, NK_EPERM);
	EXPECT_EQ("denied_response_not_delivered", lres.result, 0);
	counts(&after, &bad);
	EXPECT_EQ("denied_reply_refused_to_server", refused, 1);
}

static nk_err_t name_rc; /* what the proxy returned (a call with an arena) */

static nk_uint32_t name(const char *text)
{
	static char buf[64] __attribute__((aligned(8)));
	struct nk_arena arena = NK_ARENA_INITIALIZER(buf, sizeof(buf));
	struct ipct_Calc_Name_req req;
	struct ipct_Calc_Name_res res = {.length = 0};

	nk_arena_store(&arena, &req.name, text, strlen(text) + 1);
	name_rc = ipct_Calc_Name(&proxy.base, &req, &arena, &res, NULL);
	return res.length;
}

static nk_uint32_t twice(nk_uint32_t v)
{
	struct ipct_Calc_Double_req req = {.value = v};
	struct ipct_Calc_Double_res res = {.result = 0};

	ipct_Calc_Double(&proxy.base, &req, NULL, &res, NULL);
	return res.result;
}

/* Rules that look at the message: the monitor partition decides them. */
static void monitor_decides(void)
{
	nk_uint32_t before, after, bad, refused_before;

	EXPECT_EQ("regex_allowed", name("allowed_abc"), 11);
	EXPECT_EQ("regex_allowed_rc", transport.last_rc, rcOk);
	EXPECT_EQ("regex_allowed_proxy_rc", name_rc, NK_EOK);
	counts(&before, &bad);
	EXPECT_EQ("regex_denied", name("denied_abc"), 0);
	EXPECT_EQ("regex_denied_rc", transport.last_rc, rcSecurityDisallow);
	EXPECT_EQ("regex_denied_proxy_rc", name_rc, NK_EPERM);
	EXPECT_EQ("regex_denied_upper_case", name("allowed_ABC"), 0);
	counts(&after, &bad);
	EXPECT_EQ("regex_denied_never_arrived", after, before + 1);
	refused_before = refused;
	EXPECT_EQ("monitor_response_granted", twice(10), 20);
	EXPECT_EQ("monitor_response_denied", twice(60), 0);
	EXPECT_EQ("monitor_response_denied_rc", transport.last_rc, rcSecurityDisallow);
	counts(&after, &bad);
	EXPECT_EQ("monitor_denied_reply_refused_to_server", refused, refused_before + 1);
	EXPECT_EQ("monitor_then_static", echo(1, &(nk_err_t){0}), 2);
}

/* Threads above every other partition's priority but the monitor's spin on both CPUs: the
 * monitor (priority 31) still gets a CPU and denies at once, well within its 5 s deadline. */
static volatile int stop_spin;

static int spin(void *arg)
{
	(void)arg;
	while (!stop_spin)
		;
	return 0;
}

static void monitor_runs_while_others_spin(void)
{
	Tid spinners[4];
	uint64_t t0, t;
	nk_uint32_t len;
	int made = 0;

	KosThreadSetPriority(KosThreadCurrentId(), 25);
	stop_spin = 0;
	/* four, so that the least-loaded placement puts spinners on both CPUs */
	for (int i = 0; i < 4; i++)
		made += KosThreadCreate(&spinners[i], 20, 0, spin, NULL, 0) == rcOk;
	t0 = bh_hvc0(BH_HC_TIME_UPTIME).r1;
	len = name("denied_while_spinning");
	t = bh_hvc0(BH_HC_TIME_UPTIME).r1 - t0;
	stop_spin = 1;
	for (int i = 0; i < made; i++)
		KosThreadWait(spinners[i], INFINITE_TIMEOUT);
	KosThreadSetPriority(KosThreadCurrentId(), 15);
	EXPECT_EQ("spinners_started", made, 4);
	EXPECT_EQ("monitor_decides_while_others_spin", transport.last_rc, rcSecurityDisallow);
	EXPECT_EQ("monitor_decides_while_others_spin_len", len, 0);
	result("monitor_decides_while_others_spin_fast", t < 2000000000ull, "took ns", t,
	       2000000000ull);
}

/* Only the monitor partition may take events or give verdicts. */
static void monitor_calls_refused(void)
{
	static struct bh_monitor_event ev __attribute__((aligned(8)));
	uint64_t buf = (uint64_t)(uintptr_t)&ev;
	unsigned int n = 0;

	EXPECT_EQ("monitor_wait_refused", bh_hvc1(BH_HC_IPC_MONITOR_WAIT, buf).rc, rcNoCapability);
	/* every id an event might have right now */
	for (uint64_t id = 0; id < 64; id++)
		n += bh_hvc3(BH_HC_IPC_MONITOR_VERDICT, id, BH_VERDICT_GRANT, 0).rc ==
		     rcNoCapability;
	EXPECT_EQ("monitor_verdict_refused", n, 64);
	EXPECT_EQ("monitor_verdict_with_wait_refused",
		  bh_hvc3(BH_HC_IPC_MONITOR_VERDICT, 1, BH_VERDICT_GRANT, buf).rc, rcNoCapability);
	/* and nothing a forged verdict could have granted went through */
	EXPECT_EQ("forged_verdict_changed_nothing", name("denied_abc"), 0);
}

static void service_locator(void)
{
	EXPECT_EQ("riid_of_endpoint", ServiceLocatorGetRiid(calc, "calc"), ipct_Server_calc_riid);
	EXPECT_EQ("unknown_endpoint", ServiceLocatorGetRiid(calc, "nope"), INVALID_RIID);
	EXPECT_EQ("unknown_connection", ServiceLocatorConnect("nope"), INVALID_HANDLE);
	EXPECT_EQ("client_does_not_serve", ServiceLocatorRegister("calc", NULL, 0, NULL),
		  INVALID_HANDLE);
}

/* Messages the hypervisor must refuse before the policy or the server sees them. */
static void malformed(void)
{
	static struct ipct_Calc_Put_req put __attribute__((aligned(8)));
	static struct ipct_Calc_Put_res pres __attribute__((aligned(8)));
	static char arena[64] __attribute__((aligned(8)));
	struct ipct_Calc_Echo_req req;
	struct ipct_Calc_Echo_res res;
	nk_uint32_t before, after, bad;

	counts(&before, &bad);
	nk_msg_init(&req.base, sizeof(req), ipct_Server_calc_riid, ipct_Calc_Echo_mid);
	nk_msg_init(&res.base, sizeof(res), 0, 0);
	req.base.size = sizeof(req) + 8;
	EXPECT_EQ("forged_size", Call(calc, &req.base, &res.base), rcInvalidArgument);
	req.base.size = 0x7fffffff;
	EXPECT_EQ("huge_size", Call(calc, &req.base, &res.base), rcInvalidArgument);
	req.base.size = sizeof(req);
	req.base.mid = 77;
	EXPECT_EQ("unknown_method", Call(calc, &req.base, &res.base), rcInvalidArgument);
	req.base.mid = ipct_Calc_Echo_mid;
	req.base.riid = 5;
	EXPECT_EQ("unknown_endpoint_riid", Call(calc, &req.base, &res.base), rcInvalidArgument);
	req.base.riid = ipct_Server_calc_riid;
	EXPECT_EQ("request_outside_ram", Call(calc, (SMsgHdr *)0x1000, &res.base),
		  rcInvalidArgument);
	EXPECT_EQ("unaligned_request", Call(calc, (SMsgHdr *)((char *)&req + 4), &res.base),
		  rcInvalidArgument);
	EXPECT_EQ("bad_handle", Call(0x12345, &req.base, &res.base), rcInvalidArgument);

	nk_msg_init(&put.base, sizeof(put), ipct_Server_calc_riid, ipct_Calc_Put_mid);
	nk_msg_init(&pres.base, sizeof(pres), 0, 0);
	put.base.arena = (nk_uint64_t)(uintptr_t)arena;
	put.base.arena_size = sizeof(arena);
	put.data.offset = 32;
	put.data.size = 64; /* runs past the arena */
	EXPECT_EQ("forged_arena_chunk", Call(calc, &put.base, &pres.base), rcInvalidArgument);
	put.data.offset = 0;
	put.data.size = 16;
	put.base.arena = 0x1000; /* not the caller's RAM */
	EXPECT_EQ("arena_outside_ram", Call(calc, &put.base, &pres.base), rcInvalidArgument);
	put.base.arena = (nk_uint64_t)(uintptr_t)arena;
	put.base.arena_size = 8; /* the chunk says 16 */
	EXPECT_EQ("arena_size_mismatch", Call(calc, &put.base, &pres.base), rcInvalidArgument);
	EXPECT_EQ("recv_on_client_handle", Recv(calc, &req.base), rcInvalidArgument);
	counts(&after, &bad);
	EXPECT_EQ("malformed_never_arrived", after, before + 1);
}

/* A 4 KiB message through the arena, and one too large for the staging buffer. */
static void large(void)
{
	static unsigned char data[8192];
	static char arena_buf[8192 + 8] __attribute__((aligned(8)));
	struct ipct_Calc_Put_req req;
	struct ipct_Calc_Put_res res = {.sum = 0};
	struct nk_arena arena = NK_ARENA_INITIALIZER(arena_buf, sizeof(arena_buf));
	nk_uint32_t want = 0;
	nk_err_t rc;

	for (size_t i = 0; i < 4096; i++) {
		data[i] = (unsigned char)(i * 7);
		want += data[i];
	}
	nk_arena_store(&arena, &req.data, data, 4096);
	rc = ipct_Calc_Put(&proxy.base, &req, &arena, &res, NULL);
	EXPECT_EQ("put_4k", rc, NK_EOK);
	EXPECT_EQ("put_4k_sum", res.sum, want);
	EXPECT_EQ("put_4k_size", res.size, 4096);
}

/* A second thread rewrites the request while calls are in flight. */
static struct ipct_Calc_Put_req shared_req __attribute__((aligned(8)));
static char shared_arena[64] __attribute__((aligned(8)));
static volatile int stop_tamper;

static int tamper(void *arg)
{
	volatile nk_uint32_t *size = &shared_req.data.size;

	(void)arg;
	while (!stop_tamper) {
		*size = 4096; /* points past the arena */
		for (volatile int i = 0; i < 50; i++)
			;
		*size = 16;
		for (volatile int i = 0; i < 50; i++)
			;
	}
	return 0;
}

static void concurrent_rewrite(void)
{
	static struct ipct_Calc_Put_res res __attribute__((aligned(8)));
	nk_uint32_t received, bad, refused = 0, answered = 0;
	Tid tid;

	memset(shared_arena, 1, sizeof(shared_arena));
	nk_msg_init(&shared_req.base, sizeof(shared_req), ipct_Server_calc_riid, ipct_Calc_Put_mid);
	shared_req.base.arena = (nk_uint64_t)(uintptr_t)shared_arena;
	shared_req.base.arena_size = sizeof(shared_arena);
	shared_req.data.offset = 0;
	shared_req.data.size = 16;
	if (KosThreadCreate(&tid, 15, 0, tamper, NULL, 0) != rcOk) {
		result("concurrent_rewrite", 0, "no thread", 0, 0);
		return;
	}
	for (int i = 0; i < 200; i++) {
		Retcode rc;

		nk_msg_init(&res.base, sizeof(res), 0, 0);
		rc = Call(calc, &shared_req.base, &res.base);
		if (rc == rcInvalidArgument)
			refused++;
		else if (rc == rcOk && res.size == 16 && res.sum == 16)
			answered++;
	}
	stop_tamper = 1;
	KosThreadWait(tid, INFINITE_TIMEOUT);
	counts(&received, &bad);
	EXPECT_EQ("rewrite_all_calls_accounted", refused + answered, 200);
	EXPECT_EQ("rewrite_server_saw_no_bad_chunk", bad, 0);
	printf("rewrite: %u answered, %u refused\n", answered, refused);
}

static void server_thread_gone(void)
{
	struct ipct_Calc_Hang_req req = {.value = 1};
	struct ipct_Calc_Hang_res res;
	nk_err_t rc;

	ipct_Calc_Hang(&proxy.base, &req, NULL, &res, NULL);
	EXPECT_EQ("server_thread_died_holding_request", transport.last_rc, rcNotConnected);
	EXPECT_EQ("server_serves_again", echo(7, &rc), 8);
}

static void server_gone(void)
{
	struct ipct_Calc_proxy gp;
	NkKosTransport gt;
	struct ipct_Calc_Echo_req req = {.value = 1};
	struct ipct_Calc_Echo_res res;

	NkKosTransport_Init(&gt, gone, NULL, 0);
	ipct_Calc_proxy_init(&gp, &gt.base, ipct_Gone_calc_riid);
	ipct_Calc_Echo(&gp.base, &req, NULL, &res, NULL);
	EXPECT_EQ("server_died_holding_request", gt.last_rc, rcNotConnected);
	ipct_Calc_Echo(&gp.base, &req, NULL, &res, NULL);
	EXPECT_EQ("server_stopped", gt.last_rc, rcNotConnected);
	EXPECT_EQ("close_client_handle", KnHandleClose(gone), rcOk);
	ipct_Calc_Echo(&gp.base, &req, NULL, &res, NULL);
	EXPECT_EQ("closed_handle_refused", gt.last_rc, rcInvalidArgument);
}

int main(void)
{
	calc = ServiceLocatorConnect("calc");
	gone = ServiceLocatorConnect("gone");
	if (calc == INVALID_HANDLE || gone == INVALID_HANDLE) {
		printf("FAIL connections: calc 0x%x gone 0x%x\n", calc, gone);
		return 1;
	}
	NkKosTransport_Init(&transport, calc, NULL, 0);
	ipct_Calc_proxy_init(&proxy, &transport.base, ipct_Server_calc_riid);
	/* Let the servers reach Recv first: a call before that waits, which is fine too. */
	KosThreadSleep(200);
	granted_and_denied();
	monitor_decides();
	monitor_calls_refused();
	monitor_runs_while_others_spin();
	service_locator();
	malformed();
	large();
	concurrent_rewrite();
	server_thread_gone();
	server_gone();
	printf("ipc: %d checks, %d failed\n", checks, failures);
	return 0;
}
