// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the IPC path (hyp/core/ipc.c) with the policy and schema the build compiles
 * from tests/unit/hyp/ipc/: channel set-up from a manifest, the handles and names a partition
 * gets at load, the one copy into the staging buffer and its bounds checks, validation, the
 * verdict table's decisions, delivery, and what a client sees when its server misbehaves or
 * goes away. The scheduler is a recorder (ipc_world.c): each test drives the client and the
 * server one hypercall at a time.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/hypercall.h>
#include <hyp/ipc.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <ipch/Server.edl.h>
#include <uapi/bulkhead/handle.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/retcode.h>

#include "unit/hyp/fake_mem.h"
#include "unit/hyp/ipc_world.h"

enum { CLIENT, SERVER, INTRUDER, NPARTS };

/* Where each side keeps its buffers in its RAM. */
#define REQ_IPA (IPC_WORLD_RAM_IPA + 0x1000)
#define RES_IPA (IPC_WORLD_RAM_IPA + 0x2000)
#define ARENA_IPA (IPC_WORLD_RAM_IPA + 0x4000)
#define RECV_IPA (IPC_WORLD_RAM_IPA + 0x8000)
#define RECV_ARENA_IPA (IPC_WORLD_RAM_IPA + 0xa000)
#define SEND_IPA (IPC_WORLD_RAM_IPA + 0xe000)
#define END_IPA (IPC_WORLD_RAM_IPA + IPC_WORLD_RAM_SIZE - 64) /* a header just fits */

static struct manifest manifest;
static struct package package;
static struct bh_boot_info boot[NPARTS];
static uint32_t client_h, listener_h;

static uint32_t client2_h;

/* Client -> Server over "calc_ch" (and "calc2_ch" when two); an Intruder the policy does not
 * let start. */
static void load_world(bool two)
{
	fake_mem_setup();
	ipc_world_package(&package, BH_IPC_TEST_GEN "/policy.psli",
			  BH_IPC_TEST_GEN "/ipch/Server.edl.schema");
	strcpy(manifest.policy, "policy");
	ipc_world_describe(&manifest, CLIENT, "Client", "ipch.Client", ROLE_COMPONENT);
	ipc_world_describe(&manifest, SERVER, "Server", "ipch.Server", ROLE_COMPONENT);
	ipc_world_describe(&manifest, INTRUDER, "Intruder", "ipch.Intruder", ROLE_COMPONENT);
	strcpy(manifest.part[SERVER].schema, "schema-1");
	ipc_world_connect(&manifest, CLIENT, "calc_ch", SERVER);
	if (two)
		ipc_world_connect(&manifest, CLIENT, "calc2_ch", SERVER);
	ipc_world_load(&manifest, &package, boot, NPARTS, IPC_WORLD_NO_MONITOR);
	client_h = boot[CLIENT].channels[0].handle;
	client2_h = two ? boot[CLIENT].channels[1].handle : 0;
	listener_h = boot[SERVER].channels[0].handle;
}

static void world(void)
{
	load_world(false);
}

TestSuite(ipc_host, .init = world);

/* The client's Echo request and an empty response buffer. */
/* The client's Echo(value) request at req_ipa, with an empty response buffer at res_ipa. */
static struct ipch_Calc_Echo_req *echo_req_at(uint64_t req_ipa, uint64_t res_ipa,
					      uint32_t value)
{
	struct ipch_Calc_Echo_req *req = ipc_world_at(CLIENT, req_ipa);
	SMsgHdr *res = ipc_world_at(CLIENT, res_ipa);

	memset(req, 0, sizeof(*req));
	req->base.size = sizeof(*req);
	req->base.riid = 0;
	req->base.mid = ipch_Calc_Echo_mid;
	req->value = value;
	memset(res, 0, sizeof(struct ipch_Calc_Echo_res));
	res->capacity = sizeof(struct ipch_Calc_Echo_res);
	return req;
}

static struct ipch_Calc_Echo_req *echo_req(uint32_t value)
{
	return echo_req_at(REQ_IPA, RES_IPA, value);
}

static int call(uint32_t t)
{
	return ipc_world_hc(ipc_world_thread(CLIENT, t), BH_HC_IPC_CALL, client_h, REQ_IPA, RES_IPA,
			    BH_TIMEOUT_INFINITE);
}

/* The server's receive buffer: room for any request of Calc. */
static int recv_on(uint32_t t, uint32_t timeout)
{
	SMsgHdr *buf = ipc_world_at(SERVER, RECV_IPA);

	memset(buf, 0, 0x100);
	buf->capacity = sizeof(union ipch_Calc_req);
	buf->arena = RECV_ARENA_IPA;
	buf->arena_capacity = 8192;
	return ipc_world_hc(ipc_world_thread(SERVER, t), BH_HC_IPC_RECV, listener_h, RECV_IPA,
			    timeout, 0);
}

