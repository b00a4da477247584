// SPDX-License-Identifier: GPL-2.0-only
/* The server of the fail-closed scenario: answers value + 1 and prints what arrives. */
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <mg/Server.edl.h>

static nk_err_t check_impl(struct mg_Ops *self, struct mg_Ops_Check_req *req,
			   const struct nk_arena *ra, struct mg_Ops_Check_res *res,
			   struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	printf("Check arrived (it must not)\n");
	res->result = req->value + 1;
	return NK_EOK;
}

static nk_err_t plain_impl(struct mg_Ops *self, struct mg_Ops_Plain_req *req,
			   const struct nk_arena *ra, struct mg_Ops_Plain_res *res,
			   struct nk_arena *sa)
{
	(void)self, (void)ra, (void)sa;
	res->result = req->value + 1;
	return NK_EOK;
}

static const struct mg_Ops_ops ops = {.Check = check_impl, .Plain = plain_impl};

int main(void)
{
	static union mg_Server_entity_req req;
	static union mg_Server_entity_res res;
	struct mg_Ops impl = {&ops};
	struct mg_Server_entity server;
	NkKosTransport transport;
	Handle listener = ServiceLocatorRegister("ops", NULL, 0, NULL);

	if (listener == INVALID_HANDLE)
		return 1;
	NkKosTransport_Init(&transport, listener, NULL, 0);
	mg_Server_entity_init(&server, &impl);
	for (;;) {
		req.base.capacity = sizeof(req);
		if (nk_transport_recv(&transport.base, &req.base, NULL) != NK_EOK)
			continue;
		res.base.capacity = sizeof(res);
		if (mg_Server_entity_dispatch(&server, &req.base, NULL, &res.base, NULL) == NK_EOK)
			nk_transport_reply(&transport.base, &res.base, NULL);
	}
}
