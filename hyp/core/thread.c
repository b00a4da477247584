// SPDX-License-Identifier: GPL-2.0-only
/* Thread hypercalls: a thread of a partition is one of its vCPUs. */
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/hypercall.h>
#include <hyp/ipc.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/retcode.h>

static struct vcpu *find_thread(struct partition *p, uint32_t tid)
{
	struct vcpu *v;

	if (TID_SLOT(tid) >= p->desc->max_threads)
		return NULL;
	v = &p->vcpus[TID_SLOT(tid)];
	if (v->state == VCPU_FREE || v->gen != (TID_GEN(tid) & 0xffff))
		return NULL;
	return v;
}

/* A slot for a new thread: a free one, else one whose exit code nobody collected. */
static struct vcpu *free_slot(struct partition *p)
{
	struct vcpu *zombie = NULL;

	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		/* A thread that just ended may still be leaving its CPU: not yet. */
		if (sched_on_cpu(&p->vcpus[i]))
			continue;
		if (p->vcpus[i].state == VCPU_FREE)
			return &p->vcpus[i];
		if (p->vcpus[i].state == VCPU_ZOMBIE && !zombie)
			zombie = &p->vcpus[i];
	}
	return zombie;
}

/* x: entry, sp, arg, priority, flags */
int thread_create(struct vcpu *cur, const uint64_t *x, uint64_t *r1)
{
	struct partition *p = cur->part;
	uint64_t entry = x[0], sp = x[1], arg = x[2], prio = x[3], flags = x[4];
	struct vcpu *v;

	if (prio > BH_PRIORITY_MAX || (flags & ~(uint64_t)BH_THREAD_SUSPENDED))
		return rcInvalidArgument;
	/* The entry must be in RAM; the stack grows down from sp, so sp may equal RAM's end. */
	if ((entry & 3) || !partition_buffer(p, entry, 4) || (sp & 15) ||
	    !partition_buffer(p, sp - 16, 16))
		return rcInvalidArgument;

	spin_lock(&sched_lock);
	v = free_slot(p);
	if (!v) {
		spin_unlock(&sched_lock);
		return rcQuotaExceeded;
	}
	if (v->slot >= p->slots_used)
		p->slots_used = v->slot + 1u;
	v->gen++;
	v->priority = prio;
	v->joined = false;
	v->kill_pending = false;
	v->suspend_pending = false;
	v->wait = WAIT_NONE;
	v->deadline = 0;
	p->ended_time_ns += v->cpu_time_ns;
	v->cpu_time_ns = 0;
	v->cpu = sched_pick_cpu(p->desc->cpu_mask);
	arch_vcpu_save(cur); /* its live EL1 MMU set-up is what the new thread shares */
	arch_vcpu_init(v, entry, sp, arg);
	arch_vcpu_inherit(v, cur);
	pcpus[v->cpu].nr_vcpus++;
	p->nr_live++;
	if (flags & BH_THREAD_SUSPENDED)
		v->state = VCPU_SUSPENDED;
	else
		sched_make_runnable(v);
	*r1 = vcpu_tid(v);
	spin_unlock(&sched_lock);
	return rcOk;
}

void thread_stopped(struct vcpu *v)
{
	struct partition *p = v->part;
	uint32_t tid = vcpu_tid(v);

	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		struct vcpu *w = &p->vcpus[i];

		if (w->state == VCPU_BLOCKED && w->wait == WAIT_STOP && w->join_tid == tid)
			sched_wake(w, rcOk, 0);
	}
}

void thread_finish(struct vcpu *v, int32_t code)
{
	struct partition *p = v->part;
	uint32_t tid = vcpu_tid(v);

	if (v->state == VCPU_RUNNABLE || v->state == VCPU_BLOCKED)
		sched_remove(v);
	v->exit_code = code;
	v->state = VCPU_ZOMBIE;
	v->wait = WAIT_NONE;
	v->kill_pending = false;
	v->suspend_pending = false;
	pcpus[v->cpu].nr_vcpus--;
	ipc_thread_gone(v);
	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		struct vcpu *w = &p->vcpus[i];

		if (w->state == VCPU_BLOCKED && w->wait == WAIT_JOIN && w->join_tid == tid) {
			sched_wake(w, rcOk, (uint64_t)(int64_t)code);
			v->joined = true;
		}
	}
	if (v->joined)
		v->state = VCPU_FREE;
	thread_stopped(v); /* a suspender waiting for it to stop: it did */
	if (v->slot == 0)
		p->exit_code = code;
	if (--p->nr_live == 0)
		partition_exited(p, p->exit_code);
}

int thread_exit(struct vcpu *cur, int32_t code)
{
	spin_lock(&sched_lock);
	thread_finish(cur, code);
	spin_unlock(&sched_lock);
	return rcOk;
}