static int reply_echo(uint32_t t, uint32_t result)
{
	struct ipch_Calc_Echo_res *res = ipc_world_at(SERVER, SEND_IPA);

	memset(res, 0, sizeof(*res));
	res->base.size = sizeof(*res);
	res->base.mid = ipch_Calc_Echo_mid;
	res->result = result;
	return ipc_world_hc(ipc_world_thread(SERVER, t), BH_HC_IPC_REPLY, listener_h, SEND_IPA, 0,
			    0);
}

/* The server thread t answers Echo with result and at once waits for the next request. */
static int reply_recv_echo(uint32_t t, uint32_t result, uint32_t timeout)
{
	ipc_world_echo_reply(SERVER, SEND_IPA, RECV_IPA, result);
	return ipc_world_hc(ipc_world_thread(SERVER, t), BH_HC_IPC_REPLY_RECV, listener_h,
			    SEND_IPA, RECV_IPA, timeout);
}

Test(ipc_host, load_gives_named_handles_without_transfer)
{
	uint64_t r[4];
	uint64_t x[6] = {0};

	cr_assert_eq(boot[CLIENT].nchannels, 1);
	cr_expect_str_eq(boot[CLIENT].channels[0].name, "calc_ch");
	cr_expect_eq(boot[CLIENT].channels[0].role, BH_CHANNEL_CLIENT);
	cr_assert_eq(boot[SERVER].nchannels, 1);
	cr_expect_str_eq(boot[SERVER].channels[0].name, "calc_ch");
	cr_expect_eq(boot[SERVER].channels[0].role, BH_CHANNEL_SERVER);
	cr_expect_eq(boot[INTRUDER].nchannels, 0);

	/* The types are right and nobody can pass an IPC handle on. */
	x[0] = client_h;
	cr_assert_eq(handle_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_HANDLE_INFO, x, r), rcOk);
	cr_expect_eq(r[0], BH_HANDLE_TYPE_IPC_CLIENT);
	cr_expect_eq(r[1] & BH_RIGHT_TRANSFER, 0);
	x[0] = listener_h;
	cr_assert_eq(handle_hypercall(ipc_world_thread(SERVER, 0), BH_HC_HANDLE_INFO, x, r), rcOk);
	cr_expect_eq(r[0], BH_HANDLE_TYPE_IPC_LISTENER);
	x[1] = BH_RIGHTS_FULL;
	cr_expect_eq(handle_hypercall(ipc_world_thread(SERVER, 0), BH_HC_HANDLE_COPY, x, r),
		     rcNoCapability);
	/* A handle is only good in its own table. */
	cr_expect_eq(ipc_world_hc(ipc_world_thread(INTRUDER, 0), BH_HC_IPC_CALL, client_h, REQ_IPA,
				  RES_IPA, 0),
		     rcInvalidArgument);
}

Test(ipc_host, execute_follows_the_policy)
{
	cr_expect(ipc_may_execute(&partitions[CLIENT]));
	cr_expect(ipc_may_execute(&partitions[SERVER]));
	cr_expect_not(ipc_may_execute(&partitions[INTRUDER]));
}

Test(ipc_host, a_round_trip_delivers_both_ways)
{
	struct ipch_Calc_Echo_req *got = ipc_world_at(SERVER, RECV_IPA);
	struct ipch_Calc_Echo_res *res = ipc_world_at(CLIENT, RES_IPA);

	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	cr_expect_eq(ipc_world_thread(SERVER, 0)->state, VCPU_BLOCKED);
	echo_req(41);
	cr_assert_eq(call(0), rcOk);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->state, VCPU_BLOCKED);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_CALL);
	/* The waiting server thread got the request. */
	cr_assert_eq(ipc_world_wake(SERVER, 0)->woken, 1);
	cr_assert_eq(ipc_world_wake(SERVER, 0)->rc, rcOk);
	cr_expect_eq(got->value, 41);
	cr_expect_eq(got->base.size, sizeof(*got));
	cr_expect_eq(got->base.capacity, sizeof(union ipch_Calc_req), "the receiver keeps its own");
	cr_expect_eq(got->base.arena, 0, "no arena arrived");

	cr_assert_eq(reply_echo(0, 42), rcOk);
	cr_assert_eq(ipc_world_wake(CLIENT, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
	cr_expect_eq(res->result, 42);
	cr_expect_eq(res->base.mid, ipch_Calc_Echo_mid);
	cr_expect_eq(res->base.riid, 0);
	cr_expect_eq(res->base.capacity, sizeof(*res));
	/* The channel is free again. */
	echo_req(43);
	cr_expect_eq(call(0), rcOk);
}

Test(ipc_host, the_server_gets_the_staged_copy_not_the_buffer)
{
	struct ipch_Calc_Echo_req *req, *got = ipc_world_at(SERVER, RECV_IPA);

	req = echo_req(7);
	cr_assert_eq(call(0), rcOk); /* no server waits: the request stays staged */
	req->value = 666;	     /* a second client thread rewrites it meanwhile */
	req->base.size = 0xffffffff;
	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	cr_expect_eq(got->value, 7);
	cr_expect_eq(got->base.size, sizeof(*got));
}

/* Each forged request is refused with rc, nothing reaches the server, and the channel stays
 * usable. */
static void expect_refused(int rc, const char *what)
{
	cr_expect_eq(call(0), rc, "%s", what);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->state, VCPU_RUNNING,
		     "%s: the caller did not block", what);
	cr_expect_eq(recv_on(0, 0), rcTimeout, "%s: nothing was staged", what);
}

