// SPDX-License-Identifier: GPL-2.0-only
/*
 * The security monitor partition: checks the window the hypervisor mapped (the policy image
 * and the schemas), starts the engine with one SID per partition plus Einit and the kernel,
 * then decides events for ever: take one (BH_HC_IPC_MONITOR_WAIT), decode its staged message,
 * decide it with the engine (model state lives here), audit it, and return the verdict and
 * wait for the next one in the same hypercall (BH_HC_IPC_MONITOR_VERDICT).
 *
 * Anything wrong with the window stops the monitor with a message: the hypervisor then
 * denies every event that needs it (fail closed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/hvc.h>

#include "monitor.h"

#define VALUE_ARENA (64u * 1024u)
#define SCRATCH (64u * 1024u)

static struct monitor mon;
static struct bh_monitor_event ev __attribute__((aligned(8)));
static struct audit_rec pending_notes[PSL_MAX_AUDIT_PER_EVENT];
static uint32_t n_notes;

/* The engine's audit notes of the current event (the policy's audit profile). */
static void note(void *ctx, const struct psl_audit_record *rec)
{
	(void)ctx;
	if (n_notes == PSL_MAX_AUDIT_PER_EVENT)
		return;
	pending_notes[n_notes++] = (struct audit_rec){
	    .object = rec->object,
	    .method = rec->method,
	    .granted = rec->event_granted,
	    .state_from = rec->state_from,
	    .state_to = rec->state_to,
	};
}

/* Decoded messages use the policy's own strings for the fields it reads (monitor.h). */
static int share_names(void)
{
	uint32_t *ids = malloc(((size_t)mon.img.n_nodes + 1) * sizeof(*ids));
	uint32_t n_ids;

	if (!ids) {
		printf("monitor: out of memory (%u policy nodes)\n", mon.img.n_nodes);
		return -1;
	}
	n_ids = monitor_policy_fields(&mon.img, ids);
	for (uint32_t i = 0; i < mon.info->nparts; i++) {
		const char **keys;

		if (!mon.has_schema[i])
			continue;
		keys = malloc(((size_t)mon.schemas[i].hdr->nfields + 1) * sizeof(*keys));
		if (!keys) {
			printf("monitor: out of memory (the field names of '%s')\n",
			       mon.info->parts[i].name);
			return -1;
		}
		monitor_decode_share_names(&mon, i, keys, ids, n_ids);
	}
	free(ids);
	return 0;
}

static int load(void)
{
	const struct bh_monitor_info *info = (const void *)(uintptr_t)BH_MONITOR_WINDOW_IPA;
	enum psl_status st;
	uint32_t sids;
	size_t size;
	void *mem, *values;

	if (info->magic != BH_MONITOR_INFO_MAGIC || info->version != BH_MONITOR_INFO_VERSION ||
	    info->nparts > BH_MONITOR_MAX_PARTS) {
		printf("monitor: the hypervisor's window is not a version %u monitor info\n",
		       BH_MONITOR_INFO_VERSION);
		return -1;
	}
	mon.info = info;
	st = psl_image_load(&mon.img, (const void *)(uintptr_t)info->policy_ipa, info->policy_size);
	if (st != PSL_OK) {
		printf("monitor: the policy image is not valid: %s\n", psl_status_name(st));
		return -1;
	}
	for (uint32_t i = 0; i < info->nparts; i++) {
		const char *why;

		if (!info->parts[i].schema_size)
			continue;
		if (bh_schema_check(&mon.schemas[i],
				    (const void *)(uintptr_t)info->parts[i].schema_ipa,
				    info->parts[i].schema_size, &why)) {
			printf("monitor: the schema of '%s' is not valid: %s\n",
			       info->parts[i].name, why);
			return -1;
		}
		mon.has_schema[i] = true;
	}
	sids = info->nparts + 2; /* the partitions, Einit, the kernel */
	size = psl_engine_mem_size(&mon.img, sids, SCRATCH);
	mem = malloc(size);
	values = malloc(VALUE_ARENA);
	if (!mem || !values) {
		printf("monitor: out of memory (%zu bytes for the engine)\n", size);
		return -1;
	}
	psl_arena_init(&mon.values, values, VALUE_ARENA);
	st = psl_engine_init(&mon.eng, &mon.img, sids, mem, size, SCRATCH);
	if (st != PSL_OK) {
		printf("monitor: the engine does not start: %s\n", psl_status_name(st));
		return -1;
	}
	psl_engine_set_audit(&mon.eng, note, NULL);
	return share_names();
}

