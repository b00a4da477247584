/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU time and memory statistics (KasperskyOS coresrv/stat/stat_api.h), from the hypervisor's
 * accounting (uapi/bulkhead/stat.h). KasperskyOS does not publish the prototypes; these take
 * the parameter and return the value through a pointer. Times in ns, memory in bytes.
 */
#ifndef CORESRV_STAT_STAT_API_H
#define CORESRV_STAT_STAT_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>
#include <uapi/bulkhead/stat.h>

typedef enum {
	GROUP_PARAM_CPU_KERNEL = BH_STAT_CPU_KERNEL,
	GROUP_PARAM_CPU_USER = BH_STAT_CPU_USER,
	GROUP_PARAM_CPU_IDLE = BH_STAT_CPU_IDLE,
	GROUP_PARAM_MEM_TOTAL = BH_STAT_MEM_TOTAL,
	GROUP_PARAM_MEM_FREE = BH_STAT_MEM_FREE,
} GroupStatParam;

typedef enum {
	TASK_PARAM_TIME_TOTAL = 100, /* = TIME_USER: hypervisor work for it is included */
	TASK_PARAM_TIME_USER = BH_STAT_CPU_USER,
	TASK_PARAM_MEM_TOTAL = BH_STAT_MEM_TOTAL, /* RAM + DMA buffers */
	TASK_PARAM_MEM_DMA = BH_STAT_MEM_DMA,
	TASK_PARAM_THREADS = BH_STAT_THREADS,
} TaskStatParam;

typedef enum {
	CPU_PARAM_KERNEL = BH_STAT_CPU_KERNEL,
	CPU_PARAM_USER = BH_STAT_CPU_USER,
	CPU_PARAM_IDLE = BH_STAT_CPU_IDLE,
} CpuStatParam;

/* Until task handles exist, a partition asks about itself. */
#define KOS_TASK_SELF ((Handle)0)

Retcode KnGroupStatGetParam(GroupStatParam param, rtl_uint64_t *value);
/* rcResourceNotFound for a task other than KOS_TASK_SELF. */
Retcode KnTaskStatGetParam(Handle task, TaskStatParam param, rtl_uint64_t *value);
Retcode KnCpuStatGetParam(rtl_uint32_t cpu, CpuStatParam param, rtl_uint64_t *value);
/* Bulkhead: CPU time of one thread of the caller (TASK_PARAM_TIME_USER). */
Retcode KnThreadStatGetParam(Tid tid, TaskStatParam param, rtl_uint64_t *value);

#endif