Test(ipc_host, forged_requests_are_refused_before_anything_is_staged)
{
	struct ipch_Calc_Echo_req *req;
	struct ipch_Calc_Put_req *put;

	req = echo_req(1);
	req->base.size = sizeof(SMsgHdr) - 1;
	expect_refused(rcInvalidArgument, "size below the header");
	req->base.size = sizeof(*req) + 4;
	expect_refused(rcInvalidArgument, "size longer than the method's");
	req->base.size = IPC_WORLD_RAM_SIZE;
	expect_refused(rcBufferTooLarge, "64 KiB: larger than the staging buffer");
	req->base.size = IPC_STAGING_SIZE + 8;
	expect_refused(rcBufferTooLarge, "larger than the staging buffer");
	memcpy(ipc_world_at(CLIENT, END_IPA), req, sizeof(*req));
	((SMsgHdr *)ipc_world_at(CLIENT, END_IPA))->size = 1024;
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, END_IPA,
				  RES_IPA, BH_TIMEOUT_INFINITE),
		     rcInvalidArgument, "size running off the end of RAM");
	req->base.size = 0xffffffffu;
	expect_refused(rcInvalidArgument, "size 4 GiB");

	req = echo_req(1);
	req->base.riid = 5;
	expect_refused(rcInvalidArgument, "unknown endpoint");
	req = echo_req(1);
	req->base.mid = 9;
	expect_refused(rcInvalidArgument, "unknown method");
	req = echo_req(1);
	req->base.flags = 0x8000;
	expect_refused(rcInvalidArgument, "unknown flag");

	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h,
				  REQ_IPA + 4, RES_IPA, BH_TIMEOUT_INFINITE),
		     rcInvalidArgument, "misaligned request header");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, 0x1000,
				  RES_IPA, BH_TIMEOUT_INFINITE),
		     rcInvalidArgument, "request outside RAM");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, REQ_IPA,
				  IPC_WORLD_RAM_IPA + IPC_WORLD_RAM_SIZE, BH_TIMEOUT_INFINITE),
		     rcInvalidArgument, "response buffer outside RAM");

	/* Arena descriptors: misaligned, outside RAM, a chunk beyond the arena. */
	put = ipc_world_at(CLIENT, REQ_IPA);
	memset(put, 0, sizeof(*put));
	put->base.size = sizeof(*put);
	put->base.mid = ipch_Calc_Put_mid;
	put->base.arena = ARENA_IPA + 4;
	put->base.arena_size = 16;
	put->data.offset = 0;
	put->data.size = 16;
	expect_refused(rcInvalidArgument, "misaligned arena");
	put->base.arena = IPC_WORLD_RAM_IPA + IPC_WORLD_RAM_SIZE - 8;
	expect_refused(rcInvalidArgument, "arena running off RAM");
	put->base.arena = ARENA_IPA;
	put->data.offset = 8;
	expect_refused(rcInvalidArgument, "chunk beyond the arena");
	put->data.offset = 0;
	put->base.arena_size = 0x10000000;
	expect_refused(rcInvalidArgument, "arena size beyond any limit");

	/* After all of that a good call goes through. */
	echo_req(2);
	cr_expect_eq(call(0), rcOk);
	cr_expect_eq(recv_on(0, 0), rcOk);
}

Test(ipc_host, arenas_are_copied_into_the_receivers_arena)
{
	struct ipch_Calc_Put_req *put, *got = ipc_world_at(SERVER, RECV_IPA);
	uint8_t *data;

	put = ipc_world_at(CLIENT, REQ_IPA);
	memset(put, 0, sizeof(*put));
	put->base.size = sizeof(*put);
	put->base.mid = ipch_Calc_Put_mid;
	put->base.arena = ARENA_IPA;
	put->base.arena_size = 4096;
	put->data.offset = 0;
	put->data.size = 4096;
	data = ipc_world_at(CLIENT, ARENA_IPA);
	for (int i = 0; i < 4096; i++)
		data[i] = (uint8_t)(i * 7);
	((SMsgHdr *)ipc_world_at(CLIENT, RES_IPA))->capacity = sizeof(struct ipch_Calc_Put_res);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	cr_expect_eq(got->base.arena, RECV_ARENA_IPA, "the receiver's own arena address");
	cr_expect_eq(got->base.arena_size, 4096);
	cr_expect_eq(got->base.arena_capacity, 8192);
	cr_expect_eq(got->data.size, 4096);
	cr_expect_arr_eq(ipc_world_at(SERVER, RECV_ARENA_IPA), data, 4096);
}

