// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ping server: answers Ping(value) and Pong(value) with value + 1, and says which calls
 * reached it (the denied ones never do).
 */
#include <stdbool.h>
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <ping/Server.edl.h>

static nk_err_t ping_impl(struct ping_Ping *self, struct ping_Ping_Ping_req *req,
			  const struct nk_arena *req_arena, struct ping_Ping_Ping_res *res,
			  struct nk_arena *res_arena)
{
	(void)self, (void)req_arena, (void)res_arena;
	printf("got Ping(%u)\n", req->value);
	res->result = req->value + 1;
	return NK_EOK;
}

static nk_err_t pong_impl(struct ping_Ping *self, struct ping_Ping_Pong_req *req,
			  const struct nk_arena *req_arena, struct ping_Ping_Pong_res *res,
			  struct nk_arena *res_arena)
{
	(void)self, (void)req_arena, (void)res_arena;
	printf("got Pong(%u)\n", req->value);
	res->result = req->value + 1;
	return NK_EOK;
}

static const struct ping_Ping_ops ping_ops = {.Ping = ping_impl, .Pong = pong_impl};

int main(void)
{
	struct ping_Ping impl = {&ping_ops};
	struct ping_Control_component control;
	struct ping_Server_entity server;
	union ping_Server_entity_req req;
	union ping_Server_entity_res res;
	NkKosTransport transport;
	nk_err_t rc;
	bool answer;
	Handle listener = ServiceLocatorRegister("ping_channel", NULL, 0, NULL);

	if (listener == INVALID_HANDLE) {
		fprintf(stderr, "no listener for ping_channel\n");
		return 1;
	}
	NkKosTransport_Init(&transport, listener, NULL, 0);
	ping_Control_component_init(&control, &impl);
	ping_Server_entity_init(&server, &control);
	printf("serving ping_channel\n");
	req.base.capacity = sizeof(req);
	rc = nk_transport_recv(&transport.base, &req.base, NULL);
	for (;;) {
		res.base.capacity = sizeof(res);
		answer = rc == NK_EOK && ping_Server_entity_dispatch(&server, &req.base, NULL,
								     &res.base, NULL) == NK_EOK;
		/* Answer and wait for the next request in one call; without an answer (a request
		 * the dispatcher refused), just wait. */
		req.base.capacity = sizeof(req);
		if (answer)
			rc = nk_transport_reply_recv(&transport.base, &res.base, NULL, &req.base,
						     NULL);
		else
			rc = nk_transport_recv(&transport.base, &req.base, NULL);
	}
}
