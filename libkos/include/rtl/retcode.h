/* SPDX-License-Identifier: GPL-2.0-only */
/* KasperskyOS return codes (rtl/retcode.h): one definition, in the hypervisor's uapi. */
#ifndef RTL_RETCODE_H
#define RTL_RETCODE_H
#include <uapi/bulkhead/retcode.h>
#endif
