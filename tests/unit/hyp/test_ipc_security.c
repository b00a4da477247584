// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of security calls (BH_HC_IPC_SECURITY, ipc_security in hyp/core/ipc.c) with the
 * policy tests/unit/hyp/ipc/security_events.psl: a partition's message to its own security
 * interface is staged, validated against its own schema and decided by the verdict table or
 * the monitor partition, which sees it in its window as a `security` event without a
 * destination; malformed messages, a class without a security interface, a monitor that does
 * not answer or goes away all end the call with an error, never a hang. The test plays the
 * monitor partition's part by hand.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/addr.h>
#include <hyp/ipc.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <hyp/stage2.h>
#include <ipch/Asker.edl.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/monitor.h>
#include <uapi/bulkhead/retcode.h>

#include "unit/hyp/fake_mem.h"
#include "unit/hyp/ipc_world.h"
#include "../../../hyp/core/ipc_internal.h" /* CONFIG_SECMON_TIMEOUT_MS of host builds */

enum { ASKER, PLAIN, MONITOR, NPARTS };

#define MSG_IPA (IPC_WORLD_RAM_IPA + 0x1000)
#define EV_IPA (IPC_WORLD_RAM_IPA + 0x3000) /* the monitor's event buffer */

static struct manifest manifest;
static struct package package;
static struct bh_boot_info boot[NPARTS];

/* Asker (a security interface, no connections), Plain (neither), the monitor. */
static void world(void)
{
	fake_mem_setup();
	ipc_world_package(&package, BH_IPC_TEST_GEN "/security_events.psli",
			  BH_IPC_TEST_GEN "/ipch/Asker.edl.schema");

	strcpy(manifest.policy, "policy");
	ipc_world_describe(&manifest, ASKER, "Asker", "ipch.Asker", ROLE_COMPONENT);
	ipc_world_describe(&manifest, PLAIN, "Plain", "ipch.Client", ROLE_COMPONENT);
	ipc_world_describe(&manifest, MONITOR, "Monitor", "kl.core.Monitor", ROLE_MONITOR);
	strcpy(manifest.part[ASKER].schema, "schema-1");
	ipc_world_load(&manifest, &package, boot, NPARTS, MONITOR);
}

TestSuite(ipc_security_host, .init = world);

static int hc(struct vcpu *v, uint32_t fn, uint64_t x0, uint64_t x1, uint64_t x2)
{
	return ipc_world_hc(v, fn, x0, x1, x2, 0);
}

/* A request of ipch.Sec (every method takes one UInt32) from thread t of part. */
static int ask(uint32_t part, uint32_t t, uint32_t mid, uint32_t value)
{
	struct ipch_Sec_Limit_req *req = ipc_world_at(part, MSG_IPA + t * 0x100);

	memset(req, 0, sizeof(*req));
	req->base.size = sizeof(*req);
	req->base.riid = ipch_Asker_entity_security_riid;
	req->base.mid = (nk_uint16_t)mid;
	req->value = value;
	return hc(ipc_world_thread(part, t), BH_HC_IPC_SECURITY, MSG_IPA + t * 0x100, 0, 0);
}

Test(ipc_security_host, the_verdict_table_decides_static_methods_at_once)
{
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Allowed_mid, 1), rcOk);
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Forbidden_mid, 1), rcSecurityDisallow);
	cr_expect_eq(ipc_world_thread(ASKER, 0)->state, VCPU_RUNNING, "nobody blocked");
	cr_expect_eq(ipc_world_wake(ASKER, 0)->woken, 0);
	/* nothing went to the monitor: its wait blocks */
	cr_expect_eq(hc(ipc_world_thread(MONITOR, 0), BH_HC_IPC_MONITOR_WAIT, EV_IPA, 0, 0), rcOk);
	cr_expect_eq(ipc_world_thread(MONITOR, 0)->wait, WAIT_MONITOR);
}

Test(ipc_security_host, the_monitor_sees_a_security_event_without_destination)
{
	const struct bh_monitor_event *ev;
	const struct bh_monitor_info *info;
	const struct ipch_Sec_Limit_req *staged;
	enum stage2_attr attr;
	paddr_t pa;

	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcOk);
	cr_assert_eq(ipc_world_thread(ASKER, 0)->wait, WAIT_IPC_DECIDE,
		     "the caller waits for the verdict");
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_expect_eq(ev->kind, BH_SEC_SECURITY);
	cr_expect_eq(ev->src_sid, ASKER);
	cr_expect_neq(ev->src_class, BH_MONITOR_NONE);
	cr_expect_eq(ev->dst_sid, BH_MONITOR_NONE);
	cr_expect_eq(ev->dst_class, BH_MONITOR_NONE);
	cr_expect_eq(ev->riid, BH_MSG_RIID_SECURITY);
	cr_expect_eq(ev->mid, ipch_Sec_Limit_mid);
	cr_expect_eq(ev->schema_sid, ASKER, "the caller's own schema describes it");
	cr_expect_eq(ev->msg_size, sizeof(struct ipch_Sec_Limit_req));
	/* the staged copy, read-only, after the connections' staging buffers */
	cr_assert(
	    stage2_translate(&partitions[MONITOR].s2, ipa_init(BH_MONITOR_WINDOW_IPA), &pa, &attr));
	info = pa_to_va(pa);
	cr_expect_eq(info->nchannels, 1, "one security channel, no connection");
	cr_expect_eq(ev->msg_ipa, info->stage_ipa);
	cr_expect_neq(info->parts[ASKER].schema_size, 0);
	cr_assert(stage2_translate(&partitions[MONITOR].s2, ipa_init(ev->msg_ipa), &pa, &attr));
	cr_expect_eq(attr, S2_NORMAL_RO);
	staged = pa_to_va(pa);
	cr_expect_eq(staged->value, 5);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->rc, rcOk);
	/* and a denial */
	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 50), rcOk);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_DENY), rcOk);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->woken, 2);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->rc, rcSecurityDisallow);
}