Test(ipc_host, a_denied_request_never_arrives)
{
	struct ipch_Calc_Echo_req *req;

	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	req = echo_req(3);
	req->base.mid = ipch_Calc_Forbidden_mid;
	cr_expect_eq(call(0), rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 0, "the server was not woken");
	cr_expect_eq(ipc_world_thread(SERVER, 0)->state, VCPU_BLOCKED);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->state, VCPU_RUNNING);
}

Test(ipc_host, a_denied_response_reaches_nobody)
{
	struct ipch_Calc_Echo_req *req;
	struct ipch_Calc_Echo_res *res, *client_res = ipc_world_at(CLIENT, RES_IPA);

	req = echo_req(3);
	req->base.mid = ipch_Calc_Leak_mid;
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	res = ipc_world_at(SERVER, SEND_IPA);
	memset(res, 0, sizeof(*res));
	res->base.size = sizeof(*res);
	res->base.mid = ipch_Calc_Leak_mid;
	res->result = 0x5ec7e7;
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY, listener_h, SEND_IPA, 0, 0),
	    rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(client_res->result, 0, "nothing was copied to the client");
	cr_expect_eq(client_res->base.size, 0);
}

Test(ipc_host, malformed_or_oversized_responses_fail_the_call)
{
	struct ipch_Calc_Echo_res *res;

	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	res = ipc_world_at(SERVER, SEND_IPA);
	memset(res, 0, sizeof(*res));
	res->base.size = sizeof(*res);
	res->base.mid = ipch_Calc_Put_mid; /* not the method called */
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY, listener_h, SEND_IPA, 0, 0),
	    rcInvalidArgument);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcTransferError);

	/* A client whose response buffer is too small: the server is told, the client fails. */
	echo_req(1);
	((SMsgHdr *)ipc_world_at(CLIENT, RES_IPA))->capacity = sizeof(SMsgHdr);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	cr_expect_eq(reply_echo(0, 1), rcBufferTooSmall);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->woken, 2);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcTransferError);
}

Test(ipc_host, a_server_receive_buffer_too_small_fails_only_that_call)
{
	SMsgHdr *buf = ipc_world_at(SERVER, RECV_IPA);

	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	memset(buf, 0, sizeof(*buf));
	buf->capacity = sizeof(SMsgHdr); /* too small for Echo */
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_RECV, listener_h, RECV_IPA, 0, 0),
	    rcBufferTooSmall);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcTransferError);
	echo_req(2);
	cr_expect_eq(call(0), rcOk, "the channel is free again");
}

Test(ipc_host, one_request_per_channel_and_stale_callers_are_dropped)
{
	struct vcpu *c0 = ipc_world_thread(CLIENT, 0);

	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	cr_expect_eq(call(1), rcBusy);
	/* The first caller times out (the scheduler wakes it with rcTimeout) before a server
	 * took the request: the next call finds the channel free. */
	c0->state = VCPU_RUNNING;
	c0->wait = WAIT_NONE;
	cr_expect_eq(call(1), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	/* Now the second caller times out while the server holds its request. */
	ipc_world_thread(CLIENT, 1)->state = VCPU_RUNNING;
	cr_expect_eq(reply_echo(0, 5), rcNotConnected);
	cr_expect_eq(ipc_world_wake(CLIENT, 1)->woken, 0);
	cr_expect_eq(call(0), rcOk, "and the channel is free");
}

Test(ipc_host, a_server_that_goes_away_releases_its_client)
{
	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	partitions[SERVER].state = PART_STOPPED;
	ipc_partition_gone(&partitions[SERVER]);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcNotConnected);
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	echo_req(2);
	cr_expect_eq(call(0), rcNotConnected, "a stopped server is not connected");
}

Test(ipc_host, a_server_thread_that_ends_releases_its_client)
{
	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(1, 0), rcOk);
	ipc_thread_gone(ipc_world_thread(SERVER, 1));
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcNotConnected);
	cr_expect_eq(reply_echo(1, 1), rcInvalidThreadState, "it holds no request any more");
}

