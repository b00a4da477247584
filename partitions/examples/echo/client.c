// SPDX-License-Identifier: GPL-2.0-only
/*
 * The echo client: finds its channel and the server's endpoint through the service locator,
 * calls Ping with a few values through the idlc-generated proxy and prints the answers.
 */
#include <stdio.h>
#include <stdlib.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <echo/Server.edl.h>

int main(void)
{
	struct echo_Ping_proxy proxy;
	NkKosTransport transport;
	Handle h = ServiceLocatorConnect("echo_channel");
	nk_iid_t riid;

	if (h == INVALID_HANDLE) {
		fprintf(stderr, "no connection echo_channel\n");
		return EXIT_FAILURE;
	}
	riid = ServiceLocatorGetRiid(h, "OpsComp.ping");
	if (riid == INVALID_RIID) {
		fprintf(stderr, "the server has no endpoint OpsComp.ping\n");
		return EXIT_FAILURE;
	}
	NkKosTransport_Init(&transport, h, NULL, 0);
	echo_Ping_proxy_init(&proxy, &transport.base, riid);
	for (nk_uint32_t value = 5; value < 10; value++) {
		struct echo_Ping_Ping_req req = {.value = value};
		struct echo_Ping_Ping_res res;
		nk_err_t rc = echo_Ping_Ping(&proxy.base, &req, NULL, &res, NULL);

		if (rc != NK_EOK) {
			printf("Ping(%u) failed: nk error %d, retcode 0x%x\n", value, (int)rc,
			       (unsigned int)transport.last_rc);
			return EXIT_FAILURE;
		}
		printf("Ping(%u) = %u\n", value, res.result);
	}
	printf("echo done\n");
	return EXIT_SUCCESS;
}
