// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercall dispatch. Every argument is distrusted: pointers are IPAs checked against the
 * caller's RAM, lengths are bounded before use, and an unknown call returns rcUnimplemented.
 * A call that blocks (join, sleep) leaves its vCPU BLOCKED; whoever wakes it sets its results.
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/cpu.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

#define CONSOLE_WRITE_MAX 4096u

static int console_write(struct vcpu *v, uint64_t ipa, uint64_t len, uint64_t *written)
{
	const char *buf;

	/* The whole buffer the caller claims must be its own, even if we take less of it. */
	buf = partition_buffer(v->part, ipa, len);
	if (!buf)
		return rcInvalidArgument;
	if (len > CONSOLE_WRITE_MAX)
		len = CONSOLE_WRITE_MAX; /* the caller loops on the count written */
	console_partition_write(v->part, buf, len);
	*written = len;
	return rcOk;
}

static _Noreturn void power_off(struct vcpu *v)
{
	console_partition_flush(v->part);
	log_info("partition '%s' powered the system off", v->part->name);
	arch_power_off();
}

static int fault_report(struct vcpu *v, uint64_t esr, uint64_t far, uint64_t elr)
{
	spin_lock(&sched_lock);
	partition_fault(v->part, "%s at EL1 (ESR_EL1 0x%lx, FAR 0x%lx, PC 0x%lx)",
			arch_exception_name(esr), esr, far, elr);
	spin_unlock(&sched_lock);
	return rcOk;
}

static int partition_exit_call(struct vcpu *v, int32_t code)
{
	spin_lock(&sched_lock);
	partition_exit(v->part, code);
	spin_unlock(&sched_lock);
	return rcOk;
}

/* The groups at 0x0300 and above: results in r[0..2] (x1..x3). */
static int group_call(struct vcpu *v, uint32_t fn, const uint64_t *x, uint64_t *r)
{
	switch ((fn & BH_HVC_FN_MASK) >> 8) {
	case 0x03: return time_hypercall(v, fn, x, r);
	case 0x04:
		if (fn == BH_HC_FUTEX_WAIT)
			return futex_wait(v, x[0], x[1], (uint32_t)x[2]);
		if (fn == BH_HC_FUTEX_WAKE)
			return futex_wake(v, x[0], x[1], &r[0]);
		return rcUnimplemented;
	case 0x05:
		if ((fn & 0xf0) == 0x10)
			return notice_hypercall(v, fn, x, r);
		return handle_hypercall(v, fn, x, r);
	case 0x06: return io_hypercall(v, fn, x, r);
	case 0x07: return fn == BH_HC_STAT_GET ? stat_hypercall(v, x, r) : rcUnimplemented;
	default: return rcUnimplemented;
	}
}

/*
 * A vCPU that blocked gets its results from whoever wakes it, which may already have happened
 * on another CPU: its wait_seq tells that it blocked, whatever its state is now.
 */
static inline bool results_are_ours(const struct vcpu *v, uint64_t seq)
{
	return v->wait_seq == seq && (v->state == VCPU_RUNNING || v->state == VCPU_RUNNABLE);
}

/* Kept out of hypercall_handle so that the common calls keep a small stack frame. */
static __attribute__((noinline)) void group_handle(struct vcpu *v, uint32_t fn,
						    const uint64_t *x)
{
	uint64_t r[3] = { 0, 0, 0 }, seq = v->wait_seq;
	int rc = group_call(v, fn, x, r);

	if (rc == rcUnimplemented)
		log_debug("partition '%s': unknown hypercall 0x%x", v->part->name, fn);
	if (results_are_ours(v, seq)) {
		arch_vcpu_set_return(v, rc, r[0]);
		arch_vcpu_set_result(v, 2, r[1]);
		arch_vcpu_set_result(v, 3, r[2]);
	}
}

void hypercall_handle(struct vcpu *v, const struct hc_args *a)
{
	const uint64_t *x = a->arg;
	uint64_t r1 = 0, seq = v->wait_seq;
	int rc;

	if (a->imm != 0 || (a->fn & ~(uint64_t)BH_HVC_FN_MASK) != BH_HVC_BASE) {
		log_debug("partition '%s': unknown hypercall 0x%lx (HVC #%lu)", v->part->name,
			  a->fn, a->imm);
		arch_vcpu_set_return(v, rcUnimplemented, 0);
		return;
	}
	if ((a->fn & BH_HVC_FN_MASK) >= 0x0300) {
		group_handle(v, (uint32_t)a->fn, x);
		return;
	}
	switch ((uint32_t)a->fn) {
	case BH_HC_CONSOLE_WRITE:
		rc = console_write(v, x[0], x[1], &r1);
		break;
	case BH_HC_POWER_OFF:
		power_off(v);
	case BH_HC_PARTITION_EXIT:
		rc = partition_exit_call(v, (int32_t)x[0]);
		break;
	case BH_HC_THREAD_CREATE:
		rc = thread_create(v, x, &r1);
		break;
	case BH_HC_THREAD_EXIT:
		rc = thread_exit(v, (int32_t)x[0]);
		break;
	case BH_HC_THREAD_JOIN:
		rc = thread_join(v, (uint32_t)x[0], (uint32_t)x[1], &r1);
		break;
	case BH_HC_THREAD_YIELD:
		spin_lock(&sched_lock);
		sched_yield_current();
		spin_unlock(&sched_lock);
		rc = rcOk;
		break;
	case BH_HC_THREAD_SLEEP:
		rc = thread_sleep(v, (uint32_t)x[0]);
		break;
	case BH_HC_THREAD_RESUME:
		rc = thread_resume(v, (uint32_t)x[0]);
		break;
	case BH_HC_THREAD_SELF:
		r1 = vcpu_tid(v);
		rc = rcOk;
		break;
	case BH_HC_THREAD_SUSPEND:
		rc = thread_suspend(v, (uint32_t)x[0]);
		break;
	case BH_HC_THREAD_TERMINATE:
		rc = thread_terminate(v, (uint32_t)x[0], (int32_t)x[1]);
		break;
	case BH_HC_THREAD_SET_PRIORITY:
		rc = thread_priority(v, (uint32_t)x[0], x[1], true, &r1);
		break;
	case BH_HC_THREAD_GET_PRIORITY:
		rc = thread_priority(v, (uint32_t)x[0], 0, false, &r1);
		break;
	case BH_HC_FAULT_REPORT:
		rc = fault_report(v, x[0], x[1], x[2]);
		break;
	default:
		log_debug("partition '%s': unknown hypercall 0x%lx", v->part->name, a->fn);
		rc = rcUnimplemented;
		break;
	}
	if (results_are_ours(v, seq))
		arch_vcpu_set_return(v, rc, r1);
}
