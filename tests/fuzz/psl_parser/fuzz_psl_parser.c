// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: PSL text through the whole front end — scanner, parser, `use` resolution,
 * semantic checks, code generation — and, when it compiles, image loading, the engine and the
 * policy's own assert suites. Any crash, leak or sanitizer report is a bug; errors are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "psl/engine.h"
#include "pslc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = {PSL_FUZZ_INCLUDE};
	struct pslc *c = pslc_new();
	const uint8_t *image;
	size_t image_size;

	if (!c)
		return 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		pslc_add_include_dir(c, dirs[i]);
	if (pslc_parse_text(c, "fuzz.psl", (const char *)data, size) &&
	    pslc_compile(c, &image, &image_size)) {
		struct psl_image img;
		if (psl_image_load(&img, image, image_size) != PSL_OK)
			__builtin_trap(); /* pslc wrote an image the engine refuses */
		FILE *sink = fopen("/dev/null", "w");
		unsigned passed, failed;
		if (sink) {
			pslc_run_tests(c, sink, &passed, &failed);
			fclose(sink);
		}
	}
	pslc_free(c);
	return 0;
}
