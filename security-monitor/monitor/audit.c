// SPDX-License-Identifier: GPL-2.0-only
/*
 * Audit records from the deciding thread to the console. The deciding thread must not wait
 * for the console (each line is a hypercall, and a caller waits for every verdict), so it
 * only puts a record on a ring built with Xen's io/ring.h (libxen-dev: the request/response
 * ring of Xen's split drivers) and wakes the drain thread, which formats the record with
 * partition, endpoint, method and rule names and prints it. Responses free the slots.
 * A full ring drops the record and counts it; the next line printed reports the loss.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <kos/event.h>
#include <kos/thread.h>
#include <psl/methods.h>

#include "monitor.h"

/* io/ring.h leaves the barriers to its user: both sides are threads of this partition. */
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <io/ring.h>

struct audit_ack {
	uint32_t done;
};

DEFINE_RING_TYPES(audit, struct audit_rec, struct audit_ack);

#define RING_BYTES 16384u

static union {
	struct audit_sring s;
	uint8_t bytes[RING_BYTES];
} ring_mem __attribute__((aligned(4096)));
static struct audit_front_ring front; /* the deciding thread */
static struct audit_back_ring back;   /* the drain thread */
static KosEvent kick;
static volatile uint32_t lost;
static struct monitor *mon;

static const char *const kinds[] = {"execute", "request", "response", "error", "security"};

static const char *sid_name(uint32_t sid)
{
	if (sid < mon->info->nparts)
		return mon->info->parts[sid].name;
	if (sid == mon->info->einit_sid)
		return "Einit";
	if (sid == mon->info->kernel_sid)
		return "kernel";
	return "?";
}

/* "endpoint.Method" of the event, from the server's schema. */
static void method_name(const struct audit_rec *r, char *buf, size_t size)
{
	const struct bh_schema *s;
	const struct bh_schema_method *m;

	if (r->kind == BH_SEC_EXECUTE) {
		snprintf(buf, size, "main");
		return;
	}
	if (r->schema_sid >= mon->info->nparts || !mon->has_schema[r->schema_sid] ||
	    r->riid >= mon->schemas[r->schema_sid].hdr->nendpoints) {
		snprintf(buf, size, "riid %u mid %u", r->riid, r->mid);
		return;
	}
	s = &mon->schemas[r->schema_sid];
	m = bh_schema_method(s, &s->ifaces[s->endpoints[r->riid].iface], r->mid);
	snprintf(buf, size, "%s.%s", bh_schema_str(s, s->endpoints[r->riid].name),
		 m ? bh_schema_str(s, m->name) : "?");
}

/* Why: the rule (object.method) that decided, and the engine's reason for a denial. */
static void rule_name(const struct audit_rec *r, char *buf, size_t size)
{
	const char *obj = r->object < mon->img.n_objects
			      ? psl_image_string(&mon->img, mon->img.objects[r->object].name)
			      : NULL;
	const char *meth = r->method < PSL_METHOD_COUNT ? psl_methods[r->method].name : NULL;
	int n = 0;

	if (obj && meth)
		n = snprintf(buf, size, "%s.%s", obj, meth);
	else
		n = snprintf(buf, size, "no rule");
	if (n >= 0 && (size_t)n < size && !r->granted)
		snprintf(buf + n, size - (size_t)n, ": %s", psl_status_name(r->status));
}

static void print(const struct audit_rec *r)
{
	char method[96], rule[96];

	method_name(r, method, sizeof(method));
	rule_name(r, rule, sizeof(rule));
	printf("audit: %s %s %s -> %s %s (%s)\n", r->granted ? "grant" : "deny",
	       r->kind <= BH_SEC_SECURITY ? kinds[r->kind] : "?", sid_name(r->src_sid),
	       sid_name(r->dst_sid), method, rule);
}

static int drain(void *arg)
{
	(void)arg;
	for (;;) {
		uint32_t n_lost;

		KosEventWait(&kick, rtl_true);
		while (RING_HAS_UNCONSUMED_REQUESTS(&back)) {
			struct audit_rec r = *RING_GET_REQUEST(&back, back.req_cons);
			int notify;

			back.req_cons++;
			RING_GET_RESPONSE(&back, back.rsp_prod_pvt)->done = 1;
			back.rsp_prod_pvt++;
			RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
			(void)notify;
			print(&r);
		}
		n_lost = __atomic_exchange_n(&lost, 0, __ATOMIC_RELAXED);
		if (n_lost)
			printf("audit: %u record%s lost (the ring was full)\n", n_lost,
			       n_lost == 1 ? "" : "s");
	}
	return 0;
}

bool audit_start(struct monitor *m)
{
	Tid tid;

	mon = m;
	SHARED_RING_INIT(&ring_mem.s);
	FRONT_RING_INIT(&front, &ring_mem.s, sizeof(ring_mem));
	BACK_RING_INIT(&back, &ring_mem.s, sizeof(ring_mem));
	KosEventInit(&kick);
	/* Above the components, below the deciding thread (31): printing waits while events are
	 * decided, but clients that spin do not starve it. */
	if (KosThreadCreate(&tid, 30, 0, drain, NULL, 0) != rcOk) {
		printf("monitor: no thread for the audit drain\n");
		return false;
	}
	return true;
}

void audit_put(const struct audit_rec *r)
{
	int notify;

	/* Slots the drain answered are free again. */
	front.rsp_cons = front.sring->rsp_prod;
	if (RING_FULL(&front)) {
		__atomic_add_fetch(&lost, 1, __ATOMIC_RELAXED);
		KosEventSet(&kick);
		return;
	}
	*RING_GET_REQUEST(&front, front.req_prod_pvt) = *r;
	front.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
	(void)notify; /* the drain may be between its check and its wait: always wake it */
	KosEventSet(&kick);
}
