// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the monitor path (hyp/core/ipc_monitor.c and the decisions in ipc.c) with the
 * policy tests/unit/hyp/ipc/monitor.psl: events the verdict table leaves open are queued for
 * the monitor partition, which sees them in its window and answers; non-monitor callers,
 * bogus ids and verdicts are refused; a verdict that does not come in time, or a monitor
 * that goes away, denies. The test plays the monitor partition's part by hand.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/addr.h>
#include <hyp/ipc.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <hyp/stage2.h>
#include <ipch/Server.edl.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/monitor.h>
#include <uapi/bulkhead/retcode.h>

#include "unit/hyp/fake_mem.h"
#include "unit/hyp/ipc_world.h"
#include "../../../hyp/core/ipc_internal.h" /* CONFIG_SECMON_TIMEOUT_MS of host builds */

enum { CLIENT, SERVER, MONITOR, NPARTS };

#define REQ_IPA (IPC_WORLD_RAM_IPA + 0x1000)
#define RES_IPA (IPC_WORLD_RAM_IPA + 0x2000)
#define RECV_IPA (IPC_WORLD_RAM_IPA + 0x8000)
#define SEND_IPA (IPC_WORLD_RAM_IPA + 0xe000)
#define EV_IPA (IPC_WORLD_RAM_IPA + 0x3000) /* the monitor's event buffer */

static struct manifest manifest;
static struct package package;
static struct bh_boot_info boot[NPARTS];
static uint32_t client_h, listener_h;
static bool server_started_at_boot;

/* Client -> Server over "calc_ch", and the monitor partition. */
static void world(void)
{
	fake_mem_setup();
	ipc_world_package(&package, BH_IPC_TEST_GEN "/monitor.psli",
			  BH_IPC_TEST_GEN "/ipch/Server.edl.schema");

	strcpy(manifest.policy, "policy");
	ipc_world_describe(&manifest, CLIENT, "Client", "ipch.Client", ROLE_COMPONENT);
	ipc_world_describe(&manifest, SERVER, "Server", "ipch.Server", ROLE_COMPONENT);
	ipc_world_describe(&manifest, MONITOR, "Monitor", "kl.core.Monitor", ROLE_MONITOR);
	strcpy(manifest.part[SERVER].schema, "schema-1");
	ipc_world_connect(&manifest, CLIENT, "calc_ch", SERVER);
	ipc_world_load(&manifest, &package, boot, NPARTS, MONITOR);
	client_h = boot[CLIENT].channels[0].handle;
	listener_h = boot[SERVER].channels[0].handle;
	/* The start of Server is the monitor's to decide: it is queued, not started. */
	server_started_at_boot = ipc_may_execute(&partitions[SERVER]);
}

TestSuite(ipc_monitor_host, .init = world);

static int hc(struct vcpu *v, uint32_t fn, uint64_t x0, uint64_t x1, uint64_t x2)
{
	return ipc_world_hc(v, fn, x0, x1, x2, 0);
}

/* What the monitor partition sees at an IPA of its window. */
static const void *window(uint64_t ipa, bool *ro)
{
	enum stage2_attr attr;
	paddr_t pa;

	cr_assert(stage2_translate(&partitions[MONITOR].s2, ipa_init(ipa), &pa, &attr),
		  "IPA 0x%lx is not mapped in the monitor", (unsigned long)ipa);
	*ro = attr == S2_NORMAL_RO;
	return pa_to_va(pa);
}

static int call_echo(uint32_t value)
{
	struct ipch_Calc_Echo_req *req = ipc_world_at(CLIENT, REQ_IPA);
	SMsgHdr *res = ipc_world_at(CLIENT, RES_IPA);

	memset(req, 0, sizeof(*req));
	req->base.size = sizeof(*req);
	req->base.mid = ipch_Calc_Echo_mid;
	req->value = value;
	memset(res, 0, sizeof(struct ipch_Calc_Echo_res));
	res->capacity = sizeof(struct ipch_Calc_Echo_res);
	return ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, REQ_IPA, RES_IPA,
			    BH_TIMEOUT_INFINITE);
}

static int recv_on(uint32_t timeout)
{
	SMsgHdr *buf = ipc_world_at(SERVER, RECV_IPA);

	memset(buf, 0, 0x100);
	buf->capacity = sizeof(union ipch_Calc_req);
	return hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_RECV, listener_h, RECV_IPA, timeout);
}

