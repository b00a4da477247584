// SPDX-License-Identifier: GPL-2.0-only
/* The stand-in world of the host IPC tests (ipc_world.h). */
#include <stddef.h>
#include <string.h>

#include <hyp/arch.h>
#include <hyp/ipc.h>
#include <hyp/sched.h>

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

	(void)r1;
	v->state = VCPU_RUNNABLE;
	v->wait = WAIT_NONE;
	w->woken++;
	w->rc = rc;
}

/* The hand-offs of the IPC fast path: the recorded scheduler does not switch CPUs, so a
 * hand-off is the wake it implies and switching is left to the trap exit it does not model. */
void sched_wake_handoff(struct vcpu *v, int32_t rc, uint64_t r1)
{
	sched_wake(v, rc, r1);
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
