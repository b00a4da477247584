// SPDX-License-Identifier: GPL-2.0-only
/* A server that takes one request and exits without answering it. */
#include <stdio.h>

#include <coresrv/sl/sl_api.h>
#include <coresrv/syscalls.h>
#include <ipct/Gone.edl.h>

int main(void)
{
	static union ipct_Gone_entity_req req;
	Handle listener = ServiceLocatorRegister("gone", NULL, 0, NULL);
	Retcode rc;

	req.base.capacity = sizeof(req);
	rc = Recv(listener, &req.base);
	printf("took a request (rc 0x%x) and leaves without answering\n", (unsigned int)rc);
	return 0;
}
