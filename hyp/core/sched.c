// SPDX-License-Identifier: GPL-2.0-only
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/guest.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/retcode.h>

#define SLICE_NS ((uint64_t)CONFIG_SCHED_TIME_SLICE_US * 1000u)

spinlock_t sched_lock = SPINLOCK_INIT;
struct pcpu pcpus[CONFIG_NR_CPUS];
static uint64_t wait_seq; /* orders waiters: the oldest is woken first */

void sched_init_cpu(uint32_t cpu)
{
	struct pcpu *c = &pcpus[cpu];

	for (int p = 0; p < NR_PRIORITIES; p++)
		list_init(&c->ready[p]);
	list_init(&c->timed);
	c->ready_mask = 0;
	c->current = NULL;
	c->loaded = NULL;
	c->fp_owner = NULL;
}

static int highest_ready(const struct pcpu *c)
{
	return c->ready_mask ? 31 - __builtin_clz(c->ready_mask) : -1;
}

static void enqueue(struct pcpu *c, struct vcpu *v)
{
	list_add_tail(&c->ready[v->priority], &v->link);
	c->ready_mask |= 1u << v->priority;
	c->resched = true;
}

static struct vcpu *dequeue_highest(struct pcpu *c)
{
	int p = highest_ready(c);
	struct vcpu *v;

	if (p < 0)
		return NULL;
	v = container_of(c->ready[p].next, struct vcpu, link);
	list_del(&v->link);
	if (list_empty(&c->ready[p]))
		c->ready_mask &= ~(1u << p);
	return v;
}

void sched_remove(struct vcpu *v)
{
	struct pcpu *c = &pcpus[v->cpu];

	if (v->state == VCPU_RUNNABLE || v->deadline) {
		list_del(&v->link);
		if (v->state == VCPU_RUNNABLE && list_empty(&c->ready[v->priority]))
			c->ready_mask &= ~(1u << v->priority);
	}
	v->deadline = 0;
}

void sched_kick(uint32_t cpu)
{
	if (cpu != this_cpu()->id)
		arch_send_resched(cpu);
}

static void program_timer(struct pcpu *c);

void sched_make_runnable(struct vcpu *v)
{
	struct pcpu *c = &pcpus[v->cpu];
	const struct vcpu *cur = c->current;
	bool decided = !c->resched;

	if (v->suspend_pending) {
		/* Suspended while it was blocked: it stops here until resumed. */
		v->suspend_pending = false;
		v->state = VCPU_SUSPENDED;
		return;
	}
	v->state = VCPU_RUNNABLE;
	enqueue(c, v);
	/*
	 * Woken on this CPU, where the vCPU that runs goes on running and v cannot take its place
	 * (a server that replies to a client of its priority): the next decision is not due
	 * before the current vCPU blocks, yields or ends its slice, so the trap need not take the
	 * scheduler's full pass. With equal priorities the slice's end is armed now instead.
	 */
	if (decided && c == this_cpu() && cur && cur->state == VCPU_RUNNING &&
	    cur->part->state == PART_RUNNING && v->priority <= cur->priority) {
		c->resched = false;
		if (v->priority == cur->priority)
			program_timer(c);
		return;
	}
	sched_kick(v->cpu);
}

void sched_wake(struct vcpu *v, int32_t rc, uint64_t r1)
{
	if (v->deadline)
		list_del(&v->link);
	v->deadline = 0;
	v->wait = WAIT_NONE;
	arch_vcpu_set_return(v, rc, r1);
	sched_make_runnable(v);
}

void sched_wake_wfi(struct vcpu *v)
{
	if (v->deadline)
		list_del(&v->link);
	v->deadline = 0;
	v->wait = WAIT_NONE;
	sched_make_runnable(v);
}

void sched_block_current(enum vcpu_wait why, uint64_t deadline)
{
	struct vcpu *v = this_cpu()->current;

	v->state = VCPU_BLOCKED;
	v->wait = why;
	v->wait_seq = ++wait_seq;
	v->deadline = deadline;
	if (deadline)
		list_add_tail(&pcpus[v->cpu].timed, &v->link);
	pcpus[v->cpu].resched = true;
}

void sched_rewait(struct vcpu *v, enum vcpu_wait why, uint64_t deadline)
{
	if (v->deadline)
		list_del(&v->link);
	v->wait = why;
	v->deadline = deadline;
	if (deadline)
		list_add_tail(&pcpus[v->cpu].timed, &v->link);
}

