// SPDX-License-Identifier: GPL-2.0-only
/*
 * The server of the ReplyRecv scenario: after the first receive, every answer and the next
 * receive are one nk_transport_reply_recv. After each it prints the reply's result
 * (NkKosTransport.last_reply_rc) and the receive's (last_rc), then what it received, so the
 * test sees that a reply that failed still let the next request in.
 */
#include <stdbool.h>
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <kos/thread.h>
#include <rr/Server.edl.h>

static NkKosTransport transport;

static nk_err_t echo_impl(struct rr_Svc *self, struct rr_Svc_Echo_req *req,
			  const struct nk_arena *ra, struct rr_Svc_Echo_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	return NK_EOK;
}

/* Long after the client gave up (its CallEx waits 50 ms): the reply finds nobody waiting. */
static nk_err_t slow_impl(struct rr_Svc *self, struct rr_Svc_Slow_req *req,
			  const struct nk_arena *ra, struct rr_Svc_Slow_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	KosThreadSleep(1000);
	res->result = req->value + 1;
	return NK_EOK;
}

/* A response shorter than its header: the hypervisor must refuse to deliver it. */
static nk_err_t bad_impl(struct rr_Svc *self, struct rr_Svc_Bad_req *req, const struct nk_arena *ra,
			 struct rr_Svc_Bad_res *res, struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	res->base.size = 4;
	return NK_EOK;
}

/* The receive after this answer gives up after req->ms milliseconds. */
static nk_err_t quiet_impl(struct rr_Svc *self, struct rr_Svc_Quiet_req *req,
			   const struct nk_arena *ra, struct rr_Svc_Quiet_res *res,
			   struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	transport.timeout_ms = req->ms;
	res->result = 0;
	return NK_EOK;
}

/* The monitor lets the response through only when the result is below 100. */
static nk_err_t checked_impl(struct rr_Svc *self, struct rr_Svc_Checked_req *req,
			     const struct nk_arena *ra, struct rr_Svc_Checked_res *res,
			     struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	return NK_EOK;
}

static const struct rr_Svc_ops svc_ops = {.Echo = echo_impl,
					  .Slow = slow_impl,
					  .Bad = bad_impl,
					  .Quiet = quiet_impl,
					  .Checked = checked_impl};

static const char *rc_name(Retcode rc)
{
	static char hex[16];

	switch (rc) {
	case rcOk:
		return "rcOk";
	case rcNotConnected:
		return "rcNotConnected";
	case rcInvalidArgument:
		return "rcInvalidArgument";
	case rcTimeout:
		return "rcTimeout";
	case rcSecurityDisallow:
		return "rcSecurityDisallow";
	default:
		snprintf(hex, sizeof(hex), "0x%x", (unsigned int)rc);
		return hex;
	}
}

/* Every method of rr.Svc has one UInt32 in parameter, right after the header. */
static const char *const method_names[] = {"Echo", "Slow", "Bad", "Quiet", "Checked"};

static void describe(const union rr_Server_entity_req *req, char *buf, size_t len)
{
	const char *name = req->base.mid < 5 ? method_names[req->base.mid] : "?";

	snprintf(buf, len, "%s(%u)", name, (unsigned int)req->svc.Echo.value);
}

int main(void)
{
	static union rr_Server_entity_req req;
	static union rr_Server_entity_res res;
	struct rr_Svc svc = {&svc_ops};
	struct rr_Server_entity server;
	Handle listener = ServiceLocatorRegister("svc", NULL, 0, NULL);
	char answered[32];
	nk_err_t rc;
	bool answer;

	if (listener == INVALID_HANDLE) {
		fprintf(stderr, "no listener for svc\n");
		return 1;
	}
	NkKosTransport_Init(&transport, listener, NULL, 0);
	rr_Server_entity_init(&server, &svc);
	printf("serving svc\n");
	req.base.capacity = sizeof(req);
	rc = nk_transport_recv(&transport.base, &req.base, NULL);
	for (;;) {
		if (rc == NK_EOK) {
			describe(&req, answered, sizeof(answered));
			printf("got %s\n", answered);
		}
		res.base.capacity = sizeof(res);
		answer = rc == NK_EOK && rr_Server_entity_dispatch(&server, &req.base, NULL,
								   &res.base, NULL) == NK_EOK;
		req.base.capacity = sizeof(req);
		if (answer) {
			rc = nk_transport_reply_recv(&transport.base, &res.base, NULL, &req.base,
						     NULL);
			printf("after %s: reply %s, receive %s\n", answered,
			       rc_name(transport.last_reply_rc), rc_name(transport.last_rc));
		} else {
			rc = nk_transport_recv(&transport.base, &req.base, NULL);
		}
		transport.timeout_ms = INFINITE_TIMEOUT; /* Quiet's limit is for one receive */
	}
}