Test(ipc_host, several_server_threads_take_requests_oldest_first)
{
	cr_assert_eq(recv_on(1, BH_TIMEOUT_INFINITE), rcOk);
	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	echo_req(9);
	cr_assert_eq(call(0), rcOk);
	cr_expect_eq(ipc_world_wake(SERVER, 1)->woken, 1, "the thread that waited longest");
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 0);
	cr_expect_eq(reply_echo(0, 1), rcInvalidThreadState, "thread 0 holds nothing");
	cr_expect_eq(reply_echo(1, 10), rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
}

Test(ipc_host, handles_and_arguments_are_checked)
{
	uint64_t x[6] = {0}, r[4] = {0};
	static const char name[] = "calc";

	echo_req(1);
	/* A handle of another type in each table (values are per table: the client's first
	 * handle and the server's listener are the same number). */
	x[0] = BH_HANDLE_TYPE_USER_FIRST;
	cr_assert_eq(handle_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_USER_OBJECT_CREATE, x, r),
		     rcOk);
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, r[0], REQ_IPA, RES_IPA, 0),
	    rcInvalidArgument, "a user object cannot call");
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_RECV, client_h, RECV_IPA, 0, 0),
	    rcInvalidArgument, "a client handle cannot receive");
	cr_assert_eq(handle_hypercall(ipc_world_thread(SERVER, 0), BH_HC_USER_OBJECT_CREATE, x, r),
		     rcOk);
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_RECV, r[0], RECV_IPA, 0, 0),
	    rcInvalidArgument, "a user object cannot receive");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_CALL, listener_h, REQ_IPA,
				  RES_IPA, 0),
		     rcInvalidArgument, "a listener cannot call");
	x[0] = 0;
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL,
				  (1ull << 32) | client_h, REQ_IPA, RES_IPA, 0),
		     rcInvalidArgument, "upper bits of the handle");
	cr_expect_eq(
	    ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY, listener_h, SEND_IPA, 0, 0),
	    rcInvalidThreadState, "a reply without a request");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_RECV, listener_h,
				  RECV_IPA + 1, 0, 0),
		     rcInvalidArgument, "misaligned receive buffer");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, REQ_IPA,
				  RES_IPA, 0),
		     rcTimeout, "timeout 0 never waits");
	cr_expect_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HVC(0x10ff), 0, 0, 0, 0),
		     rcUnimplemented);

	/* ServiceLocatorGetRiid */
	memcpy(ipc_world_at(CLIENT, REQ_IPA), name, 4);
	x[0] = client_h;
	x[1] = REQ_IPA;
	x[2] = 4;
	ipc_world_current = ipc_world_thread(CLIENT, 0);
	cr_expect_eq(ipc_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_IPC_GET_RIID, x, r), rcOk);
	cr_expect_eq(r[0], 0);
	x[2] = 3;
	cr_expect_eq(ipc_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_IPC_GET_RIID, x, r),
		     rcResourceNotFound);
	x[2] = 0;
	cr_expect_eq(ipc_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_IPC_GET_RIID, x, r),
		     rcInvalidArgument);
	x[2] = 257;
	cr_expect_eq(ipc_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_IPC_GET_RIID, x, r),
		     rcInvalidArgument);
	x[1] = IPC_WORLD_RAM_IPA + IPC_WORLD_RAM_SIZE - 2;
	x[2] = 4;
	cr_expect_eq(ipc_hypercall(ipc_world_thread(CLIENT, 0), BH_HC_IPC_GET_RIID, x, r),
		     rcInvalidArgument);
}

Test(ipc_host, reply_recv_answers_then_waits_for_the_next_request)
{
	struct ipch_Calc_Echo_req *got = ipc_world_at(SERVER, RECV_IPA);
	struct ipch_Calc_Echo_res *res = ipc_world_at(CLIENT, RES_IPA);
	struct vcpu *srv = ipc_world_thread(SERVER, 0);

	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	echo_req(10);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(ipc_world_wake(SERVER, 0)->woken, 1);
	srv->state = VCPU_RUNNING;

	cr_assert_eq(reply_recv_echo(0, 11, BH_TIMEOUT_INFINITE), rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
	cr_expect_eq(res->result, 11, "the reply was delivered");
	cr_expect_eq(srv->state, VCPU_BLOCKED, "and the server waits in the receive half");
	cr_expect_eq(srv->wait, WAIT_IPC_RECV);

	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	echo_req(12);
	cr_assert_eq(call(0), rcOk);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 2);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcOk);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->r1, BH_IPC_RR_RECV);
	cr_expect_eq(got->value, 12, "the next request arrived in the receive buffer");
}