void sched_yield_current(void)
{
	struct pcpu *c = this_cpu();
	struct vcpu *v = c->current;

	/* Let every other vCPU of the same priority have its turn before v runs again. */
	if (v->state == VCPU_RUNNING && highest_ready(c) >= (int)v->priority) {
		v->state = VCPU_RUNNABLE;
		enqueue(c, v);
	}
}

void sched_set_priority(struct vcpu *v, uint32_t prio)
{
	struct pcpu *c = &pcpus[v->cpu];

	if (v->state == VCPU_RUNNABLE) {
		list_del(&v->link);
		if (list_empty(&c->ready[v->priority]))
			c->ready_mask &= ~(1u << v->priority);
		v->priority = prio;
		enqueue(c, v);
	} else {
		v->priority = prio;
	}
	/* Its CPU re-decides: a running vCPU that lowered itself may have to give way. */
	c->resched = true;
	sched_kick(v->cpu);
}

bool sched_on_cpu(const struct vcpu *v)
{
	return pcpus[v->cpu].current == v;
}

uint32_t sched_pick_cpu(uint32_t cpu_mask)
{
	uint32_t best = UINT32_MAX;

	for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		if (!(cpu_mask & (1u << cpu)) || !pcpus[cpu].online)
			continue;
		if (best == UINT32_MAX || pcpus[cpu].nr_vcpus < pcpus[best].nr_vcpus)
			best = cpu;
	}
	return best == UINT32_MAX ? 0 : best;
}

static void wake_expired(struct pcpu *c, uint64_t now)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->timed) {
		struct vcpu *v = container_of(pos, struct vcpu, link);

		if (v->deadline > now)
			continue;
		if (v->wait == WAIT_WFI)
			sched_wake_wfi(v);
		else if (v->wait == WAIT_IPC_DECIDE)
			ipc_decide_expired(v); /* the monitor did not answer in time: deny */
		else
			sched_wake(v, v->wait == WAIT_SLEEP ? rcOk : rcTimeout, 0);
	}
}

void sched_timer_expired(void)
{
	struct pcpu *c = this_cpu();

	spin_lock(&sched_lock);
	wake_expired(c, arch_time_now_ns());
	c->resched = true; /* maybe a time slice ended */
	spin_unlock(&sched_lock);
}

static void program_timer(struct pcpu *c)
{
	uint64_t deadline = 0;
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->timed) {
		struct vcpu *v = container_of(pos, struct vcpu, link);

		if (!deadline || v->deadline < deadline)
			deadline = v->deadline;
	}
	/* A slice ends only if someone of the same priority waits for the CPU. */
	if (c->current && highest_ready(c) == (int)c->current->priority &&
	    (!deadline || c->slice_end < deadline))
		deadline = c->slice_end;
	arch_timer_set_deadline(deadline);
}

/* v's time on the CPU since it last took it. */
static inline void charge(struct pcpu *c, struct vcpu *v, uint64_t now)
{
	uint64_t ran = now - v->run_start;

	v->cpu_time_ns += ran; /* the partition's is the sum (stat.c) */
	c->user_ns += ran;
}

/*
 * v leaves the CPU for good or for now. true: its registers are still live on the CPU and
 * must be saved before anything else is loaded (run, or arch_vcpu_save when nothing runs
 * next); nothing here needs them saved first: only a stopping partition, whose vCPUs are
 * never saved, is finished here.
 */
static bool switch_out(struct pcpu *c, struct vcpu *v, uint64_t now)
{
	struct partition *p = v->part;

	charge(c, v, now);
	if (p->state != PART_STOPPING && v->state != VCPU_ZOMBIE && v->state != VCPU_FREE) {
		p->nr_running--;
		return true;
	}
	/* its state will never be needed again */
	if (c->loaded == v)
		c->loaded = NULL;
	if (c->fp_owner == v)
		c->fp_owner = NULL;
	if (p->state == PART_STOPPING && v->state != VCPU_ZOMBIE)
		v->state = VCPU_FREE;
	if (--p->nr_running == 0 && p->state == PART_STOPPING)
		partition_stopped(p);
	return false;
}

