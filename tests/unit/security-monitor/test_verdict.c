// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verdict table agrees with full evaluation: for every tuple of every test policy that the
 * compiler marked STATIC GRANT or STATIC DENY, the engine, from a clean state and with any
 * message, decides the same. Every tuple the classes allow is in the table.
 */
#include <string.h>

#include "support.h"

#define DIR PSL_SRCTREE "/tests/unit/security-monitor"
#define EX PSL_SRCTREE "/partitions/examples"

static unsigned expected_tuples(const struct psl_image *img)
{
	unsigned n = 0;

	for (uint32_t s = 0; s < img->n_classes; s++) {
		n += img->n_classes; /* execute */
		for (uint32_t o = 0; o < img->n_classes; o++) {
			/* request: endpoints of the destination; response, error: of the source */
			const struct psl_class *dc = &img->classes[o], *sc = &img->classes[s];
			for (uint32_t e = dc->first_ep; e < dc->first_ep + dc->n_ep; e++)
				if (img->endpoints[e].riid != PSL_RIID_SECURITY)
					n += img->endpoints[e].n_methods;
			for (uint32_t e = sc->first_ep; e < sc->first_ep + sc->n_ep; e++)
				if (img->endpoints[e].riid != PSL_RIID_SECURITY)
					n += 2 * img->endpoints[e].n_methods;
		}
		const struct psl_class *c = &img->classes[s];
		for (uint32_t e = c->first_ep; e < c->first_ep + c->n_ep; e++)
			if (img->endpoints[e].riid == PSL_RIID_SECURITY)
				n += img->endpoints[e].n_methods;
	}
	return n;
}

static void check(struct pt *t, const char *name)
{
	unsigned statics = 0;
	struct psl_value *junk = pt_dict(t, "value", psl_int(1), "zzz", psl_cstr("x"), NULL);

	cr_expect_eq(t->img.n_verdicts, expected_tuples(&t->img), "%s: every tuple is listed",
		     name);
	for (uint32_t i = 0; i < t->img.n_verdicts; i++) {
		const struct psl_verdict *v = &t->img.verdicts[i];
		cr_expect_eq(psl_image_verdict(&t->img, v->kind, v->src_class, v->dst_class,
					       v->riid, v->mid),
			     v->verdict, "%s: lookup of tuple %u", name, i);
		if (v->verdict == PSL_VERDICT_DYNAMIC)
			continue;
		statics++;
		for (int m = 0; m < 2; m++) {
			struct psl_event ev = {
			    v->kind,	  1,
			    v->src_class, v->kind == PSL_EV_SECURITY ? PSL_NONE : 2,
			    v->dst_class, v->riid,
			    v->mid,	  m ? junk : NULL};
			psl_engine_reset(&t->eng);
			enum psl_status st = psl_engine_decide(&t->eng, &ev);
			cr_expect_eq(st == PSL_OK, v->verdict == PSL_VERDICT_GRANT,
				     "%s: tuple %u (kind %u, %u -> %u, riid %u, mid %u): table %u, "
				     "engine %s",
				     name, i, v->kind, v->src_class, v->dst_class, v->riid, v->mid,
				     v->verdict, psl_status_name(st));
		}
	}
	cr_expect_gt(statics, 0, "%s has static tuples", name);
}

Test(psl_verdict, table_agrees_with_evaluation_for_example_policies)
{
	static const char *const ex[][2] = {
	    {EX "/echo/security.psl", EX "/echo/specs"},
	    {EX "/ping/security.psl", EX "/ping/specs"},
	    {DIR "/policies/fileserver.psl", DIR "/specs"},
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct pt *t = pt_compile_file_with(ex[i][0], ex[i][1]);
		check(t, ex[i][0]);
		pt_free(t);
	}
}

static const char *const mixes[] = {
    PT_PRELUDE "execute { grant () }\n"
	       "request src=demo.Client, dst=demo.Server { match endpoint=ops { grant () }\n"
	       "  match endpoint=store.kv, method=Get { deny () } }\n"
	       "request dst=demo.Server, method=Set { assert (message.value > 1) }\n"
	       "request method=Stop { assert (true) }\n"
	       "request method=Start { deny (false) }\n"
	       "request method=Put { assert (false) }\n"
	       "response { grant () }\nresponse src=demo.Server, method=Stop { deny () }\n"
	       "error interface=demo.Ops { grant () }\n",
    PT_PRELUDE "policy object f : Flow { config = { states : [\"a\"], initial : \"a\", "
	       "transitions : {} } }\n"
	       "request { f.allow { sid : src_sid, states : [\"a\"] } }\n"
	       "request dst=demo.Server, endpoint=probe { deny () }\n"
	       "request method=A { grant () }\n",
    PT_PRELUDE "audit profile p = { 0 : { base : { kss : [\"denied\"] } } }\n"
	       "audit default = p 0\n"
	       "request method=A { grant () }\n"
	       "policy object quiet : Base {}\n"
	       "request method=B { quiet.grant () }\n"
	       "request endpoint=ops { match method=Stop { grant () } match method=Start { "
	       "choice message.level { 1 : grant () } } }\n",
    "use nonsecurity._\nuse EDL demo.Client\nuse EDL demo.Server\nuse EDL kl.core.Core\n",
};

Test(psl_verdict, table_agrees_with_evaluation_for_mixed_policies)
{
	for (size_t i = 0; i < sizeof(mixes) / sizeof(mixes[0]); i++) {
		struct pt *t = pt_compile(mixes[i]);
		char name[32];
		snprintf(name, sizeof(name), "mix %zu", i);
		check(t, name);
		pt_free(t);
	}
}

Test(psl_verdict, audited_and_dynamic_rules_are_never_static)
{
	struct pt *t = pt_compile(mixes[2]);
	uint32_t riid, mid;

	pt_target(t, t->server, "probe", "A", &riid, &mid);
	cr_expect_eq(psl_image_verdict(&t->img, PSL_EV_REQUEST, t->client, t->server, riid, mid),
		     PSL_VERDICT_DYNAMIC, "base is audited: its grants must reach the monitor");
	pt_target(t, t->server, "probe", "B", &riid, &mid);
	cr_expect_eq(psl_image_verdict(&t->img, PSL_EV_REQUEST, t->client, t->server, riid, mid),
		     PSL_VERDICT_GRANT, "a Base object without audit");
	pt_target(t, t->server, "probe", "C", &riid, &mid);
	cr_expect_eq(psl_image_verdict(&t->img, PSL_EV_REQUEST, t->client, t->server, riid, mid),
		     PSL_VERDICT_DENY, "no rule");
	pt_target(t, t->server, "ops", "Start", &riid, &mid);
	cr_expect_eq(psl_image_verdict(&t->img, PSL_EV_REQUEST, t->client, t->server, riid, mid),
		     PSL_VERDICT_DYNAMIC, "a choice");
	pt_free(t);

	t = pt_compile(mixes[3]);
	for (uint32_t i = 0; i < t->img.n_verdicts; i++)
		cr_expect_eq(t->img.verdicts[i].verdict, PSL_VERDICT_GRANT,
			     "nonsecurity grants every tuple statically");
	pt_free(t);
}