Test(ipc_host, reply_recv_says_when_the_reply_failed_and_receives_nothing)
{
	struct vcpu *srv = ipc_world_thread(SERVER, 0);

	/* No request held: the reply half fails at once, nothing is received. */
	cr_expect_eq(reply_recv_echo(0, 1, BH_TIMEOUT_INFINITE), rcInvalidThreadState);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_REPLY);
	cr_expect_eq(srv->state, VCPU_RUNNING, "it did not wait");

	/* The client stopped waiting while the server held its request. */
	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	cr_expect_eq(reply_recv_echo(0, 2, BH_TIMEOUT_INFINITE), rcNotConnected);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_REPLY);
	cr_expect_eq(srv->state, VCPU_RUNNING);

	/* A malformed response: the client learns that its call failed. */
	echo_req(3);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	((SMsgHdr *)ipc_world_at(SERVER, SEND_IPA))->mid = ipch_Calc_Put_mid;
	cr_expect_eq(ipc_world_hc(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA, 0),
		     rcInvalidArgument);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_REPLY);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcTransferError);
}

Test(ipc_host, reply_recv_with_timeout_zero_replies_and_times_out)
{
	echo_req(5);
	cr_assert_eq(call(0), rcOk);
	cr_assert_eq(recv_on(0, 0), rcOk);
	cr_expect_eq(reply_recv_echo(0, 6, 0), rcTimeout);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_RECV, "the timeout is the receive's");
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk, "the reply went out");
	cr_expect_eq(((struct ipch_Calc_Echo_res *)ipc_world_at(CLIENT, RES_IPA))->result, 6);
}

/*
 * The fast path (hyp/core/ipc_fastpath.c). It takes a Call or ReplyRecv only when the slow
 * path would do the same thing, and must then leave the same state behind; anything else it
 * must leave untouched for the slow path.
 */
static bool fast_call(void)
{
	return ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, REQ_IPA,
			      RES_IPA, BH_TIMEOUT_INFINITE);
}

/* Echo's response with result, and the receive buffer, ready for ReplyRecv by thread 0. */
static void fill_reply_recv(uint32_t result)
{
	ipc_world_echo_reply(SERVER, SEND_IPA, RECV_IPA, result);
}

static bool fast_reply_recv(void)
{
	return ipc_world_fast(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY_RECV, listener_h,
			      SEND_IPA, RECV_IPA, BH_TIMEOUT_INFINITE);
}

/* One round trip of Echo by the slow path (Call, ReplyRecv); the server is back in Recv
 * afterwards, so the fast path takes over from what the slow path left. */
static void warm_up(void)
{
	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	echo_req(1);
	cr_assert_eq(call(0), rcOk);
	ipc_world_thread(SERVER, 0)->state = VCPU_RUNNING;
	fill_reply_recv(2);
	cr_assert_eq(ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY_RECV, listener_h,
				  SEND_IPA, RECV_IPA, BH_TIMEOUT_INFINITE),
		     rcOk);
	cr_assert_eq(ipc_world_thread(SERVER, 0)->wait, WAIT_IPC_RECV);
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
}

Test(ipc_host, the_fast_path_leaves_what_the_slow_path_leaves)
{
	struct ipch_Calc_Echo_req *got = ipc_world_at(SERVER, RECV_IPA);
	struct ipch_Calc_Echo_res *res = ipc_world_at(CLIENT, RES_IPA);
	struct vcpu *c = ipc_world_thread(CLIENT, 0), *srv = ipc_world_thread(SERVER, 0);

	warm_up();
	echo_req(41);
	cr_assert(fast_call());
	cr_expect_eq(c->state, VCPU_BLOCKED);
	cr_expect_eq(c->wait, WAIT_IPC_CALL);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->handed_off, 1, "the CPU went to the server");
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcOk);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->r1, BH_IPC_RR_RECV);
	cr_expect_eq(got->value, 41);
	cr_expect_eq(got->base.size, sizeof(*got));
	cr_expect_eq(got->base.capacity, sizeof(union ipch_Calc_req), "the receiver keeps its own");
	cr_expect_eq(got->base.arena, 0);
	cr_expect_eq(got->base.riid, 0);
	cr_expect_eq(got->base.mid, ipch_Calc_Echo_mid);
	cr_expect_eq(partitions[SERVER].vcpus[0].ipc_serving != NULL, true, "it holds the request");

	srv->state = VCPU_RUNNING;
	fill_reply_recv(42);
	cr_assert(fast_reply_recv());
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->handed_off, 1, "the CPU went back to the client");
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
	cr_expect_eq(res->result, 42);
	cr_expect_eq(res->base.size, sizeof(*res));
	cr_expect_eq(res->base.capacity, sizeof(*res));
	cr_expect_eq(res->base.mid, ipch_Calc_Echo_mid);
	cr_expect_eq(srv->state, VCPU_BLOCKED, "the server waits in the receive half");
	cr_expect_eq(srv->wait, WAIT_IPC_RECV);
	cr_expect_eq(srv->wait_buf, RECV_IPA);
	cr_expect_null(srv->ipc_serving);

	/* And the slow path finds the state it expects: the next call reaches the server. */
	c->state = VCPU_RUNNING;
	echo_req(43);
	cr_assert_eq(call(0), rcOk);
	cr_expect_eq(got->value, 43);

	/* The reply to a Call the slow path took can be fast: the slow path kept where the
	 * response buffer is (ipc_set_res_buf). */
	srv->state = VCPU_RUNNING;
	fill_reply_recv(44);
	cr_assert(fast_reply_recv());
	cr_expect_eq(res->result, 44);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
}

