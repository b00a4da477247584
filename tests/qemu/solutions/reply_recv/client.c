// SPDX-License-Identifier: GPL-2.0-only
/*
 * The client of the ReplyRecv scenario (tests/qemu/test_reply_recv.c): a round trip; a call
 * that stops waiting before the server answers, then one the server receives in the same
 * ReplyRecv whose reply failed; a call the server answers with a malformed response; replies
 * the monitor grants and denies; a pause longer than the server's receive may wait. Each check
 * prints PASS or FAIL with its name.
 */
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <kos/thread.h>
#include <rr/Server.edl.h>

static int failed, checks;

static void check(const char *name, int ok)
{
	checks++;
	failed += !ok;
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
}

static struct rr_Svc_proxy proxy, proxy2;
static NkKosTransport transport, transport2;

static nk_err_t echo_on(struct rr_Svc_proxy *px, nk_uint32_t value, nk_uint32_t *result)
{
	struct rr_Svc_Echo_req req = {.value = value};
	struct rr_Svc_Echo_res res = {.result = 0};
	nk_err_t rc = rr_Svc_Echo(&px->base, &req, NULL, &res, NULL);

	*result = res.result;
	return rc;
}

static nk_err_t echo(nk_uint32_t value, nk_uint32_t *result)
{
	return echo_on(&proxy, value, result);
}

int main(void)
{
	Handle h = ServiceLocatorConnect("svc"), h2 = ServiceLocatorConnect("svc2");
	nk_uint32_t result = 0;
	nk_err_t rc;

	if (h == INVALID_HANDLE || h2 == INVALID_HANDLE) {
		fprintf(stderr, "no connection svc or svc2\n");
		return 1;
	}
	NkKosTransport_Init(&transport, h, NULL, 0);
	rr_Svc_proxy_init(&proxy, &transport.base, rr_Server_svc_riid);
	NkKosTransport_Init(&transport2, h2, NULL, 0);
	rr_Svc_proxy_init(&proxy2, &transport2.base, rr_Server_svc_riid);

	rc = echo(1, &result);
	check("round_trip", rc == NK_EOK && result == 2);

	/* Slow answers after a second; this call gives up after 50 ms. */
	struct rr_Svc_Slow_req sreq = {.value = 2};
	struct rr_Svc_Slow_res sres;

	transport.timeout_ms = 50;
	rr_Svc_Slow(&proxy.base, &sreq, NULL, &sres, NULL);
	transport.timeout_ms = INFINITE_TIMEOUT;
	check("slow_call_timed_out", transport.last_rc == rcTimeout);
	/* Sent (on the other channel: the first still holds Slow) while the server still works
	 * on Slow; its reply fails, and the same ReplyRecv must still receive this. */
	rc = echo_on(&proxy2, 3, &result);
	check("received_after_failed_reply", rc == NK_EOK && result == 4);

	struct rr_Svc_Bad_req breq = {.value = 5};
	struct rr_Svc_Bad_res bres;

	rr_Svc_Bad(&proxy.base, &breq, NULL, &bres, NULL);
	check("malformed_response_not_delivered", transport.last_rc == rcTransferError);
	rc = echo(6, &result);
	check("received_after_malformed_reply", rc == NK_EOK && result == 7);

	/* The monitor decides Checked's response: a reply it grants, then one it denies. */
	struct rr_Svc_Checked_req creq = {.value = 10};
	struct rr_Svc_Checked_res cres = {.result = 0};

	rc = rr_Svc_Checked(&proxy.base, &creq, NULL, &cres, NULL);
	check("monitor_granted_reply", rc == NK_EOK && cres.result == 11);
	creq.value = 200;
	cres.result = 0;
	rc = rr_Svc_Checked(&proxy.base, &creq, NULL, &cres, NULL);
	check("monitor_denied_reply",
	      rc == NK_EPERM && transport.last_rc == rcSecurityDisallow && cres.result == 0);
	rc = echo(20, &result);
	check("received_after_denied_reply", rc == NK_EOK && result == 21);

	/* The server's receive after answering Quiet waits 200 ms; this pause is longer. */
	struct rr_Svc_Quiet_req qreq = {.ms = 200};
	struct rr_Svc_Quiet_res qres;

	rc = rr_Svc_Quiet(&proxy.base, &qreq, NULL, &qres, NULL);
	check("quiet_answered", rc == NK_EOK);
	KosThreadSleep(1500);
	rc = echo(8, &result);
	check("received_after_receive_timeout", rc == NK_EOK && result == 9);

	printf("reply_recv: %d checks, %d failed\n", checks, failed);
	return 0;
}
