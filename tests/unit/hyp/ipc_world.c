// SPDX-License-Identifier: GPL-2.0-only
/* The stand-in world of the host IPC tests (ipc_world.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libfdt.h>
#include <hyp/arch.h>
#include <hyp/ipc.h>
#include <hyp/manifest.h>
#include <hyp/package.h>
#include <hyp/sched.h>
#include <hyp/sha256.h>
#include <hyp/stage2.h>
#include <ipch/Server.edl.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/monitor.h>
#include <uapi/bulkhead/retcode.h>

#include "unit/hyp/ipc_world.h"

struct partition partitions[CONFIG_MAX_PARTITIONS];
uint32_t nr_partitions;
struct vcpu *ipc_world_current;
uint64_t ipc_world_now_ns = 1000;
int ipc_world_started[CONFIG_MAX_PARTITIONS];

static uint8_t ram[CONFIG_MAX_PARTITIONS][IPC_WORLD_RAM_SIZE] __attribute__((aligned(4096)));
static struct vcpu vcpus[CONFIG_MAX_PARTITIONS][IPC_WORLD_THREADS];
static struct ipc_wake wakes[CONFIG_MAX_PARTITIONS][IPC_WORLD_THREADS];
static uint64_t wait_seq;

void ipc_world_partition(uint32_t i, const struct manifest_partition *desc)
{
	struct partition *p = &partitions[i];

	strcpy(p->name, desc->name);
	p->id = i;
	p->desc = desc;
	p->state = PART_RUNNING;
	p->ram_hva = ram[i];
	p->ram_size = IPC_WORLD_RAM_SIZE;
	p->vcpus = vcpus[i];
	p->slots_used = IPC_WORLD_THREADS;
	for (uint32_t t = 0; t < IPC_WORLD_THREADS; t++) {
		vcpus[i][t].part = p;
		vcpus[i][t].slot = (uint16_t)t;
		vcpus[i][t].state = VCPU_RUNNING;
	}
	if (i >= nr_partitions)
		nr_partitions = i + 1;
}

void *ipc_world_ram(struct partition *p, uint64_t ipa)
{
	return (uint8_t *)p->ram_hva + (ipa - IPC_WORLD_RAM_IPA);
}

struct ipc_wake *ipc_world_wake_of(const struct vcpu *v)
{
	return &wakes[v->part->id][v->slot];
}

uint64_t arch_time_now_ns(void)
{
	return ipc_world_now_ns;
}

void sched_block_current(enum vcpu_wait why, uint64_t deadline)
{
	struct vcpu *v = ipc_world_current;

	v->state = VCPU_BLOCKED;
	v->wait = why;
	v->wait_seq = ++wait_seq;
	v->deadline = deadline;
}

void sched_wake(struct vcpu *v, int32_t rc, uint64_t r1)
{
	struct ipc_wake *w = ipc_world_wake_of(v);

	v->state = VCPU_RUNNABLE;
	v->wait = WAIT_NONE;
	w->woken++;
	w->rc = rc;
	w->r1 = r1;
}

/* The hand-offs of the IPC fast path: the recorded scheduler does not switch CPUs, so a
 * hand-off is the wake it implies and switching is left to the trap exit it does not model. */
void sched_wake_handoff(struct vcpu *v, int32_t rc, uint64_t r1)
{
	sched_wake(v, rc, r1);
}

bool ipc_world_may_hand_off = true;

bool sched_may_hand_off(const struct vcpu *cur, const struct vcpu *next)
{
	(void)next;
	return ipc_world_may_hand_off;
}

void sched_block_hand_off(enum vcpu_wait why, struct vcpu *next, int32_t rc, uint64_t r1)
{
	sched_block_current(why, 0);
	sched_wake(next, rc, r1);
	ipc_world_wake_of(next)->handed_off++;
}

bool sched_switch_blocked(void)
{
	return false;
}

/* A blocked vCPU waits on, for another reason (the monitor granted its request). */
void sched_rewait(struct vcpu *v, enum vcpu_wait why, uint64_t deadline)
{
	v->wait = why;
	v->deadline = deadline;
}

/* partition.c's side of execute decisions, as far as IPC sees it. */
void partition_never_start(struct partition *p)
{
	p->state = PART_STOPPED;
	ipc_partition_gone(p);
}

void partition_execute_decided(struct partition *p, bool granted)
{
	if (!granted)
		partition_never_start(p);
	else
		ipc_world_started[p->id]++;
}

static void *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	cr_assert_not_null(f, "%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

#define FDT_OK(call) cr_assert_eq((call), 0, "%s: %s", #call, fdt_strerror(call))

static void add_image(void *fit, const char *name, const char *path)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t size;
	void *data = slurp(path, &size);

	sha256(data, size, digest);
	FDT_OK(fdt_begin_node(fit, name));
	FDT_OK(fdt_property(fit, "data", data, (int)size));
	FDT_OK(fdt_begin_node(fit, "hash-1"));
	FDT_OK(fdt_property_string(fit, "algo", "sha256"));
	FDT_OK(fdt_property(fit, "value", digest, sizeof(digest)));
	FDT_OK(fdt_end_node(fit));
	FDT_OK(fdt_end_node(fit));
	free(data);
}

