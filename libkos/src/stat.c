// SPDX-License-Identifier: GPL-2.0-only
/* coresrv/stat/stat_api.h over BH_HC_STAT_GET. */
#include <bulkhead/hvc.h>
#include <coresrv/stat/stat_api.h>

static Retcode get(uint32_t scope, uint64_t id, uint32_t param, rtl_uint64_t *value)
{
	struct bh_hvc_result r;

	if (!value)
		return rcInvalidArgument;
	r = bh_hvc3(BH_HC_STAT_GET, scope, id, param);
	if (r.rc == rcOk)
		*value = r.r1;
	return r.rc;
}

Retcode KnGroupStatGetParam(GroupStatParam param, rtl_uint64_t *value)
{
	return get(BH_STAT_SYSTEM, 0, param, value);
}

Retcode KnTaskStatGetParam(Handle task, TaskStatParam param, rtl_uint64_t *value)
{
	if (task != KOS_TASK_SELF)
		return rcResourceNotFound;
	if (param == TASK_PARAM_TIME_TOTAL)
		param = TASK_PARAM_TIME_USER;
	return get(BH_STAT_PARTITION, 0, param, value);
}

Retcode KnCpuStatGetParam(rtl_uint32_t cpu, CpuStatParam param, rtl_uint64_t *value)
{
	return get(BH_STAT_CPU, cpu, param, value);
}

Retcode KnThreadStatGetParam(Tid tid, TaskStatParam param, rtl_uint64_t *value)
{
	if (param == TASK_PARAM_TIME_TOTAL)
		param = TASK_PARAM_TIME_USER;
	return get(BH_STAT_THREAD, tid, param, value);
}
