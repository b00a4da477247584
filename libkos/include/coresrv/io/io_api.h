/* SPDX-License-Identifier: GPL-2.0-only */
/* Releasing I/O resources (KasperskyOS coresrv/io/io_api.h). */
#ifndef CORESRV_IO_IO_API_H
#define CORESRV_IO_IO_API_H

#include <rtl/retcode.h>
#include <rtl/types.h>

/* Close an MMIO region, interrupt, DMA buffer (or a mapping of one): KnHandleClose. Objects
 * built on it (mappings, attachments) keep it alive until they are closed too. */
Retcode KnIoClose(Handle rid);

#endif
