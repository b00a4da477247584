/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPC messages on the wire: the header every request, response and error response starts
 * with (SMsgHdr, KasperskyOS's name for it), and the arena chunk descriptor that refers to
 * variable-size data.
 *
 * A message is two buffers:
 *   constant part  SMsgHdr, then the fixed-size parameters of one method laid out as a C
 *                  struct (natural alignment; the layout rules are in docs/abi.md §9), `size`
 *                  bytes in all;
 *   arena          variable-size data (string, bytes, sequence), `arena_size` bytes at
 *                  `arena`, referred to from the constant part by struct bh_arena_chunk.
 * Chunks hold offsets from the start of the arena, not pointers, so a message means the same
 * after it has been copied into another address space.
 *
 * KasperskyOS CE does not document its header; this layout is Bulkhead's (docs/abi.md §9).
 */
#ifndef BULKHEAD_UAPI_MSG_H
#define BULKHEAD_UAPI_MSG_H

/* flags */
#define BH_MSG_ERROR 0x0001u /* an error response: only the `error` parameters are valid */
#define BH_MSG_FLAGS_ALL 0x0001u

/* riid of a message to the caller's own security interface (BH_HC_IPC_SECURITY), not to an
 * endpoint: the same number as PSL_RIID_SECURITY in the policy image. */
#define BH_MSG_RIID_SECURITY 0xfffffffeu

/* Limits a receiver may rely on. */
#define BH_MSG_MAX_SIZE (64u * 1024u)	      /* constant part, header included */
#define BH_MSG_ARENA_MAX (4u * 1024u * 1024u) /* arena */
#define BH_MSG_ARENA_ALIGN 8u		      /* arena buffers start 8-byte aligned */

#ifndef __ASSEMBLER__
typedef struct SMsgHdr {
	__UINT32_TYPE__ size;	    /* bytes of the constant part, this header included */
	__UINT32_TYPE__ capacity;   /* receive side: bytes the constant-part buffer can take */
	__UINT32_TYPE__ riid;	    /* endpoint: its index in the server's class */
	__UINT16_TYPE__ mid;	    /* method: its index in the endpoint's interface */
	__UINT16_TYPE__ flags;	    /* BH_MSG_* */
	__UINT64_TYPE__ arena;	    /* address of the arena buffer in the owner's space; 0: none */
	__UINT32_TYPE__ arena_size; /* bytes of arena in use */
	__UINT32_TYPE__ arena_capacity; /* receive side: bytes the arena buffer can take */
	__UINT32_TYPE__ handles;	/* handle descriptors carried (transfer: a later issue) */
	__UINT32_TYPE__ reserved;	/* 0 */
} SMsgHdr;

/* A piece of the arena: `size` bytes at `offset` from its start (nk_ptr_t in KasperskyOS). */
struct bh_arena_chunk {
	__UINT32_TYPE__ offset;
	__UINT32_TYPE__ size;
};

/* How a Handle parameter travels (nk_handle_desc_t). */
struct bh_handle_desc {
	__UINT32_TYPE__ handle;
	__UINT32_TYPE__ rights;
};

_Static_assert(sizeof(SMsgHdr) == 40, "SMsgHdr is 40 bytes (docs/abi.md)");
_Static_assert(sizeof(struct bh_arena_chunk) == 8, "an arena chunk is 8 bytes");
_Static_assert(sizeof(struct bh_handle_desc) == 8, "a handle descriptor is 8 bytes");
#endif

#endif
