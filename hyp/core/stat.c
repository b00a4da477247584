// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU time and memory statistics (KnGroupStatGetParam and friends). The scheduler accounts a
 * vCPU's time when it leaves its CPU and a CPU's idle time when it wakes from WFI; a vCPU on a
 * CPU right now is counted up to this moment. Hypervisor work done in a vCPU's traps counts as
 * that vCPU's time: timing every trap would cost more than the figure is worth.
 */
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/hypercall.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <hyp/time.h>
#include <uapi/bulkhead/retcode.h>
#include <uapi/bulkhead/stat.h>

static uint64_t vcpu_time(const struct vcpu *v, uint64_t now)
{
	return v->cpu_time_ns + (sched_on_cpu(v) ? now - v->run_start : 0);
}

static uint64_t cpu_user(uint32_t cpu, uint64_t now)
{
	const struct pcpu *c = &pcpus[cpu];

	return c->user_ns + (c->current ? now - c->current->run_start : 0);
}

static int cpu_param(uint32_t cpu, uint32_t param, uint64_t now, uint64_t *out)
{
	uint64_t user, idle, up = time_uptime_ns();

	if (cpu >= CONFIG_NR_CPUS || !pcpus[cpu].online)
		return rcInvalidArgument;
	user = cpu_user(cpu, now);
	idle = pcpus[cpu].idle_ns;
	switch (param) {
	case BH_STAT_CPU_USER:
		*out = user;
		return rcOk;
	case BH_STAT_CPU_IDLE:
		*out = idle;
		return rcOk;
	case BH_STAT_CPU_KERNEL:
		*out = up > user + idle ? up - user - idle : 0;
		return rcOk;
	default:
		return rcInvalidArgument;
	}
}

static int system_param(uint32_t param, uint64_t now, uint64_t *out)
{
	uint64_t sum = 0, v;

	switch (param) {
	case BH_STAT_MEM_TOTAL:
		*out = (uint64_t)page_alloc_total_pages() * PAGE_SIZE;
		return rcOk;
	case BH_STAT_MEM_FREE:
		*out = (uint64_t)page_alloc_free_pages() * PAGE_SIZE;
		return rcOk;
	case BH_STAT_CPU_USER:
	case BH_STAT_CPU_KERNEL:
	case BH_STAT_CPU_IDLE:
		for (uint32_t cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
			if (!pcpus[cpu].online)
				continue;
			cpu_param(cpu, param, now, &v);
			sum += v;
		}
		*out = sum;
		return rcOk;
	default:
		return rcInvalidArgument;
	}
}

static int partition_param(struct partition *p, uint32_t param, uint64_t now, uint64_t *out)
{
	uint64_t t = p->ended_time_ns;
	uint32_t n = 0;

	switch (param) {
	case BH_STAT_CPU_USER:
		/* The ended threads' and earlier runs' time, and each vCPU's, running ones
		 * up to now. */
		for (uint32_t s = 0; s < p->desc->max_threads; s++)
			t += vcpu_time(&p->vcpus[s], now);
		*out = t;
		return rcOk;
	case BH_STAT_MEM_TOTAL:
		*out = p->ram_size + p->dma_bytes;
		return rcOk;
	case BH_STAT_MEM_DMA:
		*out = p->dma_bytes;
		return rcOk;
	case BH_STAT_THREADS:
		for (uint32_t s = 0; s < p->desc->max_threads; s++)
			n += p->vcpus[s].state != VCPU_FREE && p->vcpus[s].state != VCPU_ZOMBIE;
		*out = n;
		return rcOk;
	default:
		return rcInvalidArgument;
	}
}

static int thread_param(struct partition *p, uint64_t tid, uint32_t param, uint64_t now,
			uint64_t *out)
{
	struct vcpu *v;

	if (TID_SLOT(tid) >= p->desc->max_threads || tid > UINT32_MAX)
		return rcResourceNotFound;
	v = &p->vcpus[TID_SLOT(tid)];
	if (v->state == VCPU_FREE || v->gen != (TID_GEN(tid) & 0xffff))
		return rcResourceNotFound;
	if (param != BH_STAT_CPU_USER)
		return rcInvalidArgument;
	*out = vcpu_time(v, now);
	return rcOk;
}

int stat_hypercall(struct vcpu *v, const uint64_t *x, uint64_t *r)
{
	uint64_t now;
	int rc;

	if (x[2] > UINT32_MAX)
		return rcInvalidArgument;
	spin_lock(&sched_lock);
	now = arch_time_now_ns();
	switch (x[0]) {
	case BH_STAT_SYSTEM:
		rc = system_param((uint32_t)x[2], now, &r[0]);
		break;
	case BH_STAT_CPU:
		rc = x[1] >= CONFIG_NR_CPUS ? rcInvalidArgument
					    : cpu_param((uint32_t)x[1], (uint32_t)x[2], now, &r[0]);
		break;
	case BH_STAT_PARTITION:
		rc = partition_param(v->part, (uint32_t)x[2], now, &r[0]);
		break;
	case BH_STAT_THREAD:
		rc = thread_param(v->part, x[1], (uint32_t)x[2], now, &r[0]);
		break;
	default:
		rc = rcInvalidArgument;
		break;
	}
	spin_unlock(&sched_lock);
	return rc;
}
