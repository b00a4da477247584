// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the IPC server, answering through the generated dispatcher; each answer and the
 * next receive are one nk_transport_reply_recv (one trap).
 */
#include <stdbool.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <bench/Server.edl.h>

static nk_err_t echo_impl(struct bench_Echo *self, struct bench_Echo_Echo_req *req,
			  const struct nk_arena *ra, struct bench_Echo_Echo_res *res,
			  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value;
	return NK_EOK;
}

static nk_err_t put_impl(struct bench_Echo *self, struct bench_Echo_Put_req *req,
			 const struct nk_arena *ra, struct bench_Echo_Put_res *res,
			 struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->size = req->data.size;
	return NK_EOK;
}

static nk_err_t echo_checked_impl(struct bench_Echo *self, struct bench_Echo_EchoChecked_req *req,
				  const struct nk_arena *ra, struct bench_Echo_EchoChecked_res *res,
				  struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value;
	return NK_EOK;
}

static nk_err_t put_checked_impl(struct bench_Echo *self, struct bench_Echo_PutChecked_req *req,
				 const struct nk_arena *ra, struct bench_Echo_PutChecked_res *res,
				 struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->size = req->data.size;
	return NK_EOK;
}

static const struct bench_Echo_ops ops = {.Echo = echo_impl,
					  .Put = put_impl,
					  .EchoChecked = echo_checked_impl,
					  .PutChecked = put_checked_impl};

int main(void)
{
	static union bench_Server_entity_req req;
	static union bench_Server_entity_res res;
	static char arena_buf[bench_Echo_req_arena_max + 8] __attribute__((aligned(8)));
	struct nk_arena ra = NK_ARENA_INITIALIZER(arena_buf, sizeof(arena_buf));
	struct bench_Echo echo = {&ops};
	struct bench_Server_entity server;
	NkKosTransport t;
	nk_err_t rc;
	bool answer;

	NkKosTransport_Init(&t, ServiceLocatorRegister("echo", NULL, 0, NULL), NULL, 0);
	bench_Server_entity_init(&server, &echo);
	req.base.capacity = sizeof(req);
	rc = nk_transport_recv(&t.base, &req.base, &ra);
	for (;;) {
		/* The transport sets ra's used part on every receive. */
		res.base.capacity = sizeof(res);
		answer = rc == NK_EOK && bench_Server_entity_dispatch(&server, &req.base, &ra,
								      &res.base, NULL) == NK_EOK;
		req.base.capacity = sizeof(req);
		if (answer)
			rc = nk_transport_reply_recv(&t.base, &res.base, NULL, &req.base, &ra);
		else
			rc = nk_transport_recv(&t.base, &req.base, &ra);
	}
}