/* next is the CPU's now; its registers are loaded after (run, or the hand-off's own order). */
static inline void take_cpu(struct pcpu *c, struct vcpu *next, uint64_t now)
{
	c->current = next;
	next->state = VCPU_RUNNING;
	next->run_start = now;
	next->part->nr_running++;
	c->slice_end = now + SLICE_NS;
	c->cur_regs = &next->arch.regs;
}

/* next takes the CPU from prev, whose registers are still to be saved when save_prev
 * (switch_out's answer): one arch_vcpu_switch then. */
static void run(struct pcpu *c, struct vcpu *next, uint64_t now, struct vcpu *prev,
		bool save_prev)
{
	take_cpu(c, next, now);
	if (save_prev)
		arch_vcpu_switch(next, prev);
	else
		arch_vcpu_load(next); /* cheap when next is what the CPU holds */
}

/* prev, the current vCPU, has blocked; may it leave the CPU without the full pass? */
static bool may_leave_now(const struct vcpu *prev)
{
	if (prev->state != VCPU_BLOCKED || prev->part->state != PART_RUNNING)
		return false; /* prev did not block, or its partition stops */
	if (prev->leave_pending)
		return false; /* another CPU ended or suspended prev meanwhile */
	return true;
}

/* The timer is armed (and known) for no later than deadline: when it fires, the scheduler's
 * pass looks at every deadline and arms it again. */
static inline bool timer_fires_by(const struct pcpu *c, uint64_t deadline)
{
	return c->timer_ns && c->timer_ns != ~0ull && c->timer_ns <= deadline;
}

/*
 * The switch itself. Expired deadlines are not looked at here: their timer interrupt is
 * pending and wakes them on the next trap, as it does while a vCPU runs. Only a deadline prev
 * waits for, unless the timer fires by then anyway (a Call's verdict deadline, mostly, after
 * the one of the Call before), or a vCPU of next's priority waiting for its turn, can need
 * the timer sooner than it is set.
 */
static void switch_now(struct pcpu *c, struct vcpu *prev, struct vcpu *next)
{
	uint64_t now = arch_time_now_ns();

	run(c, next, now, prev, switch_out(c, prev, now));
	if ((prev->deadline && !timer_fires_by(c, prev->deadline)) ||
	    highest_ready(c) == (int)next->priority)
		program_timer(c);
	c->resched = false;
}

bool sched_switch_blocked(void)
{
	struct pcpu *c = this_cpu();
	struct vcpu *prev = c->current, *next;
	int best = highest_ready(c);

	/* Each of these needs the full pass of sched_trap_exit: */
	if (best < 0) /* nobody to run: the CPU idles */
		return false;
	if (!may_leave_now(prev))
		return false;
	next = container_of(c->ready[best].next, struct vcpu, link);
	if (next->part->guest.reload_pending)
		return false; /* a restarted guest loads its images first */
	dequeue_highest(c);
	switch_now(c, prev, next);
	return true;
}

static inline void hand_off_wake(struct vcpu *next, int32_t rc, uint64_t r1)
{
	if (next->deadline)
		list_del(&next->link);
	next->deadline = 0;
	next->wait = WAIT_NONE;
	arch_vcpu_set_return(next, rc, r1);
}

/*
 * The hand-off's switch: prev, the current vCPU, has blocked and may leave now
 * (may_leave_now), and next, blocked, would be first to run here (sched_may_hand_off). That
 * rules out everything switch_out() and switch_now() look at beyond the plain switch: a
 * stopping partition, a vCPU being ended, and a time slice to end (nobody ready has next's
 * priority). Only a deadline of prev's (prev_deadline) may need the timer.
 */
static inline void hand_off_now(struct pcpu *c, struct vcpu *prev, uint64_t prev_deadline,
				struct vcpu *next, int32_t rc, uint64_t r1, uint64_t now)
{
	charge(c, prev, now);
	prev->part->nr_running--;
	hand_off_wake(next, rc, r1);
	take_cpu(c, next, now);
	if (prev_deadline && !timer_fires_by(c, prev_deadline))
		program_timer(c);
	c->resched = false;
	/* The registers last, so that little has to live across the call: prev's EL1 state
	 * does not depend on what changed above. */
	arch_vcpu_switch(next, prev);
}

