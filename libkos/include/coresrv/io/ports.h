/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O ports (KasperskyOS coresrv/io/ports.h) exist on x86 only. On arm64 registering a port
 * returns rcUnimplemented, so no port handle can exist; the accessors read all ones and write
 * nothing, as an absent bus would.
 */
#ifndef CORESRV_IO_PORTS_H
#define CORESRV_IO_PORTS_H

#include <rtl/retcode.h>
#include <rtl/types.h>

Retcode KnRegisterPort8(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPort16(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPort32(rtl_uint16_t port, Handle *outRid);
Retcode KnRegisterPorts(rtl_uint16_t port, rtl_size_t size, Handle *outRid);
Retcode KnIoPermitPort(Handle rid, Handle *handle);
rtl_uint8_t IoReadIoPort8(rtl_size_t port);
rtl_uint16_t IoReadIoPort16(rtl_size_t port);
rtl_uint32_t IoReadIoPort32(rtl_size_t port);
void IoWriteIoPort8(rtl_size_t port, rtl_uint8_t data);
void IoWriteIoPort16(rtl_size_t port, rtl_uint16_t data);
void IoWriteIoPort32(rtl_size_t port, rtl_uint32_t data);
void IoReadIoPortBuffer8(rtl_size_t port, rtl_uint8_t *dst, rtl_size_t cnt);
void IoReadIoPortBuffer16(rtl_size_t port, rtl_uint16_t *dst, rtl_size_t cnt);
void IoReadIoPortBuffer32(rtl_size_t port, rtl_uint32_t *dst, rtl_size_t cnt);
void IoWriteIoPortBuffer8(rtl_size_t port, const rtl_uint8_t *src, rtl_size_t cnt);
void IoWriteIoPortBuffer16(rtl_size_t port, const rtl_uint16_t *src, rtl_size_t cnt);
void IoWriteIoPortBuffer32(rtl_size_t port, const rtl_uint32_t *src, rtl_size_t cnt);

#endif
