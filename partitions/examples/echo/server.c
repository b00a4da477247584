// SPDX-License-Identifier: GPL-2.0-only
/*
 * The echo server: answers Ping(value) with value + 1. It registers under the connection id,
 * then receives, dispatches through the idlc-generated entity dispatcher, and answers each
 * request and waits for the next in one nk_transport_reply_recv, for ever.
 */
#include <stdbool.h>
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <echo/Server.edl.h>

static nk_err_t ping_impl(struct echo_Ping *self, struct echo_Ping_Ping_req *req,
			  const struct nk_arena *req_arena, struct echo_Ping_Ping_res *res,
			  struct nk_arena *res_arena)
{
	(void)self;
	(void)req_arena;
	(void)res_arena;
	res->result = req->value + 1;
	return NK_EOK;
}

static const struct echo_Ping_ops ping_ops = {.Ping = ping_impl};

int main(void)
{
	struct echo_Ping ping = {&ping_ops};
	struct echo_Ops_component ops;
	struct echo_Server_entity server;
	union echo_Server_entity_req req;
	union echo_Server_entity_res res;
	NkKosTransport transport;
	nk_err_t rc;
	bool answer;
	Handle listener = ServiceLocatorRegister("echo_channel", NULL, 0, NULL);

	if (listener == INVALID_HANDLE) {
		fprintf(stderr, "no listener for echo_channel\n");
		return 1;
	}
	NkKosTransport_Init(&transport, listener, NULL, 0);
	echo_Ops_component_init(&ops, &ping);
	echo_Server_entity_init(&server, &ops);
	printf("serving echo_channel\n");
	req.base.capacity = sizeof(req);
	rc = nk_transport_recv(&transport.base, &req.base, NULL);
	for (;;) {
		res.base.capacity = sizeof(res);
		answer = rc == NK_EOK && echo_Server_entity_dispatch(&server, &req.base, NULL,
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
