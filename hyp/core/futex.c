// SPDX-License-Identifier: GPL-2.0-only
/*
 * Futexes: wait while a 32-bit word in the caller's RAM holds an expected value, wake threads
 * waiting on a word. The key is (partition, IPA): only the partition's own vCPUs can wait on
 * its words, so a wake scans that partition's vCPUs and no global table is needed. The
 * compare and the block happen under sched_lock, which every wake also takes, so a wake that
 * follows a change of the word can never be lost. Waiters are woken oldest first.
 */
#include <hyp/arch.h>
#include <hyp/hypercall.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/hypercall.h>
#include <uapi/bulkhead/retcode.h>

static struct vcpu *oldest_waiter(struct partition *p, uint64_t ipa)
{
	struct vcpu *best = NULL;

	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		struct vcpu *v = &p->vcpus[i];

		if (v->state == VCPU_BLOCKED && v->wait == WAIT_FUTEX && v->futex_ipa == ipa &&
		    (!best || v->wait_seq < best->wait_seq))
			best = v;
	}
	return best;
}

int futex_wait(struct vcpu *v, uint64_t ipa, uint64_t expected, uint32_t timeout_ms)
{
	volatile uint32_t *word;
	int rc = rcOk;

	if ((ipa & 3) || expected > UINT32_MAX)
		return rcInvalidArgument;
	word = partition_buffer(v->part, ipa, sizeof(*word));
	if (!word)
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	if (*word != (uint32_t)expected) {
		rc = rcFutexWouldBlock;
	} else if (timeout_ms == 0) {
		rc = rcTimeout;
	} else {
		v->futex_ipa = ipa;
		sched_block_current(WAIT_FUTEX, timeout_ms == BH_TIMEOUT_INFINITE
						    ? 0
						    : arch_time_now_ns() + timeout_ms * 1000000ull);
	}
	spin_unlock(&sched_lock);
	return rc;
}

int futex_wake(struct vcpu *v, uint64_t ipa, uint64_t count, uint64_t *woken)
{
	struct vcpu *w;
	uint64_t n = 0;

	if ((ipa & 3) || !partition_buffer(v->part, ipa, 4))
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	while (n < count && (w = oldest_waiter(v->part, ipa))) {
		sched_wake(w, rcOk, 0);
		n++;
	}
	spin_unlock(&sched_lock);
	*woken = n;
	return rcOk;
}