static int reply_echo(uint32_t result)
{
	struct ipch_Calc_Echo_res *res = ipc_world_at(SERVER, SEND_IPA);

	memset(res, 0, sizeof(*res));
	res->base.size = sizeof(*res);
	res->base.mid = ipch_Calc_Echo_mid;
	res->result = result;
	return hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY, listener_h, SEND_IPA, 0);
}

/* The event waiting at boot is the Server's start: granting it starts the Server. */
static void start_server(void)
{
	const struct bh_monitor_event *ev = ipc_world_monitor_take(MONITOR, EV_IPA);

	cr_assert_eq(ev->kind, BH_SEC_EXECUTE);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
}

/* The client's Echo(value), which the monitor grants. */
static void request_granted(uint32_t value)
{
	cr_assert_eq(call_echo(value), rcOk);
	cr_assert_eq(ipc_world_verdict(MONITOR, ipc_world_monitor_take(MONITOR, EV_IPA)->id,
				       BH_VERDICT_GRANT),
		     rcOk);
}

Test(ipc_monitor_host, the_window_shows_the_solution_read_only)
{
	const struct bh_monitor_info *info;
	bool ro;

	info = window(BH_MONITOR_WINDOW_IPA, &ro);
	cr_expect(ro);
	cr_assert_eq(info->magic, BH_MONITOR_INFO_MAGIC);
	cr_expect_eq(info->version, BH_MONITOR_INFO_VERSION);
	cr_expect_eq(info->nparts, NPARTS);
	cr_expect_eq(info->einit_sid, NPARTS);
	cr_expect_eq(info->kernel_sid, NPARTS + 1);
	cr_expect_str_eq(info->parts[SERVER].name, "Server");
	cr_expect_neq(info->parts[SERVER].class_id, BH_MONITOR_NONE);
	cr_expect_eq(info->parts[MONITOR].class_id, BH_MONITOR_NONE, "no class in the policy");
	cr_expect_eq(info->parts[CLIENT].schema_size, 0);
	cr_assert_neq(info->parts[SERVER].schema_size, 0);
	cr_expect_eq(info->nchannels, 1);
	/* the policy image and the schema are there, as the hypervisor checked them */
	cr_expect_eq(memcmp(window(info->policy_ipa, &ro), "PSLI", 4), 0);
	cr_expect(ro);
	window(info->parts[SERVER].schema_ipa, &ro);
	cr_expect(ro);
	window(info->stage_ipa, &ro);
	cr_expect(ro, "the staging buffer is read-only for the monitor");
	/* nobody else has a window */
	paddr_t pa;
	enum stage2_attr attr;
	cr_expect_not(
	    stage2_translate(&partitions[CLIENT].s2, ipa_init(BH_MONITOR_WINDOW_IPA), &pa, &attr));
}

Test(ipc_monitor_host, a_dynamic_start_waits_for_the_monitor)
{
	const struct bh_monitor_event *ev;

	cr_expect(ipc_may_execute(&partitions[CLIENT]), "a static grant starts at once");
	cr_expect(ipc_may_execute(&partitions[MONITOR]), "the monitor is never asked");
	cr_assert_not(server_started_at_boot);
	cr_expect_eq(ipc_world_started[SERVER], 0);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_expect_eq(ev->kind, BH_SEC_EXECUTE);
	cr_expect_eq(ev->src_sid, NPARTS);
	cr_expect_eq(ev->dst_sid, SERVER);
	cr_expect_eq(ev->riid, BH_MONITOR_NONE);
	cr_expect_eq(ev->msg_ipa, 0);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(ipc_world_started[SERVER], 1);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcResourceNotFound,
		     "decided already");
}

Test(ipc_monitor_host, a_denied_start_never_happens)
{
	const struct bh_monitor_event *ev = ipc_world_monitor_take(MONITOR, EV_IPA);

	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_DENY), rcOk);
	cr_expect_eq(ipc_world_started[SERVER], 0);
	cr_expect_eq(partitions[SERVER].state, PART_STOPPED);
}