/* sched_block_current() without a deadline and the hand-off in one, for the IPC fast path. */
void sched_block_hand_off(enum vcpu_wait why, struct vcpu *next, int32_t rc, uint64_t r1)
{
	struct pcpu *c = this_cpu();
	struct vcpu *prev = c->current;

	prev->state = VCPU_BLOCKED;
	prev->wait = why;
	prev->wait_seq = ++wait_seq;
	prev->deadline = 0;
	hand_off_now(c, prev, 0, next, rc, r1, arch_time_now_ns());
}

void sched_wake_handoff(struct vcpu *next, int32_t rc, uint64_t r1)
{
	struct pcpu *c = this_cpu();

	/* The ordinary wake and switch when the hand-off's conditions do not hold. */
	if (!may_leave_now(c->current) || !sched_may_hand_off(c->current, next)) {
		sched_wake(next, rc, r1);
		sched_switch_blocked();
		return;
	}
	hand_off_now(c, c->current, c->current->deadline, next, rc, r1, arch_time_now_ns());
}

static struct vcpu *pick_next(struct pcpu *c, uint64_t now)
{
	struct vcpu *prev = c->current;
	int best = highest_ready(c);

	if (prev && prev->state == VCPU_RUNNING && prev->part->state == PART_RUNNING) {
		if (best < (int)prev->priority ||
		    (best == (int)prev->priority && now < c->slice_end))
			return prev;
		prev->state = VCPU_RUNNABLE;
		enqueue(c, prev);
	}
	return dequeue_highest(c);
}

void sched_trap_exit(void)
{
	struct pcpu *c = this_cpu();
	struct vcpu *prev, *next;
	bool save_prev;
	uint64_t now;

	/*
	 * Fast path: the vCPU that trapped may go on running when nothing that could change the
	 * decision happened since it was last taken on this CPU: no vCPU was queued here or
	 * blocked, no timer expired (all of these set c->resched under sched_lock), and the
	 * vCPU and its partition still run. Another CPU that queues a vCPU here also sends an
	 * SGI, so a stale read only delays the decision to that interrupt's trap.
	 */
	prev = c->current;
	if (__builtin_expect(prev && !__atomic_load_n(&c->resched, __ATOMIC_ACQUIRE) &&
				     prev->state == VCPU_RUNNING &&
				     prev->part->state == PART_RUNNING, 1)) {
		arch_vcpu_enter(prev);
		return;
	}

	spin_lock(&sched_lock);
	c->resched = false;
	for (;;) {
		now = arch_time_now_ns();
		wake_expired(c, now);
		prev = c->current;
		/* Terminated or suspended by another CPU while it ran here: done now, safely. */
		if (prev && prev->kill_pending) {
			prev->kill_pending = false;
			if (prev->part->state == PART_RUNNING)
				thread_finish(prev, prev->kill_code);
		}
		if (prev && prev->suspend_pending) {
			if (prev->state == VCPU_RUNNING || prev->state == VCPU_RUNNABLE) {
				sched_remove(prev); /* it may have yielded into the ready queue */
				prev->suspend_pending = false;
				prev->state = VCPU_SUSPENDED;
			}
			/* Suspended now, or blocked (it stops when its wait ends). */
			thread_stopped(prev);
		}
		next = pick_next(c, now);
		if (next == prev && prev) {
			prev->state = VCPU_RUNNING; /* it may have yielded to nobody */
			break;
		}
		save_prev = prev && switch_out(c, prev, now);
		c->current = next;
		if (next) {
			run(c, next, now, prev, save_prev);
			break;
		}
		if (save_prev)
			arch_vcpu_save(prev);
		/* switch_out() may have queued a vCPU here (a partition restarting): run it. */
		if (c->ready_mask)
			continue;
		/* Idle until an interrupt: a timer deadline or another CPU's kick. */
		program_timer(c);
		spin_unlock(&sched_lock);
		arch_wait_for_interrupt();
		c->idle_ns += arch_time_now_ns() - now;
		arch_irq_handle_pending();
		spin_lock(&sched_lock);
	}
	program_timer(c);
	spin_unlock(&sched_lock);
	if (__builtin_expect(c->current->part->guest.reload_pending, 0))
		guest_reload(c->current);
	arch_vcpu_enter(c->current);
}

_Noreturn void sched_start(void)
{
	extern _Noreturn void return_to_guest(void);

	sched_trap_exit();
	return_to_guest();
}
