// SPDX-License-Identifier: GPL-2.0-only
/*
 * The security-event scenario (tests/qemu/test_security.c): a partition asks the policy about
 * its own security interface through the generated proxy over the security transport, and
 * with hand-made messages that the hypervisor must refuse. Every line states the call and the
 * Retcode, so the test can check the exact output.
 */
#include <stdio.h>
#include <string.h>

#include <coresrv/nk/transport-kos.h>
#include <coresrv/syscalls.h>
#include <secq/Asker.edl.h>

static NkKosTransport transport;
static struct secq_Sec_proxy proxy;

static void report(const char *call, nk_err_t rc)
{
	printf("%s: %s (rc 0x%x)\n", call,
	       rc == NK_EOK	? "granted"
	       : rc == NK_EPERM ? "denied"
				: "failed",
	       (unsigned int)transport.last_rc);
}

static void value_calls(void)
{
	struct secq_Sec_Allowed_req a = {.value = 1};
	struct secq_Sec_Allowed_res ares;
	struct secq_Sec_Forbidden_req f = {.value = 1};
	struct secq_Sec_Forbidden_res fres;
	struct secq_Sec_Limit_req l;
	struct secq_Sec_Limit_res lres;

	report("Allowed(1)", secq_Sec_Allowed(&proxy.base, &a, NULL, &ares, NULL));
	report("Forbidden(1)", secq_Sec_Forbidden(&proxy.base, &f, NULL, &fres, NULL));
	l.value = 9;
	report("Limit(9)", secq_Sec_Limit(&proxy.base, &l, NULL, &lres, NULL));
	l.value = 10;
	report("Limit(10)", secq_Sec_Limit(&proxy.base, &l, NULL, &lres, NULL));
}

static void create(const char *name)
{
	char buf[64] __attribute__((aligned(8)));
	struct nk_arena arena = NK_ARENA_INITIALIZER(buf, sizeof(buf));
	struct secq_Sec_Create_req req;
	struct secq_Sec_Create_res res;
	char call[64];

	nk_arena_store(&arena, &req.name, name, strlen(name) + 1);
	snprintf(call, sizeof(call), "Create(%s)", name);
	report(call, secq_Sec_Create(&proxy.base, &req, &arena, &res, NULL));
}

/* Messages the proxy would never build: each must get rcInvalidArgument. */
static void malformed(void)
{
	static char arena[16] __attribute__((aligned(8)));
	struct secq_Sec_Limit_req l;
	struct secq_Sec_Create_req c;

	nk_msg_init(&l.base, sizeof(l), secq_Asker_entity_security_riid, secq_Sec_Limit_mid);
	l.value = 1;
	l.base.size = sizeof(l) + 8; /* not the size of Limit's request */
	printf("forged size: rc 0x%x\n", (unsigned int)KnSecurityCall(&l.base));
	nk_msg_init(&l.base, sizeof(l), 0, secq_Sec_Limit_mid); /* riid 0: no endpoint */
	printf("endpoint riid: rc 0x%x\n", (unsigned int)KnSecurityCall(&l.base));
	nk_msg_init(&l.base, sizeof(l), secq_Asker_entity_security_riid, 7); /* no such method */
	printf("bad method: rc 0x%x\n", (unsigned int)KnSecurityCall(&l.base));
	nk_msg_init(&c.base, sizeof(c), secq_Asker_entity_security_riid, secq_Sec_Create_mid);
	memcpy(arena, "ok_abc", 7);
	c.base.arena = (nk_uint64_t)(uintptr_t)arena;
	c.base.arena_size = sizeof(arena);
	c.name.offset = 8;
	c.name.size = 16; /* runs past the arena */
	printf("forged chunk: rc 0x%x\n", (unsigned int)KnSecurityCall(&c.base));
	printf("outside RAM: rc 0x%x\n", (unsigned int)KnSecurityCall((const SMsgHdr *)0x1000));
}

int main(void)
{
	NkKosSecurityTransport_Init(&transport);
	secq_Sec_proxy_init(&proxy, &transport.base, secq_Asker_entity_security_riid);
	value_calls();
	create("ok_abc");
	create("bad_abc");
	create("ok_ABC");
	malformed();
	/* the static grant again, after everything above */
	value_calls();
	printf("security: done\n");
	return 0;
}