Test(ipc_monitor_host, a_granted_request_shows_the_staged_copy_and_goes_on)
{
	const struct bh_monitor_event *ev;
	const struct ipch_Calc_Echo_req *seen;
	struct ipch_Calc_Echo_req *req = ipc_world_at(CLIENT, REQ_IPA);
	struct ipch_Calc_Echo_req *got = ipc_world_at(SERVER, RECV_IPA);
	bool ro;

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	cr_assert_eq(call_echo(7), rcOk);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_DECIDE);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 0, "nothing reached the server yet");
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_expect_eq(ev->kind, BH_SEC_REQUEST);
	cr_expect_eq(ev->src_sid, CLIENT);
	cr_expect_eq(ev->dst_sid, SERVER);
	cr_expect_eq(ev->schema_sid, SERVER);
	cr_expect_eq(ev->riid, 0);
	cr_expect_eq(ev->mid, ipch_Calc_Echo_mid);
	cr_expect_eq(ev->msg_size, sizeof(*req));
	cr_expect_eq(ev->arena_size, 0);
	seen = window(ev->msg_ipa, &ro);
	cr_expect(ro);
	/* the client rewrites its buffer while the monitor decides: the monitor sees the copy */
	req->value = 1000;
	cr_expect_eq(seen->value, 7);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_CALL,
		     "now it waits for the answer");
	cr_assert_eq(ipc_world_wake(SERVER, 0)->woken, 1);
	cr_expect_eq(got->value, 7);
}

Test(ipc_monitor_host, a_denied_request_never_arrives)
{
	const struct bh_monitor_event *ev;

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	cr_assert_eq(call_echo(500), rcOk);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_DENY), rcOk);
	cr_assert_eq(ipc_world_wake(CLIENT, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 0);
	/* the channel is free again */
	cr_expect_eq(call_echo(1), rcOk);
}

Test(ipc_monitor_host, a_response_waits_for_the_monitor_too)
{
	const struct bh_monitor_event *ev;

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	request_granted(7);
	cr_assert_eq(reply_echo(700), rcOk);
	cr_expect_eq(ipc_world_thread(SERVER, 0)->wait, WAIT_IPC_DECIDE,
		     "the server waits in Reply");
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_expect_eq(ev->kind, BH_SEC_RESPONSE);
	cr_expect_eq(ev->src_sid, SERVER);
	cr_expect_eq(ev->dst_sid, CLIENT);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_DENY), rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(((struct ipch_Calc_Echo_res *)ipc_world_at(CLIENT, RES_IPA))->result, 0);
}

Test(ipc_monitor_host, only_the_monitor_takes_events_and_gives_verdicts)
{
	const struct bh_monitor_event *ev;

	start_server();
	cr_assert_eq(call_echo(7), rcOk);
	cr_expect_eq(hc(ipc_world_thread(CLIENT, 1), BH_HC_IPC_MONITOR_WAIT, EV_IPA, 0, 0),
		     rcNoCapability);
	for (uint64_t id = 0; id < 16; id++)
		cr_expect_eq(hc(ipc_world_thread(SERVER, 1), BH_HC_IPC_MONITOR_VERDICT, id,
				BH_VERDICT_GRANT, 0),
			     rcNoCapability);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_DECIDE, "still undecided");
	/* the monitor's own bad calls */
	cr_expect_eq(hc(ipc_world_thread(MONITOR, 0), BH_HC_IPC_MONITOR_WAIT, EV_IPA + 4, 0, 0),
		     rcInvalidArgument);
	cr_expect_eq(hc(ipc_world_thread(MONITOR, 0), BH_HC_IPC_MONITOR_WAIT, 0x1000, 0, 0),
		     rcInvalidArgument);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id + 100, BH_VERDICT_GRANT), rcResourceNotFound,
		     "never given");
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, 0), rcInvalidArgument);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, 3), rcInvalidArgument);
	cr_expect_eq(hc(ipc_world_thread(MONITOR, 0), BH_HC_IPC_MONITOR_VERDICT, ev->id,
			BH_VERDICT_GRANT, 4),
		     rcInvalidArgument, "a bad next buffer fails the call before the verdict");
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_DECIDE);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_DENY), rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
}