/* Each of these Calls is the slow path's: the fast path changes nothing. */
static void expect_call_left_alone(const char *what)
{
	cr_expect_not(fast_call(), "%s: not fast", what);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->state, VCPU_RUNNING, "%s: caller untouched",
		     what);
	cr_expect_eq(ipc_world_thread(SERVER, 0)->state, VCPU_BLOCKED, "%s: server untouched",
		     what);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 1, "%s: nobody woken", what);
}

Test(ipc_host, the_fast_path_leaves_everything_else_alone)
{
	struct ipch_Calc_Echo_req *req;
	struct ipch_Calc_Put_req *put;

	warm_up();
	req = echo_req(1);
	cr_expect_not(ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h,
				     REQ_IPA, RES_IPA, 100),
		      "a timed call");
	cr_expect_not(ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL,
				     client_h + 0x10000, REQ_IPA, RES_IPA, BH_TIMEOUT_INFINITE),
		      "a stale handle (another generation)");
	cr_expect_not(ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL,
				     client_h | 1ull << 32, REQ_IPA, RES_IPA, BH_TIMEOUT_INFINITE),
		      "a handle above 32 bits");
	cr_expect_not(ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h,
				     REQ_IPA + 4, RES_IPA, BH_TIMEOUT_INFINITE),
		      "a misaligned request");
	cr_expect_not(ipc_world_fast(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h,
				     REQ_IPA, 0x1000, BH_TIMEOUT_INFINITE),
		      "a response buffer outside RAM");
	req->base.size += 8;
	expect_call_left_alone("a size the method does not have");
	cr_expect_eq(call(0), rcInvalidArgument, "which the slow path refuses");
	req = echo_req(1);
	req->base.flags = BH_MSG_ERROR;
	expect_call_left_alone("a request with flags");
	req = echo_req(1);
	req->base.mid = ipch_Calc_Forbidden_mid;
	expect_call_left_alone("a request the policy denies");
	cr_expect_eq(call(0), rcSecurityDisallow);
	expect_call_left_alone("a request the policy denies (decided now)");

	put = ipc_world_at(CLIENT, REQ_IPA);
	memset(put, 0, sizeof(*put));
	put->base.size = sizeof(*put);
	put->base.mid = ipch_Calc_Put_mid;
	expect_call_left_alone("a request with something for the validator (bytes)");

	echo_req(1);
	ipc_world_may_hand_off = false;
	expect_call_left_alone("a server that would not run next");
	ipc_world_may_hand_off = true;

	/* After all of that (and another method decided in between), the good one is fast. */
	echo_req(5);
	cr_expect(fast_call());
	cr_expect_eq(((struct ipch_Calc_Echo_req *)ipc_world_at(SERVER, RECV_IPA))->value, 5);
}

/* Each of these ReplyRecvs is the slow path's: the fast path changes nothing. */
static void expect_reply_left_alone(const char *what)
{
	cr_expect_not(fast_reply_recv(), "%s: not fast", what);
	cr_expect_eq(ipc_world_thread(SERVER, 0)->state, VCPU_RUNNING, "%s: server untouched",
		     what);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->woken, 1, "%s: client not woken", what);
}

Test(ipc_host, the_fast_reply_leaves_everything_else_alone)
{
	struct vcpu *srv = ipc_world_thread(SERVER, 0);
	SMsgHdr *res = ipc_world_at(SERVER, SEND_IPA);

	warm_up();
	echo_req(1);
	cr_assert(fast_call());
	srv->state = VCPU_RUNNING;

	fill_reply_recv(1);
	cr_expect_not(ipc_world_fast(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA, 0),
		      "a receive with a timeout");
	cr_expect_not(ipc_world_fast(srv, BH_HC_IPC_REPLY_RECV, listener_h + 1, SEND_IPA,
				     RECV_IPA, BH_TIMEOUT_INFINITE),
		      "no such handle");
	cr_expect_not(ipc_world_fast(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA,
				     RECV_IPA + 1, BH_TIMEOUT_INFINITE),
		      "a misaligned receive buffer");
	res->flags = BH_MSG_ERROR;
	expect_reply_left_alone("an error response");
	fill_reply_recv(1);
	res->mid = ipch_Calc_Put_mid;
	expect_reply_left_alone("the wrong method");
	fill_reply_recv(1);
	res->size -= 4;
	expect_reply_left_alone("a size the method does not have");
	fill_reply_recv(1);
	ipc_world_may_hand_off = false;
	expect_reply_left_alone("a client that would not run next");
	ipc_world_may_hand_off = true;

	/* The client stopped waiting: the slow path tells the server. */
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	fill_reply_recv(1);
	cr_expect_not(fast_reply_recv(), "a client that went away");
	cr_expect_eq(srv->state, VCPU_RUNNING);
	cr_expect_eq(ipc_world_hc(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA,
				  BH_TIMEOUT_INFINITE),
		     rcNotConnected);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_REPLY);
}