int thread_join(struct vcpu *cur, uint32_t tid, uint32_t timeout_ms, uint64_t *r1)
{
	struct vcpu *t;
	int rc = rcOk;

	spin_lock(&sched_lock);
	t = find_thread(cur->part, tid);
	if (!t) {
		rc = rcResourceNotFound;
	} else if (t == cur) {
		rc = rcInvalidArgument; /* waiting for oneself never ends */
	} else if (t->state == VCPU_ZOMBIE) {
		*r1 = (uint64_t)(int64_t)t->exit_code;
		t->state = VCPU_FREE;
	} else if (timeout_ms == 0) {
		rc = rcTimeout;
	} else {
		cur->join_tid = tid;
		sched_block_current(WAIT_JOIN, timeout_ms == BH_TIMEOUT_INFINITE ? 0 :
					       arch_time_now_ns() + timeout_ms * 1000000ull);
	}
	spin_unlock(&sched_lock);
	return rc;
}

int thread_sleep(struct vcpu *cur, uint32_t ms)
{
	spin_lock(&sched_lock);
	if (ms == 0)
		sched_yield_current();
	else
		sched_block_current(WAIT_SLEEP, arch_time_now_ns() + ms * 1000000ull);
	spin_unlock(&sched_lock);
	return rcOk;
}

int thread_resume(struct vcpu *cur, uint32_t tid)
{
	struct vcpu *t;
	int rc = rcOk;

	spin_lock(&sched_lock);
	t = find_thread(cur->part, tid);
	if (!t)
		rc = rcResourceNotFound;
	else if (t->suspend_pending) {
		t->suspend_pending = false; /* it never stopped */
		thread_stopped(t);	    /* nor will it: its suspender need not wait */
	}
	else if (t->state != VCPU_SUSPENDED)
		rc = rcInvalidThreadState;
	else
		sched_make_runnable(t);
	spin_unlock(&sched_lock);
	return rc;
}

static bool is_live(const struct vcpu *t)
{
	return t->state != VCPU_FREE && t->state != VCPU_ZOMBIE;
}

int thread_suspend(struct vcpu *cur, uint32_t tid)
{
	struct vcpu *t;
	int rc = rcOk;

	spin_lock(&sched_lock);
	t = find_thread(cur->part, tid);
	if (!t) {
		rc = rcResourceNotFound;
	} else if (!is_live(t) || t->state == VCPU_SUSPENDED || t->suspend_pending) {
		rc = rcInvalidThreadState;
	} else if (t == cur) {
		arch_vcpu_set_return(t, rcOk, 0); /* what it sees when resumed */
		t->state = VCPU_SUSPENDED;	  /* leaves the CPU on the way out of this call */
		pcpus[t->cpu].resched = true;
	} else if (sched_on_cpu(t)) {
		/* On another CPU: that CPU stops it on its way out of the trap; wait for that. */
		t->suspend_pending = true;
		pcpus[t->cpu].resched = true;
		sched_kick(t->cpu);
		cur->join_tid = tid;
		sched_block_current(WAIT_STOP, 0);
	} else if (t->state == VCPU_BLOCKED) {
		t->suspend_pending = true; /* off every CPU already: it stops when woken */
	} else {
		sched_remove(t); /* RUNNABLE, in its CPU's ready queue */
		t->state = VCPU_SUSPENDED;
	}
	spin_unlock(&sched_lock);
	return rc;
}

int thread_terminate(struct vcpu *cur, uint32_t tid, int32_t code)
{
	struct vcpu *t;
	int rc = rcOk;

	spin_lock(&sched_lock);
	t = find_thread(cur->part, tid);
	if (!t) {
		rc = rcResourceNotFound;
	} else if (!is_live(t) || t->kill_pending) {
		rc = rcInvalidThreadState;
	} else if (t != cur && sched_on_cpu(t)) {
		t->kill_pending = true;
		t->kill_code = code;
		pcpus[t->cpu].resched = true;
		sched_kick(t->cpu);
	} else {
		thread_finish(t, code);
	}
	spin_unlock(&sched_lock);
	return rc;
}

int thread_priority(struct vcpu *cur, uint32_t tid, uint64_t prio, bool set, uint64_t *r1)
{
	struct vcpu *t;
	int rc = rcOk;

	if (set && prio > BH_PRIORITY_MAX)
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	t = find_thread(cur->part, tid);
	if (!t || !is_live(t))
		rc = rcResourceNotFound;
	else if (set)
		sched_set_priority(t, (uint32_t)prio);
	else
		*r1 = t->priority;
	spin_unlock(&sched_lock);
	return rc;
}