Test(ipc_monitor_host, no_verdict_in_time_denies)
{
	const struct bh_monitor_event *ev;
	struct vcpu *c = ipc_world_thread(CLIENT, 0);

	start_server();
	cr_assert_eq(call_echo(7), rcOk);
	cr_assert_eq(c->wait, WAIT_IPC_DECIDE);
	cr_expect_eq(c->deadline, ipc_world_now_ns + CONFIG_SECMON_TIMEOUT_MS * 1000000ull);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	ipc_world_now_ns = c->deadline;
	ipc_decide_expired(c); /* what the scheduler's timer does */
	cr_assert_eq(ipc_world_wake(CLIENT, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcResourceNotFound,
		     "too late");
	cr_expect_eq(call_echo(1), rcOk, "the channel is free again");
}

Test(ipc_monitor_host, a_monitor_that_goes_away_denies_everything_pending)
{
	start_server();
	cr_assert_eq(call_echo(7), rcOk);
	partitions[MONITOR].state = PART_STOPPED;
	ipc_partition_gone(&partitions[MONITOR]);
	cr_assert_eq(ipc_world_wake(CLIENT, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	/* and every later event it would decide, at once */
	cr_expect_eq(call_echo(7), rcSecurityDisallow);
	cr_expect_not(ipc_may_execute(&partitions[SERVER]));
}

Test(ipc_monitor_host, static_verdicts_do_not_ask_the_monitor)
{
	struct ipch_Calc_Put_req *put = ipc_world_at(CLIENT, REQ_IPA);
	SMsgHdr *res = ipc_world_at(CLIENT, RES_IPA);

	start_server();
	memset(put, 0, sizeof(*put));
	put->base.size = sizeof(*put);
	put->base.mid = ipch_Calc_Put_mid;
	res->capacity = 64;
	cr_assert_eq(ipc_world_hc(ipc_world_thread(CLIENT, 0), BH_HC_IPC_CALL, client_h, REQ_IPA,
				  RES_IPA, BH_TIMEOUT_INFINITE),
		     rcOk);
	cr_expect_eq(ipc_world_thread(CLIENT, 0)->wait, WAIT_IPC_CALL);
	cr_expect_eq(hc(ipc_world_thread(MONITOR, 0), BH_HC_IPC_MONITOR_WAIT, EV_IPA, 0, 0), rcOk);
	cr_expect_eq(ipc_world_thread(MONITOR, 0)->wait, WAIT_MONITOR,
		     "no event: the monitor waits");
}

Test(ipc_monitor_host, a_client_that_goes_away_releases_the_server_waiting_in_reply)
{
	const struct bh_monitor_event *ev;

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	request_granted(7);
	cr_assert_eq(reply_echo(8), rcOk);
	cr_assert_eq(ipc_world_thread(SERVER, 0)->wait, WAIT_IPC_DECIDE);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	partitions[CLIENT].state = PART_STOPPED;
	ipc_partition_gone(&partitions[CLIENT]);
	cr_assert_eq(ipc_world_wake(SERVER, 0)->woken, 2, "once for the request, once now");
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcNotConnected);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcResourceNotFound,
		     "nobody asks any more");
}

/* ReplyRecv whose reply the monitor decides (receive timeout in ms): the receive half starts
 * after the verdict. */
static int reply_recv_echo(uint32_t result, uint32_t timeout)
{
	ipc_world_echo_reply(SERVER, SEND_IPA, RECV_IPA, result);
	return ipc_world_hc(ipc_world_thread(SERVER, 0), BH_HC_IPC_REPLY_RECV, listener_h,
			    SEND_IPA, RECV_IPA, timeout);
}

/* The server started, its thread 0 holding the client's granted Echo(value) and running. */
static struct vcpu *serving_echo(uint32_t value)
{
	struct vcpu *srv = ipc_world_thread(SERVER, 0);

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	request_granted(value);
	srv->state = VCPU_RUNNING;
	return srv;
}

Test(ipc_monitor_host, reply_recv_receives_after_a_granted_reply)
{
	struct vcpu *srv = serving_echo(7);
	const struct bh_monitor_event *ev;

	cr_assert_eq(reply_recv_echo(700, BH_TIMEOUT_INFINITE), rcOk);
	cr_expect_eq(srv->wait, WAIT_IPC_DECIDE, "the reply waits for the monitor first");
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_assert_eq(ev->kind, BH_SEC_RESPONSE);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
	cr_expect_eq(((struct ipch_Calc_Echo_res *)ipc_world_at(CLIENT, RES_IPA))->result, 700);
	cr_expect_eq(srv->state, VCPU_BLOCKED, "then it waits in the receive half");
	cr_expect_eq(srv->wait, WAIT_IPC_RECV);

	ipc_world_thread(CLIENT, 0)->state = VCPU_RUNNING;
	request_granted(8);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcOk);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->r1, BH_IPC_RR_RECV);
	cr_expect_eq(((struct ipch_Calc_Echo_req *)ipc_world_at(SERVER, RECV_IPA))->value, 8);
}

Test(ipc_monitor_host, reply_recv_with_a_denied_reply_receives_nothing)
{
	struct vcpu *srv = serving_echo(7);

	cr_assert_eq(reply_recv_echo(700, BH_TIMEOUT_INFINITE), rcOk);
	cr_assert_eq(ipc_world_verdict(MONITOR, ipc_world_monitor_take(MONITOR, EV_IPA)->id,
				       BH_VERDICT_DENY),
		     rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->r1, BH_IPC_RR_REPLY, "the result is the reply's");
	cr_expect_eq(srv->state, VCPU_RUNNABLE, "it does not wait in the receive half");
}