void ipc_world_package(struct package *pkg, const char *policy_path, const char *schema_path)
{
	static uint64_t fit[64 * 1024 / 8];
	const char *err = NULL;

	FDT_OK(fdt_create(fit, sizeof(fit)));
	FDT_OK(fdt_finish_reservemap(fit));
	FDT_OK(fdt_begin_node(fit, ""));
	FDT_OK(fdt_begin_node(fit, "images"));
	add_image(fit, "policy", policy_path);
	add_image(fit, "schema-1", schema_path);
	FDT_OK(fdt_end_node(fit));
	FDT_OK(fdt_end_node(fit));
	FDT_OK(fdt_finish(fit));
	cr_assert_eq(package_open(pkg, fit, sizeof(fit), &err), rcOk, "%s", err);
}

void ipc_world_describe(struct manifest *m, uint32_t i, const char *name, const char *class_name,
			enum partition_role role)
{
	struct manifest_partition *d = &m->part[i];

	strcpy(d->name, name);
	strcpy(d->class_name, class_name);
	d->role = role;
	d->max_threads = IPC_WORLD_THREADS;
	m->npartitions = i + 1;
}

void ipc_world_connect(struct manifest *m, uint32_t client, const char *id, uint32_t server)
{
	struct manifest_conn *c = &m->part[client].conn[m->part[client].nconns++];

	strcpy(c->id, id);
	strcpy(c->server, m->part[server].name);
	c->server_index = server;
}

struct vcpu *ipc_world_thread(uint32_t part, uint32_t t)
{
	return &partitions[part].vcpus[t];
}

void *ipc_world_at(uint32_t part, uint64_t ipa)
{
	return ipc_world_ram(&partitions[part], ipa);
}

const struct ipc_wake *ipc_world_wake(uint32_t part, uint32_t t)
{
	return ipc_world_wake_of(ipc_world_thread(part, t));
}

bool ipc_world_fast(struct vcpu *v, uint64_t fn, uint64_t x1, uint64_t x2, uint64_t x3,
		    uint64_t x4)
{
	uint64_t *x = v->arch.regs.x;

	x[0] = fn, x[1] = x1, x[2] = x2, x[3] = x3, x[4] = x4;
	ipc_world_current = v;
	return ipc_fastpath(v) != IPC_FAST_NOT_TAKEN;
}

void ipc_world_echo_reply(uint32_t part, uint64_t res_ipa, uint64_t recv_ipa, uint32_t result)
{
	struct ipch_Calc_Echo_res *res = ipc_world_at(part, res_ipa);
	SMsgHdr *buf = ipc_world_at(part, recv_ipa);

	memset(res, 0, sizeof(*res));
	res->base.size = sizeof(*res);
	res->base.mid = ipch_Calc_Echo_mid;
	res->result = result;
	memset(buf, 0, 0x100);
	buf->capacity = sizeof(union ipch_Calc_req);
}

uint64_t ipc_world_r1;

int ipc_world_hc(struct vcpu *v, uint32_t fn, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	uint64_t x[6] = {x0, x1, x2, x3}, r[4] = {0};
	int rc;

	ipc_world_current = v;
	rc = ipc_hypercall(v, fn, x, r);
	ipc_world_r1 = r[0];
	return rc;
}

const struct bh_monitor_event *ipc_world_monitor_take(uint32_t mon, uint64_t ev_ipa)
{
	struct bh_monitor_event *ev = ipc_world_at(mon, ev_ipa);

	memset(ev, 0, sizeof(*ev));
	cr_assert_eq(
	    ipc_world_hc(ipc_world_thread(mon, 0), BH_HC_IPC_MONITOR_WAIT, ev_ipa, 0, 0, 0), rcOk);
	return ev;
}

int ipc_world_verdict(uint32_t mon, uint64_t id, uint64_t v)
{
	return ipc_world_hc(ipc_world_thread(mon, 0), BH_HC_IPC_MONITOR_VERDICT, id, v, 0, 0);
}

void ipc_world_load(struct manifest *m, const struct package *pkg, struct bh_boot_info *boot,
		    uint32_t n, uint32_t monitor)
{
	for (uint32_t i = 0; i < n; i++)
		ipc_world_partition(i, &m->part[i]);
	if (monitor != IPC_WORLD_NO_MONITOR)
		cr_assert_eq(stage2_init(&partitions[monitor].s2, monitor + 1), 0);
	ipc_init(m, pkg);
	for (uint32_t i = 0; i < n; i++)
		ipc_partition_load(&partitions[i], &boot[i]);
}
