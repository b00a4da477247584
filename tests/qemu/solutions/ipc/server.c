// SPDX-License-Identifier: GPL-2.0-only
/*
 * The server of the IPC scenarios: Echo answers value + 1, Leak the same (its response is
 * denied by the policy), Put sums the bytes it received, Name answers the length of its text,
 * Double twice its value (the monitor denies results of 100 and more), Count says how many
 * requests arrived, how many carried an arena chunk the arena helpers refused (must stay 0),
 * and how many of its replies the policy refused.
 */
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <ipct/Server.edl.h>
#include <kos/thread.h>

static nk_uint32_t received, bad, refused;

static nk_err_t echo_impl(struct ipct_Calc *self, struct ipct_Calc_Echo_req *req,
			  const struct nk_arena *ra, struct ipct_Calc_Echo_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	return NK_EOK;
}

static nk_err_t forbidden_impl(struct ipct_Calc *self, struct ipct_Calc_Forbidden_req *req,
			       const struct nk_arena *ra, struct ipct_Calc_Forbidden_res *res,
			       struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	printf("Forbidden arrived (it must not)\n");
	res->result = req->value;
	return NK_EOK;
}

static nk_err_t leak_impl(struct ipct_Calc *self, struct ipct_Calc_Leak_req *req,
			  const struct nk_arena *ra, struct ipct_Calc_Leak_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	return NK_EOK;
}

static nk_err_t put_impl(struct ipct_Calc *self, struct ipct_Calc_Put_req *req,
			 const struct nk_arena *ra, struct ipct_Calc_Put_res *res,
			 struct nk_arena *sa)
{
	size_t size = 0;
	const unsigned char *p = nk_arena_get(ra, &req->data, &size);
	nk_uint32_t sum = 0;

	(void)self, (void)sa;
	if (!p && req->data.size) {
		bad++;
		return NK_EINVAL;
	}
	for (size_t i = 0; i < size; i++)
		sum += p[i];
	res->sum = sum;
	res->size = (nk_uint32_t)size;
	return NK_EOK;
}

static nk_err_t count_impl(struct ipct_Calc *self, struct ipct_Calc_Count_req *req,
			   const struct nk_arena *ra, struct ipct_Calc_Count_res *res,
			   struct nk_arena *sa)
{
	(void)self, (void)req, (void)ra, (void)sa;
	res->received = received;
	res->bad = bad;
	res->refused = refused;
	return NK_EOK;
}

static nk_err_t name_impl(struct ipct_Calc *self, struct ipct_Calc_Name_req *req,
			  const struct nk_arena *ra, struct ipct_Calc_Name_res *res,
			  struct nk_arena *sa)
{
	size_t size = 0;
	const char *p = nk_arena_get(ra, &req->name, &size);

	(void)self, (void)sa;
	res->length = p && size ? (nk_uint32_t)(size - 1) : 0;
	return NK_EOK;
}

static nk_err_t double_impl(struct ipct_Calc *self, struct ipct_Calc_Double_req *req,
			    const struct nk_arena *ra, struct ipct_Calc_Double_res *res,
			    struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value * 2;
	return NK_EOK;
}

/* The serving thread ends holding the request: its client must get an error, not hang. */
static nk_err_t hang_impl(struct ipct_Calc *self, struct ipct_Calc_Hang_req *req,
			  const struct nk_arena *ra, struct ipct_Calc_Hang_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)req, (void)ra, (void)res, (void)sa;
	KosThreadExit(0);
}

static const struct ipct_Calc_ops calc_ops = {
    .Echo = echo_impl,
    .Forbidden = forbidden_impl,
    .Leak = leak_impl,
    .Put = put_impl,
    .Count = count_impl,
    .Hang = hang_impl,
    .Name = name_impl,
    .Double = double_impl,
};

static Handle listener;

/* One serving thread at a time; main starts another when one ends (Hang). */
static int serve(void *arg)
{
	static union ipct_Server_entity_req req;
	static union ipct_Server_entity_res res;
	static char req_arena_buf[ipct_Calc_req_arena_max + 8] __attribute__((aligned(8)));
	struct ipct_Calc calc = {&calc_ops};
	struct ipct_Server_entity server;
	NkKosTransport transport;

	(void)arg;
	NkKosTransport_Init(&transport, listener, NULL, 0);
	ipct_Server_entity_init(&server, &calc);
	for (;;) {
		struct nk_arena ra = NK_ARENA_INITIALIZER(req_arena_buf, sizeof(req_arena_buf));

		req.base.capacity = sizeof(req);
		if (nk_transport_recv(&transport.base, &req.base, &ra) != NK_EOK)
			continue;
		received++;
		res.base.capacity = sizeof(res);
		if (ipct_Server_entity_dispatch(&server, &req.base, &ra, &res.base, NULL) ==
			NK_EOK &&
		    nk_transport_reply(&transport.base, &res.base, NULL) != NK_EOK &&
		    transport.last_rc == rcSecurityDisallow)
			refused++;
	}
	return 0;
}

int main(void)
{
	Tid tid;

	listener = ServiceLocatorRegister("calc", NULL, 0, NULL);
	if (listener == INVALID_HANDLE) {
		fprintf(stderr, "no listener for calc\n");
		return 1;
	}
	printf("serving calc\n");
	for (;;) {
		if (KosThreadCreate(&tid, 15, 0, serve, NULL, 0) != rcOk)
			return 1;
		KosThreadWait(tid, INFINITE_TIMEOUT);
		printf("a serving thread ended; starting another\n");
	}
}
