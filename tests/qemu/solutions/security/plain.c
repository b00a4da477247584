// SPDX-License-Identifier: GPL-2.0-only
/*
 * The partition without a security interface (tests/qemu/test_security.c): its security call
 * is refused with rcResourceNotFound and a log line naming it.
 */
#include <stdio.h>

#include <coresrv/syscalls.h>

int main(void)
{
	SMsgHdr h = {.size = sizeof(h), .capacity = sizeof(h), .riid = BH_MSG_RIID_SECURITY};

	printf("plain: rc 0x%x\n", (unsigned int)KnSecurityCall(&h));
	return 0;
}
