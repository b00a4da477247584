/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 compression with the Armv8 cryptographic extension (SHA256H, SHA256H2, SHA256SU0,
 * SHA256SU1): the boot package's images are hashed with it, about twenty times faster under
 * QEMU than the portable C (hyp/core/sha256.c), which the kernel image of a Linux guest makes
 * worth having.
 *
 *   void sha256_ce_blocks(uint32_t state[8], const uint8_t *data, size_t nblocks,
 *                         const uint32_t k[64]);
 *
 * The hypervisor otherwise never touches FP/SIMD registers, which may hold a partition's
 * state: every vector register used here is saved on entry and restored on exit.
 *
 * Under QEMU each SHA256* instruction is a call into a helper, and those 56 calls per block
 * are the floor; everything else in the loop is kept to what the rounds need: the 64 round
 * constants live in registers for the whole call (no loads per block), the state stays in
 * v0/v1 from block to block, and the message is loaded with one instruction per block.
 *
 * Registers: v0 = {a, b, c, d}, v1 = {e, f, g, h}; v2, v3 their values at the start of the
 * block; v4..v7 the message schedule, four words each, rotating; K[4g..4g+3] in v8..v15 for
 * groups g = 0..7 and in v18..v25 for g = 8..15; v16 = W + K of the group of four rounds;
 * v17 = {a, b, c, d} before the group (SHA256H2 needs it).
 */
	.arch	armv8-a+crypto
	.text

/*
 * Four rounds with W[4g..4g+3] in \w and K[4g..4g+3] in \k; while g < 12, also schedule
 * W[4g+16..4g+19] into \w.
 */
.macro	rounds4 k, w, w1, w2, w3, sched
	add	v16.4s, \w\().4s, \k\().4s
	.if \sched
	sha256su0 \w\().4s, \w1\().4s
	sha256su1 \w\().4s, \w2\().4s, \w3\().4s
	.endif
	mov	v17.16b, v0.16b
	sha256h	q0, q1, v16.4s
	sha256h2 q1, q17, v16.4s
.endm

/* 26 vector registers, v0..v25, 416 bytes. */
#define SAVE_SIZE 416

	.global	sha256_ce_blocks
	.type	sha256_ce_blocks, %function
sha256_ce_blocks:
	sub	sp, sp, #SAVE_SIZE
	mov	x5, sp
	st1	{v0.16b - v3.16b}, [x5], #64
	st1	{v4.16b - v7.16b}, [x5], #64
	st1	{v8.16b - v11.16b}, [x5], #64
	st1	{v12.16b - v15.16b}, [x5], #64
	st1	{v16.16b - v19.16b}, [x5], #64
	st1	{v20.16b - v23.16b}, [x5], #64
	st1	{v24.16b, v25.16b}, [x5]

	ld1	{v8.4s - v11.4s}, [x3], #64
	ld1	{v12.4s - v15.4s}, [x3], #64
	ld1	{v18.4s - v21.4s}, [x3], #64
	ld1	{v22.4s - v25.4s}, [x3]
	ld1	{v0.4s, v1.4s}, [x0]
	cbz	x2, 2f
1:	ld1	{v4.16b - v7.16b}, [x1], #64
	/* The message is big endian. */
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b
	rounds4	v8, v4, v5, v6, v7, 1
	rounds4	v9, v5, v6, v7, v4, 1
	rounds4	v10, v6, v7, v4, v5, 1
	rounds4	v11, v7, v4, v5, v6, 1
	rounds4	v12, v4, v5, v6, v7, 1
	rounds4	v13, v5, v6, v7, v4, 1
	rounds4	v14, v6, v7, v4, v5, 1
	rounds4	v15, v7, v4, v5, v6, 1
	rounds4	v18, v4, v5, v6, v7, 1
	rounds4	v19, v5, v6, v7, v4, 1
	rounds4	v20, v6, v7, v4, v5, 1
	rounds4	v21, v7, v4, v5, v6, 1
	rounds4	v22, v4, v5, v6, v7, 0
	rounds4	v23, v5, v6, v7, v4, 0
	rounds4	v24, v6, v7, v4, v5, 0
	rounds4	v25, v7, v4, v5, v6, 0
	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	subs	x2, x2, #1
	b.ne	1b
	st1	{v0.4s, v1.4s}, [x0]

2:	mov	x5, sp
	ld1	{v0.16b - v3.16b}, [x5], #64
	ld1	{v4.16b - v7.16b}, [x5], #64
	ld1	{v8.16b - v11.16b}, [x5], #64
	ld1	{v12.16b - v15.16b}, [x5], #64
	ld1	{v16.16b - v19.16b}, [x5], #64
	ld1	{v20.16b - v23.16b}, [x5], #64
	ld1	{v24.16b, v25.16b}, [x5]
	add	sp, sp, #SAVE_SIZE
	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks
