// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: hostile policy images. The input is an image whose checksum is fixed up
 * first (so that the fuzzer gets past the CRC and reaches the structural checks); if
 * psl_image_load accepts it, the engine decides a spread of events on it. The loader must
 * reject everything the engine could not evaluate safely: any crash or sanitizer report here
 * is a hole in psl_image_load.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "psl/engine.h"

uint32_t psl_crc32(const uint8_t *p, size_t n, uint32_t skip_at);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct psl_image img;
	struct psl_engine e;
	uint8_t *copy;
	static uint8_t mem[1 << 20];

	if (size < sizeof(struct psl_image_header) || size > (1 << 20))
		return 0;
	copy = aligned_alloc(8, (size + 7) & ~(size_t)7);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct psl_image_header *h = (struct psl_image_header *)copy;
	h->total_size = (uint32_t)size;
	h->checksum = psl_crc32(copy, size, offsetof(struct psl_image_header, checksum));
	if (psl_image_load(&img, copy, size) == PSL_OK &&
	    psl_engine_mem_size(&img, 8, 4096) <= sizeof(mem) &&
	    psl_engine_init(&e, &img, 8, mem, sizeof(mem), 4096) == PSL_OK) {
		uint8_t abuf[1024];
		struct psl_arena a;
		struct psl_builder b;
		psl_arena_init(&a, abuf, sizeof(abuf));
		psl_dict_new(&a, &b, 4);
		psl_dict_put(&b, "a", psl_int(1));
		psl_dict_put(&b, "t", psl_cstr("/tmp/x"));
		for (uint32_t k = 0; k < PSL_EV_COUNT; k++)
			for (uint32_t s = 0; s < img.n_classes && s < 4; s++)
				for (uint32_t d = 0; d < img.n_classes && d < 4; d++)
					for (uint32_t r = 0; r < 3; r++) {
						struct psl_event ev = {k, 1, s, 2,
								       d, r, r, b.value};
						psl_engine_decide(&e, &ev);
						ev.message = NULL;
						psl_engine_decide(&e, &ev);
					}
	}
	free(copy);
	return 0;
}