/* The kernel and Einit start before anything the hypervisor asks about. */
static void start_core(void)
{
	uint32_t kernel = psl_image_find_class(&mon.img, "kl.core.Core");
	uint32_t einit = psl_image_find_class(&mon.img, "Einit");
	struct psl_event e = {.kind = PSL_EV_EXECUTE, .riid = PSL_NONE};

	if (kernel == PSL_NONE || einit == PSL_NONE)
		return;
	e.src_sid = e.dst_sid = mon.info->kernel_sid;
	e.src_class = e.dst_class = kernel;
	psl_engine_decide(&mon.eng, &e);
	e.dst_sid = mon.info->einit_sid;
	e.dst_class = einit;
	psl_engine_decide(&mon.eng, &e);
}

/*
 * The records of an event: the policy's audit notes, or one for a denial without any.
 * by_engine: the engine decided it (st is its status); otherwise the message was not decoded.
 */
static void audit_event(const struct bh_monitor_event *d, enum psl_status st, bool by_engine)
{
	struct audit_rec r = {
	    .kind = d->kind,
	    .src_sid = d->src_sid,
	    .dst_sid = d->dst_sid,
	    .schema_sid = d->schema_sid,
	    .riid = d->riid,
	    .mid = d->mid,
	    .status = st,
	    .granted = st == PSL_OK,
	    .object = PSL_NONE,
	    .method = PSL_NONE,
	    .state_from = PSL_NONE,
	    .state_to = PSL_NONE,
	};

	if (st != PSL_OK && by_engine) {
		r.object = mon.eng.deny_object;
		r.method = mon.eng.deny_method;
	}
	for (uint32_t i = 0; i < n_notes; i++) {
		struct audit_rec n = r;

		n.object = pending_notes[i].object;
		n.method = pending_notes[i].method;
		n.state_from = pending_notes[i].state_from;
		n.state_to = pending_notes[i].state_to;
		audit_put(&n);
	}
	if (st != PSL_OK && !n_notes)
		audit_put(&r);
}

static bool decide(const struct bh_monitor_event *d)
{
	struct psl_event e = {
	    .kind = d->kind,
	    .src_sid = d->src_sid,
	    .src_class = d->src_class,
	    .dst_sid = d->dst_sid,
	    .dst_class = d->dst_class,
	    .riid = d->kind == BH_SEC_EXECUTE ? PSL_NONE : d->riid,
	    .mid = d->kind == BH_SEC_EXECUTE ? 0 : d->mid,
	};
	enum psl_status st;

	n_notes = 0;
	if (d->kind > BH_SEC_SECURITY || !monitor_decode(&mon, d, &e.message)) {
		audit_event(d, PSL_E_TYPE, false); /* a message the schema cannot describe: deny */
		return false;
	}
	st = psl_engine_decide(&mon.eng, &e);
	/* the common case, a grant the audit profile does not ask about, writes nothing */
	if (st != PSL_OK || n_notes)
		audit_event(d, st, true);
	return st == PSL_OK;
}

int main(void)
{
	struct bh_hvc_result r;

	if (load() || !audit_start(&mon))
		return 1;
	start_core();
	printf("monitor: deciding for %u partitions (%u classes, %u static verdicts)\n",
	       mon.info->nparts, mon.img.n_classes, mon.img.n_verdicts);
	r = bh_hvc1(BH_HC_IPC_MONITOR_WAIT, (uint64_t)(uintptr_t)&ev);
	for (;;) {
		uint64_t verdict;

		if (r.rc != rcOk) {
			/* a verdict for an event whose sender is gone: take the next one */
			r = bh_hvc1(BH_HC_IPC_MONITOR_WAIT, (uint64_t)(uintptr_t)&ev);
			if (r.rc != rcOk) {
				printf("monitor: waiting for events failed: 0x%x\n",
				       (unsigned int)r.rc);
				return 1;
			}
		}
		verdict = decide(&ev) ? BH_VERDICT_GRANT : BH_VERDICT_DENY;
		r = bh_hvc3(BH_HC_IPC_MONITOR_VERDICT, ev.id, verdict, (uint64_t)(uintptr_t)&ev);
	}
}
