/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Return codes shared by the hypervisor and partitions (KasperskyOS `rtl/retcode.h` style).
 *
 * 0 is success. Every other code is a packed bit field, negative as an int32:
 *   bit 31      always 1 for an error (so "rc < 0" tests failure)
 *   bit 30      customer: 0 = Bulkhead, 1 = a third party (RC_CUSTOMER_TRUE)
 *   bits 29..24 space:    RC_SPACE_GENERAL, RC_SPACE_KERNEL, RC_SPACE_DRIVERS, ...
 *   bits 23..16 facility: the subsystem that produced it
 *   bits 15..0  code
 * The layout is not documented by KasperskyOS CE; docs/abi.md records this choice.
 */
#ifndef BULKHEAD_UAPI_RETCODE_H
#define BULKHEAD_UAPI_RETCODE_H

typedef __INT32_TYPE__ Retcode;

#define RC_CUSTOMER_BULKHEAD 0u
#define RC_CUSTOMER_TRUE 1u

#define RC_SPACE_GENERAL 0u
#define RC_SPACE_KERNEL 1u
#define RC_SPACE_DRIVERS 2u

#define MAKE_RETCODE(customer, space, facility, code)                                         \
	((Retcode)(0x80000000u | (((customer) & 1u) << 30) | (((space) & 0x3fu) << 24) |   \
		   (((facility) & 0xffu) << 16) | ((code) & 0xffffu)))

#define RC_GET_CUSTOMER(rc) (((unsigned)(rc) >> 30) & 1u)
#define RC_GET_SPACE(rc) (((unsigned)(rc) >> 24) & 0x3fu)
#define RC_GET_FACILITY(rc) (((unsigned)(rc) >> 16) & 0xffu)
#define RC_GET_CODE(rc) ((unsigned)(rc) & 0xffffu)

#define rcOk ((Retcode)0)
#define rcFail MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 1)
#define rcInvalidArgument MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 2)
#define rcNotConnected MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 3)
#define rcOutOfMemory MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 4)
#define rcBufferTooSmall MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 5)
#define rcBufferTooLarge MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 6)
#define rcInternalError MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 7)
#define rcTransferError MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 8)
#define rcReceiveError MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 9)
#define rcSourceFault MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 10)
#define rcTargetFault MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 11)
#define rcIpcInterrupt MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 12)
#define rcRestart MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 13)
#define rcNoCapability MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 14)
#define rcNotReady MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 15)
#define rcUnimplemented MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 16)
#define rcBusy MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 17)
#define rcResourceNotFound MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 18)
#define rcTimeout MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 19)
#define rcSecurityDisallow MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 20)
#define rcFutexWouldBlock MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 21)
#define rcAbort MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 22)
#define rcInvalidThreadState MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 23)
#define rcAlreadyExists MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 24)
#define rcInvalidOperation MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 25)
#define rcHandleRevoked MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 26)
#define rcQuotaExceeded MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 27)
#define rcDeviceNotFound MAKE_RETCODE(0, RC_SPACE_GENERAL, 0, 28)

#endif
