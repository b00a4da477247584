// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host benchmark of the policy engine (make bench): the cost of deciding one event, for a
 * static event (the verdict table's answer, and the full evaluation of the same event), a
 * Regex event and a Flow event. Wall time on the host: the median of 7 runs of 200,000 events,
 * with the verdict-table lookup as the floor the other figures are compared with.
 *
 * Wall time on a shared machine varies; instruction counts do not. With "--only <n> <events>"
 * the program runs one figure's loop (measured_loop) once, for running under
 * valgrind --tool=callgrind --toggle-collect=measured_loop, which counts its instructions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "psl/engine.h"
#include "pslc.h"

#define RUNS 7
#define EVENTS 200000

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static uint32_t target(const struct psl_image *img, uint32_t cls, const char *ep,
		       const char *method, uint32_t *mid)
{
	const struct psl_class *c = &img->classes[cls];
	for (uint32_t e = c->first_ep; e < c->first_ep + c->n_ep; e++) {
		const struct psl_endpoint *p = &img->endpoints[e];
		if (strcmp(psl_image_string(img, p->name), ep))
			continue;
		for (uint32_t m = p->first_method; m < p->first_method + p->n_methods; m++)
			if (!strcmp(psl_image_string(img, img->methods[m].name), method)) {
				*mid = img->methods[m].mid;
				return p->riid;
			}
	}
	fprintf(stderr, "psl bench: no %s.%s\n", ep, method);
	exit(1);
}

enum which { LOOKUP, STATIC, REGEX, FLOW };

__attribute__((noinline)) void measured_loop(struct psl_engine *e, const struct psl_event *evs,
					     enum which w, int events);

static double run(struct psl_engine *e, const struct psl_event *evs, enum which w)
{
	double t0 = now_ns();

	measured_loop(e, evs, w, EVENTS);
	return (now_ns() - t0) / EVENTS;
}

void measured_loop(struct psl_engine *e, const struct psl_event *evs, enum which w, int events)
{
	volatile uint32_t sink = 0;

	for (int i = 0; i < events; i++) {
		const struct psl_event *ev = &evs[w == FLOW ? (i & 1) : 0];
		if (w == LOOKUP)
			sink += psl_image_verdict(&e->img, ev->kind, ev->src_class, ev->dst_class,
						  ev->riid, ev->mid);
		else if (psl_engine_decide(e, ev) != PSL_OK) {
			fprintf(stderr, "psl bench: event %d of kind %d denied\n", i, w);
			exit(1);
		}
	}
	(void)sink;
}

int main(int argc, char **argv)
{
	int only = -1, only_events = 0;

	if (argc > 3 && !strcmp(argv[1], "--only")) {
		only = atoi(argv[2]);
		only_events = atoi(argv[3]);
		argv += 3;
		argc -= 3;
	}
	if (argc < 4 || only > 3) {
		fprintf(stderr, "usage: psl-bench [--only <figure> <events>] bench.psl specs-dir "
				"stdlib-dir [sdk-dir]\n");
		return 2;
	}
	struct pslc *c = pslc_new();
	for (int i = 2; i < argc; i++)
		pslc_add_include_dir(c, argv[i]);
	const uint8_t *image;
	size_t size;
	if (!pslc_parse_file(c, argv[1]) || !pslc_compile(c, &image, &size)) {
		fputs(pslc_diagnostics(c), stderr);
		return 1;
	}
	struct psl_image img;
	struct psl_engine e;
	psl_image_load(&img, image, size);
	size_t mem = psl_engine_mem_size(&img, 16, 1 << 16);
	void *buf = malloc(mem);
	if (psl_engine_init(&e, &img, 16, buf, mem, 1 << 16))
		return 1;
	uint32_t app = psl_image_find_class(&img, "fs.App");
	uint32_t srv = psl_image_find_class(&img, "fs.FileServer");
	struct psl_event start = {PSL_EV_EXECUTE, 0, app, 1, app, PSL_NONE, 0, NULL};
	if (psl_engine_decide(&e, &start))
		return 1;

	uint8_t abuf[4096];
	struct psl_arena a;
	struct psl_builder open_msg;
	psl_arena_init(&a, abuf, sizeof(abuf));
	psl_dict_new(&a, &open_msg, 1);
	psl_dict_put(&open_msg, "path", psl_cstr("/data/quarterly_report_2026.txt"));

	struct psl_event stat = {PSL_EV_REQUEST, 1, app, 2, srv, 0, 0, NULL};
	stat.riid = target(&img, srv, "ops.files", "Close", &stat.mid);
	struct psl_event rx = stat;
	rx.riid = target(&img, srv, "ops.files", "Open", &rx.mid);
	rx.message = open_msg.value;
	struct psl_event flow[2] = {stat, stat};
	flow[0].riid = target(&img, srv, "ops.files", "Read", &flow[0].mid);
	flow[1].riid = target(&img, srv, "ops.files", "Write", &flow[1].mid);
	if (psl_image_verdict(&img, stat.kind, app, srv, stat.riid, stat.mid) != PSL_VERDICT_GRANT)
		return 1;

	static const char *const names[] = {
	    "static event, verdict table lookup",
	    "static event, full evaluation",
	    "Regex event (re.match on a 31-byte path)",
	    "Flow event (enter, alternating)",
	};
	const struct psl_event *evs[] = {&stat, &stat, &rx, flow};
	if (only >= 0) {
		measured_loop(&e, evs[only], (enum which)only, only_events);
		printf("%s\n", names[only]);
		return 0;
	}
	double med[4];
	for (int w = 0; w < 4; w++) {
		double t[RUNS];
		for (int r = 0; r < RUNS; r++)
			t[r] = run(&e, evs[w], (enum which)w);
		qsort(t, RUNS, sizeof(t[0]), cmp);
		med[w] = t[RUNS / 2];
	}
	printf("\npolicy engine on the host (median of %d runs of %d events, wall time)\n", RUNS,
	       EVENTS);
	printf("%-44s %10s %8s\n", "event", "ns/event", "ratio");
	for (int w = 0; w < 4; w++)
		printf("%-44s %10.1f %7.1fx\n", names[w], med[w], med[w] / med[0]);
	printf("policy image: %zu bytes\n", size);
	free(buf);
	pslc_free(c);
	return 0;
}
