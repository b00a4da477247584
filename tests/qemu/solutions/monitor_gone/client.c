// SPDX-License-Identifier: GPL-2.0-only
/*
 * The client of the fail-closed scenario: with the monitor gone, a call whose rule needs it
 * is denied (never delivered, never left waiting) and a statically granted call still works.
 */
#include <stdio.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/sl/sl_api.h>
#include <kos/thread.h>
#include <mg/Server.edl.h>

int main(void)
{
	struct mg_Ops_proxy proxy;
	NkKosTransport transport;
	Handle h = ServiceLocatorConnect("ops");
	struct mg_Ops_Check_req creq = {.value = 1};
	struct mg_Ops_Check_res cres = {.result = 0};
	struct mg_Ops_Plain_req preq = {.value = 1};
	struct mg_Ops_Plain_res pres = {.result = 0};

	if (h == INVALID_HANDLE)
		return 1;
	NkKosTransport_Init(&transport, h, NULL, 0);
	mg_Ops_proxy_init(&proxy, &transport.base, mg_Server_ops_riid);
	mg_Ops_Check(&proxy.base, &creq, NULL, &cres, NULL);
	printf("Check(1): rc 0x%x, result %u\n", (unsigned int)transport.last_rc, cres.result);
	mg_Ops_Plain(&proxy.base, &preq, NULL, &pres, NULL);
	printf("Plain(1): rc 0x%x, result %u\n", (unsigned int)transport.last_rc, pres.result);
	/* once more, long after the monitor went */
	KosThreadSleep(100);
	mg_Ops_Check(&proxy.base, &creq, NULL, &cres, NULL);
	printf("Check(1) again: rc 0x%x, result %u\n", (unsigned int)transport.last_rc,
	       cres.result);
	printf("monitor gone: done\n");
	return 0;
}