/* The fast path stages a plain request the monitor decides and hands it over, as the slow path
 * does: the monitor sees the staged copy, and its verdict decides what the server gets. */
Test(ipc_monitor_host, the_fast_path_asks_the_monitor_like_the_slow_path)
{
	struct ipch_Calc_Echo_req *req = ipc_world_at(CLIENT, REQ_IPA);
	const struct ipch_Calc_Echo_req *seen;
	const struct bh_monitor_event *ev;
	struct vcpu *c = ipc_world_thread(CLIENT, 0);
	bool ro;

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	cr_assert_eq(call_echo(7), rcOk); /* the slow path: sets up the request buffers */
	cr_assert_eq(ipc_world_verdict(MONITOR, ipc_world_monitor_take(MONITOR, EV_IPA)->id,
				       BH_VERDICT_DENY),
		     rcOk);
	cr_assert_eq(ipc_world_wake(CLIENT, 0)->rc, rcSecurityDisallow);
	c->state = VCPU_RUNNING;

	req->value = 8;
	cr_assert(ipc_world_fast(c, BH_HC_IPC_CALL, client_h, REQ_IPA, RES_IPA,
				 BH_TIMEOUT_INFINITE));
	cr_expect_eq(c->state, VCPU_BLOCKED);
	cr_expect_eq(c->wait, WAIT_IPC_DECIDE, "it waits for the verdict");
	cr_expect_eq(c->deadline, ipc_world_now_ns + CONFIG_SECMON_TIMEOUT_MS * 1000000ull,
		     "no longer than the monitor's deadline");
	cr_expect_eq(ipc_world_wake(SERVER, 0)->woken, 0, "nothing reached the server yet");
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_assert_eq(ev->kind, BH_SEC_REQUEST);
	cr_expect_eq(ev->mid, ipch_Calc_Echo_mid);
	seen = window(ev->msg_ipa, &ro);
	req->value = 1000;
	cr_expect_eq(seen->value, 8, "the monitor sees the staged copy");
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(c->wait, WAIT_IPC_CALL, "now it waits for the answer");
	cr_assert_eq(ipc_world_wake(SERVER, 0)->woken, 1);
	cr_expect_eq(((struct ipch_Calc_Echo_req *)ipc_world_at(SERVER, RECV_IPA))->value, 8);
}

Test(ipc_monitor_host, without_a_monitor_the_fast_path_leaves_the_call_alone)
{
	struct vcpu *c = ipc_world_thread(CLIENT, 0);

	start_server();
	cr_assert_eq(recv_on(BH_TIMEOUT_INFINITE), rcOk);
	partitions[MONITOR].state = PART_STOPPED;
	monitor_partition_gone(&partitions[MONITOR]);
	call_echo(9); /* fills the buffers; the slow path denies it */
	c->state = VCPU_RUNNING;
	cr_expect_not(ipc_world_fast(c, BH_HC_IPC_CALL, client_h, REQ_IPA, RES_IPA,
				     BH_TIMEOUT_INFINITE));
	cr_expect_eq(c->state, VCPU_RUNNING);
	cr_expect_eq(call_echo(9), rcSecurityDisallow, "the slow path denies it, with its log line");
}

/* ReplyRecv with a receive timeout of 0 whose reply the monitor decides: after the granted
 * reply nothing is staged, so the receive half times out at once instead of waiting. */
Test(ipc_monitor_host, reply_recv_polls_after_a_granted_reply)
{
	struct vcpu *srv = serving_echo(7);

	cr_assert_eq(reply_recv_echo(700, 0), rcOk);
	cr_expect_eq(srv->wait, WAIT_IPC_DECIDE, "the reply waits for the monitor first");
	cr_assert_eq(ipc_world_verdict(MONITOR, ipc_world_monitor_take(MONITOR, EV_IPA)->id,
				       BH_VERDICT_GRANT),
		     rcOk);
	cr_expect_eq(ipc_world_wake(CLIENT, 0)->rc, rcOk);
	cr_expect_eq(((struct ipch_Calc_Echo_res *)ipc_world_at(CLIENT, RES_IPA))->result, 700);
	cr_expect_eq(ipc_world_wake(SERVER, 0)->rc, rcTimeout, "nothing to receive: at once");
	cr_expect_eq(ipc_world_wake(SERVER, 0)->r1, BH_IPC_RR_RECV, "the result is the receive's");
	cr_expect_neq(srv->wait, WAIT_IPC_RECV, "it does not wait in the receive half");
}
