/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-ins for the type-specific teardown of hypervisor objects (notice.c, io_*.c are not
 * built for the host): they count what kobj_put asked to tear down, per handle type.
 */
#ifndef TESTS_UNIT_HYP_KOBJ_TEARDOWN_H
#define TESTS_UNIT_HYP_KOBJ_TEARDOWN_H

#include <stdint.h>

#include <uapi/bulkhead/handle.h>

extern uint32_t teardowns[BH_HANDLE_TYPE_IPC_LISTENER + 1];
extern uint32_t objects_gone; /* notice_object_gone calls: every destroyed object */

#endif