Test(ipc_security_host, malformed_messages_are_refused)
{
	struct ipch_Sec_Limit_req *req = ipc_world_at(ASKER, MSG_IPA);

	ask(ASKER, 0, ipch_Sec_Allowed_mid, 1);
	req->base.riid = 0; /* an endpoint's riid: the class has none */
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, MSG_IPA, 0, 0),
		     rcInvalidArgument);
	req->base.riid = BH_MSG_RIID_SECURITY;
	req->base.mid = 3; /* no such method */
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, MSG_IPA, 0, 0),
		     rcInvalidArgument);
	req->base.mid = ipch_Sec_Allowed_mid;
	req->base.size = sizeof(*req) + 8;
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, MSG_IPA, 0, 0),
		     rcInvalidArgument);
	req->base.size = sizeof(*req);
	req->base.flags = BH_MSG_ERROR;
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, MSG_IPA, 0, 0),
		     rcInvalidArgument);
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, MSG_IPA + 4, 0, 0),
		     rcInvalidArgument, "misaligned");
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, 0x1000, 0, 0),
		     rcInvalidArgument, "outside its RAM");
	cr_expect_eq(hc(ipc_world_thread(ASKER, 0), BH_HC_IPC_SECURITY, 1ull << 40, 0, 0),
		     rcInvalidArgument, "beyond 4 GiB");
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Allowed_mid, 1), rcOk, "the channel is still usable");
}

Test(ipc_security_host, a_class_without_a_security_interface_is_refused)
{
	cr_expect_eq(ask(PLAIN, 0, 0, 1), rcResourceNotFound);
	cr_expect_eq(ipc_world_thread(PLAIN, 0)->state, VCPU_RUNNING);
}

Test(ipc_security_host, one_thread_of_a_partition_asks_at_a_time)
{
	const struct bh_monitor_event *ev;

	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcOk);
	cr_expect_eq(ask(ASKER, 1, ipch_Sec_Allowed_mid, 1), rcBusy);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	cr_assert_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcOk);
	cr_expect_eq(ask(ASKER, 1, ipch_Sec_Allowed_mid, 1), rcOk);
}

Test(ipc_security_host, no_verdict_in_time_denies)
{
	const struct bh_monitor_event *ev;
	struct vcpu *a = ipc_world_thread(ASKER, 0);

	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcOk);
	cr_expect_eq(a->deadline, ipc_world_now_ns + CONFIG_SECMON_TIMEOUT_MS * 1000000ull);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	ipc_world_now_ns = a->deadline;
	ipc_decide_expired(a); /* what the scheduler's timer does */
	cr_assert_eq(ipc_world_wake(ASKER, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->rc, rcSecurityDisallow);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcResourceNotFound,
		     "too late");
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Allowed_mid, 1), rcOk, "the channel is free again");
}

Test(ipc_security_host, a_monitor_that_goes_away_denies)
{
	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcOk);
	partitions[MONITOR].state = PART_STOPPED;
	ipc_partition_gone(&partitions[MONITOR]);
	cr_assert_eq(ipc_world_wake(ASKER, 0)->woken, 1);
	cr_expect_eq(ipc_world_wake(ASKER, 0)->rc, rcSecurityDisallow);
	/* later ones are denied at once; the static grant still works */
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcSecurityDisallow);
	cr_expect_eq(ask(ASKER, 0, ipch_Sec_Allowed_mid, 1), rcOk);
}

Test(ipc_security_host, a_caller_that_stops_cancels_its_event)
{
	const struct bh_monitor_event *ev;

	cr_assert_eq(ask(ASKER, 0, ipch_Sec_Limit_mid, 5), rcOk);
	ev = ipc_world_monitor_take(MONITOR, EV_IPA);
	partitions[ASKER].state = PART_STOPPED;
	ipc_partition_gone(&partitions[ASKER]);
	cr_expect_eq(ipc_world_verdict(MONITOR, ev->id, BH_VERDICT_GRANT), rcResourceNotFound,
		     "nobody waits for that verdict");
}