Test(ipc_host, a_response_the_policy_denies_is_not_fast)
{
	struct ipch_Calc_Echo_req *req;
	struct ipch_Calc_Echo_res *res = ipc_world_at(SERVER, SEND_IPA);
	struct vcpu *srv = ipc_world_thread(SERVER, 0);

	/* Leak: the request is granted (and fast once decided), the response denied. */
	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	req = echo_req(1);
	req->base.mid = ipch_Calc_Leak_mid;
	cr_assert_eq(call(0), rcOk);
	srv->state = VCPU_RUNNING;
	fill_reply_recv(7);
	res->base.mid = ipch_Calc_Leak_mid;
	cr_assert_eq(ipc_world_hc(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA,
				  BH_TIMEOUT_INFINITE),
		     rcSecurityDisallow);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_REPLY);
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;

	cr_assert_eq(recv_on(0, BH_TIMEOUT_INFINITE), rcOk);
	req = echo_req(2);
	req->base.mid = ipch_Calc_Leak_mid;
	cr_assert(fast_call(), "the granted request goes fast");
	srv->state = VCPU_RUNNING;
	fill_reply_recv(8);
	res->base.mid = ipch_Calc_Leak_mid;
	cr_expect_not(fast_reply_recv(), "the denied response does not");
	cr_expect_eq(ipc_world_hc(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA,
				  BH_TIMEOUT_INFINITE),
		     rcSecurityDisallow);
	cr_expect_eq(((struct ipch_Calc_Echo_res *)ipc_world_at(CLIENT, RES_IPA))->result, 0,
		     "nothing reached the client");
}

/* The same world with a second connection from Client to Server, "calc2_ch": two requests
 * can be in the hypervisor at once, one served and one staged. */
static void world_two(void)
{
	load_world(true);
}

TestSuite(ipc_host_two, .init = world_two);

/*
 * While a server thread serves one request, another client thread's request on the second
 * channel waits staged. The server's ReplyRecv must then not block in the fast path: the slow
 * path hands it the staged request at once. Once that is served, nothing is staged and the
 * fast path takes the next ReplyRecv again (the server's count of staged requests went back).
 */
Test(ipc_host_two, a_staged_request_keeps_reply_recv_off_the_fast_path)
{
	struct vcpu *srv = ipc_world_thread(SERVER, 0);
	struct ipch_Calc_Echo_res *res2 = ipc_world_at(CLIENT, RES_IPA + 0x800);
	const struct ipch_Calc_Echo_req *got = ipc_world_at(SERVER, RECV_IPA);

	warm_up();
	echo_req(1);
	cr_assert(fast_call());
	srv->state = VCPU_RUNNING;

	echo_req_at(REQ_IPA + 0x800, RES_IPA + 0x800, 22);
	cr_assert_eq(ipc_world_hc(ipc_world_thread(CLIENT, 1), BH_HC_IPC_CALL, client2_h,
				  REQ_IPA + 0x800, RES_IPA + 0x800, BH_TIMEOUT_INFINITE),
		     rcOk);
	cr_assert_eq(ipc_world_thread(CLIENT, 1)->state, VCPU_BLOCKED, "staged, not served");

	fill_reply_recv(2);
	cr_expect_not(fast_reply_recv(), "a request is staged for this server");
	cr_assert_eq(ipc_world_hc(srv, BH_HC_IPC_REPLY_RECV, listener_h, SEND_IPA, RECV_IPA,
				  BH_TIMEOUT_INFINITE),
		     rcOk);
	cr_expect_eq(ipc_world_r1, BH_IPC_RR_RECV);
	cr_expect_eq(srv->state, VCPU_RUNNING, "the staged request was received at once");
	cr_expect_eq(got->value, 22);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk, "the first call was answered");

	/* Answer the second; the server waits again and nothing is staged any more. */
	fill_reply_recv(3);
	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	cr_expect(fast_reply_recv(), "nothing staged: the fast path again");
	cr_expect_eq(res2->result, 3);
	cr_expect_eq(srv->wait, WAIT_IPC_RECV);
}
