/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Types of the generated transport code (KasperskyOS `nk/types.h`): IDL scalar types, the
 * arena chunk (nk_ptr_t), handle descriptors and nk_err_t.
 */
#ifndef NK_TYPES_H
#define NK_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/bulkhead/msg.h>

typedef int8_t nk_sint8_t;
typedef int16_t nk_sint16_t;
typedef int32_t nk_sint32_t;
typedef int64_t nk_sint64_t;
typedef uint8_t nk_uint8_t;
typedef uint16_t nk_uint16_t;
typedef uint32_t nk_uint32_t;
typedef uint64_t nk_uint64_t;
typedef uint8_t nk_bool_t;
typedef char nk_char_t;
typedef uint32_t nk_iid_t;
typedef uint16_t nk_mid_t;
typedef struct bh_arena_chunk nk_ptr_t;
typedef struct bh_handle_desc nk_handle_desc_t;

#define NK_NULL ((void *)0)

/* Results of generated code and transports. NK_EOK is success. */
typedef int32_t nk_err_t;
#define NK_EOK 0
#define NK_EINVAL (-1)	     /* malformed message or argument */
#define NK_ENOMEM (-2)	     /* arena or buffer too small */
#define NK_ENOENT (-3)	     /* no such endpoint (riid) or method (mid) */
#define NK_EPERM (-4)	     /* refused by the security policy */
#define NK_ENOTCONN (-5)     /* the other end is gone */
#define NK_EERROR_REPLY (-6) /* the server answered with an error response (IDL `error`) */
#define NK_EPROTO (-7)	     /* a response that does not match its request */
#define NK_ETRANSPORT (-8)   /* any other transport failure */

#endif
