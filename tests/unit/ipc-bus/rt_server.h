/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test implementation of rt.Every (tests/unit/ipc-bus/idl) behind a loopback transport:
 * a server class rt.Server with the interface at riid 0 (every) and riid 1 (sub.again).
 */
#ifndef TESTS_RT_SERVER_H
#define TESTS_RT_SERVER_H

#include <rt/Server.edl.h>

#include "loopback.h"

struct rt_fixture {
	struct rt_Every every, again; /* the two endpoints' implementations */
	struct rt_Sub_component sub;
	struct rt_Server_entity entity;
	struct loopback *lb;
	unsigned int calls[2]; /* per endpoint */
	int corrupt_response;  /* Texts: make the server send a bad chunk */
	/* Client side. */
	struct rt_Every_proxy proxy; /* to riid 0 */
	_Alignas(8) char req_buf[4096], res_buf[4096];
	struct nk_arena req_arena, res_arena;
};

/* Sets everything up; the proxy talks to `every` (riid 0). */
void rt_fixture_init(struct rt_fixture *fx);
void rt_fixture_fini(struct rt_fixture *fx);

#endif
