// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ping client: calls Ping and Pong in a fixed order that breaks the policy's alternation
 * twice on purpose (Pong first, then Ping twice in a row) and prints every answer and every
 * denial. The order and therefore the output are the same on every run.
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <ping/Server.edl.h>

static struct ping_Ping_proxy proxy;
static NkKosTransport transport;

static void call(const char *name, nk_uint32_t value)
{
	nk_err_t rc;
	nk_uint32_t result = 0;

	if (name[1] == 'i') {
		struct ping_Ping_Ping_req req = {.value = value};
		struct ping_Ping_Ping_res res = {.result = 0};

		rc = ping_Ping_Ping(&proxy.base, &req, NULL, &res, NULL);
		result = res.result;
	} else {
		struct ping_Ping_Pong_req req = {.value = value};
		struct ping_Ping_Pong_res res = {.result = 0};

		rc = ping_Ping_Pong(&proxy.base, &req, NULL, &res, NULL);
		result = res.result;
	}
	if (rc == NK_EOK)
		printf("%s(%u) = %u\n", name, value, result);
	else if (transport.last_rc == rcSecurityDisallow)
		printf("%s(%u) denied by the policy\n", name, value);
	else
		printf("%s(%u) failed: retcode 0x%x\n", name, value,
		       (unsigned int)transport.last_rc);
}

int main(void)
{
	Handle h = ServiceLocatorConnect("ping_channel");
	nk_iid_t riid;

	if (h == INVALID_HANDLE) {
		fprintf(stderr, "no connection ping_channel\n");
		return EXIT_FAILURE;
	}
	riid = ServiceLocatorGetRiid(h, "pingComp.pingImpl");
	if (riid == INVALID_RIID) {
		fprintf(stderr, "the server has no endpoint pingComp.pingImpl\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, h, NULL, 0);
	ping_Ping_proxy_init(&proxy, &transport.base, riid);
	call("Pong", 1); /* out of turn: Ping comes first */
	call("Ping", 1);
	call("Ping", 2); /* out of turn: Pong is next */
	call("Pong", 2);
	call("Ping", 3);
	call("Pong", 4);
	printf("ping done\n");
	return EXIT_SUCCESS;
}
