/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host loopback transport: what the hypervisor and the monitor will do with a message,
 * in one process. call() copies the request into staging buffers, validates it against the
 * server class's schema, hands it to a server function (normally a generated class
 * dispatcher), validates the response and copies it back. A tamper hook may damage the
 * staged request (or response) first, as a hostile partition would.
 */
#ifndef TESTS_LOOPBACK_H
#define TESTS_LOOPBACK_H

#include <stdbool.h>

#include <msg/schema.h>
#include <msg/validate.h>
#include <nk/transport.h>

typedef nk_err_t loopback_serve_fn(void *ctx, SMsgHdr *req, const struct nk_arena *req_arena,
				   SMsgHdr *res, struct nk_arena *res_arena);
/* May change the staged message and arena length. */
typedef void loopback_tamper_fn(void *ctx, SMsgHdr *msg, uint8_t *arena, size_t *arena_len);

struct loopback {
	struct nk_transport base;
	struct bh_schema schema; /* of the server class */
	loopback_serve_fn *serve;
	void *ctx;
	loopback_tamper_fn *tamper_req, *tamper_res;
	unsigned int served;	       /* requests that reached the server */
	struct bh_msg_fault req_fault; /* of the last request */
	struct bh_msg_fault res_fault; /* of the last response */
	_Alignas(8) uint8_t req[BH_MSG_MAX_SIZE];
	_Alignas(8) uint8_t req_arena[64 * 1024];
	_Alignas(8) uint8_t res[BH_MSG_MAX_SIZE];
	_Alignas(8) uint8_t res_arena[64 * 1024];
};

/* A heap-allocated loopback for the class whose schema blob is given (checked here). */
struct loopback *loopback_new(const void *schema, size_t len, loopback_serve_fn *serve, void *ctx);
void loopback_free(struct loopback *lb);

#endif
