// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer: hostile messages against a real schema, and hostile schemas.
 *   byte 0      method (mod the number of methods + 1: one out of range)
 *   byte 1      bit 0 response, bit 1 error flag, bit 2 keep the size from the data,
 *               bit 7: the rest is a schema blob instead
 *   bytes 2..3  length of the constant part taken from the data (the rest is the arena)
 * The header fields the validator must check are set from the data; the constant part has
 * the method's size unless bit 2 says otherwise, so the fuzzer reaches the field checks.
 */
#include <stdlib.h>
#include <string.h>

#include <rt/Server.edl.h>

#include <msg/schema.h>
#include <msg/validate.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Alignas(8) uint8_t msg[BH_MSG_MAX_SIZE];
static _Alignas(8) uint8_t arena[64 * 1024];

static void check_blob(const uint8_t *data, size_t size)
{
	uint32_t *blob = malloc(size ? size : 1);
	struct bh_schema s;
	const char *why;
	struct rt_Every_Texts_req req;

	memcpy(blob, data, size);
	if (!bh_schema_check(&s, blob, size, &why)) {
		memset(&req, 0, sizeof(req));
		nk_msg_init(&req.base, sizeof(req), 0, 1);
		for (uint32_t i = 0; i < s.hdr->nifaces; i++)
			bh_msg_validate(&s, &s.ifaces[i], BH_MSG_REQUEST, &req, sizeof(req), NULL,
					0, NULL);
	} else if (!why) {
		__builtin_trap();
	}
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bh_schema s;
	static int ready;
	const struct bh_schema_iface *iface;
	const struct bh_schema_method *m;
	struct bh_msg_fault f;
	SMsgHdr *h = (SMsgHdr *)msg;
	size_t len, split, alen;
	uint32_t mid;

	if (!ready) {
		const char *why;

		if (bh_schema_check(&s, rt_Every_schema, sizeof(rt_Every_schema), &why))
			__builtin_trap();
		ready = 1;
	}
	if (size < 4)
		return 0;
	if (data[1] & 0x80) {
		check_blob(data + 4, size - 4);
		return 0;
	}
	iface = &s.ifaces[0];
	mid = data[0] % (iface->nmethods + 1);
	m = bh_schema_method(&s, iface, mid < iface->nmethods ? mid : 0);
	split = (size_t)(data[2] | data[3] << 8);
	data += 4;
	size -= 4;
	if (split > size)
		split = size;
	len = s.types[(data[-3] & 1) ? m->response : m->request].size;
	if (data[-3] & 4)
		len = split < sizeof(SMsgHdr) ? sizeof(SMsgHdr) : split;
	memset(msg, 0, len);
	memcpy(msg, data, split < len ? split : len);
	alen = size - split;
	if (alen > sizeof(arena))
		alen = sizeof(arena);
	memcpy(arena, data + split, alen);
	h->size = (uint32_t)len;
	h->mid = (uint16_t)mid;
	h->flags = (data[-3] & 2) ? BH_MSG_ERROR : 0;
	h->reserved = 0;
	h->arena_size = (uint32_t)alen;
	if (bh_msg_validate(&s, iface, (data[-3] & 1) ? BH_MSG_RESPONSE : BH_MSG_REQUEST, msg, len,
			    arena, alen, &f) != f.status)
		__builtin_trap();
	return 0;
}
