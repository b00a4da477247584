// SPDX-License-Identifier: GPL-2.0-only
/* pslc --dump: a readable listing of a policy image, from the image alone. */
#include <inttypes.h>
#include <string.h>

#include "psl/engine.h"
#include "psl/methods.h"
#include "pslc.h"

static const char *const kinds[] = {"execute", "request", "response", "error", "security"};
static const char *const binops[] = {"==", "!=",  "<", "<=", ">", ">=", "&&",
				     "||", "==>", "+", "-",  "*", "&",	"|"};

static const char *S(const struct psl_image *img, uint32_t id)
{
	return psl_image_string(img, id);
}

static const char *class_name(const struct psl_image *img, uint32_t id)
{
	return id < img->n_classes ? S(img, img->classes[id].name) : "*";
}

/* An image may nest (or, if hostile, loop) deeper than a listing should follow. */
#define DUMP_MAX_DEPTH 64

static void expr_at(const struct psl_image *img, uint32_t i, FILE *out);
static unsigned expr_depth;

static void expr(const struct psl_image *img, uint32_t i, FILE *out)
{
	if (expr_depth >= DUMP_MAX_DEPTH) {
		fputs("...", out);
		return;
	}
	expr_depth++;
	expr_at(img, i, out);
	expr_depth--;
}

static void expr_at(const struct psl_image *img, uint32_t i, FILE *out)
{
	const struct psl_node *n = &img->nodes[i];
	const uint32_t *l;

	switch (n->op) {
	case PSL_N_INT:
		fprintf(out, "%" PRId64,
			(int64_t)((uint64_t)img->ints[2 * n->a + 1] << 32 | img->ints[2 * n->a]));
		break;
	case PSL_N_TEXT:
		fprintf(out, "\"%.*s\"", (int)n->b, S(img, n->a));
		break;
	case PSL_N_BOOL:
		fputs(n->sub ? "true" : "false", out);
		break;
	case PSL_N_UNIT:
		fputs("()", out);
		break;
	case PSL_N_LIST:
		l = img->lists + n->a;
		fputc('[', out);
		for (uint32_t j = 0; j < l[0]; j++) {
			fputs(j ? ", " : "", out);
			expr(img, l[1 + j], out);
		}
		fputc(']', out);
		break;
	case PSL_N_DICT:
		l = img->lists + n->a;
		fputc('{', out);
		for (uint32_t j = 0; j < l[0]; j++) {
			fprintf(out, "%s%s: ", j ? ", " : "", S(img, l[1 + 2 * j]));
			expr(img, l[2 + 2 * j], out);
		}
		fputc('}', out);
		break;
	case PSL_N_MESSAGE:
		fputs("message", out);
		break;
	case PSL_N_SRC_SID:
		fputs("src_sid", out);
		break;
	case PSL_N_DST_SID:
		fputs("dst_sid", out);
		break;
	case PSL_N_FIELD:
		expr(img, n->a, out);
		fprintf(out, ".%s", S(img, n->b));
		break;
	case PSL_N_INDEX:
		expr(img, n->a, out);
		fputs(".[", out);
		expr(img, n->b, out);
		fputc(']', out);
		break;
	case PSL_N_BINOP:
		fputc('(', out);
		expr(img, n->a, out);
		fprintf(out, " %s ", binops[n->sub]);
		expr(img, n->b, out);
		fputc(')', out);
		break;
	case PSL_N_UNOP:
		fputs(n->sub == PSL_OP_NOT ? "!" : n->sub == PSL_OP_NEG ? "-" : "~", out);
		expr(img, n->a, out);
		break;
	case PSL_N_SIZE:
		fputs("size ", out);
		expr(img, n->a, out);
		break;
	case PSL_N_EXPR:
	case PSL_S_CALL:
		fprintf(out, "%s.%s ", S(img, img->objects[n->a].name), psl_methods[n->sub].name);
		expr(img, n->b, out);
		if (n->sub == PSL_RE_MATCH)
			fprintf(out, " [dfa @%u]", n->c);
		break;
	default:
		fprintf(out, "<node %u>", i);
	}
}

static void selector(const struct psl_image *img, uint32_t id, FILE *out)
{
	const struct psl_selector *s = &img->selectors[id];

	fprintf(out, "src=%s dst=%s", class_name(img, s->src_class), class_name(img, s->dst_class));
	if (s->targets == PSL_NONE)
		return;
	const uint32_t *t = img->lists + s->targets;
	fputs(" targets={", out);
	for (uint32_t i = 0; i < t[0]; i++) {
		const uint32_t *x = t + 1 + 3 * i;
		fprintf(out, "%s%s riid %u mid ", i ? ", " : "", class_name(img, x[0]), x[1]);
		if (x[2] == PSL_NONE)
			fputc('*', out);
		else
			fprintf(out, "%u", x[2]);
	}
	fputc('}', out);
}

static void stmts(const struct psl_image *img, uint32_t list, int depth, FILE *out)
{
	if (depth > DUMP_MAX_DEPTH) {
		fprintf(out, "%*s...\n", 4 * depth, "");
		return;
	}
	const uint32_t *l = img->lists + list;

	for (uint32_t i = 0; i < l[0]; i++) {
		const struct psl_node *n = &img->nodes[l[1 + i]];
		fprintf(out, "%*s", 4 * depth, "");
		if (n->op == PSL_S_CALL) {
			expr(img, l[1 + i], out);
			fputc('\n', out);
		} else if (n->op == PSL_S_MATCH) {
			fputs("match ", out);
			selector(img, n->a, out);
			fputc('\n', out);
			stmts(img, n->b, depth + 1, out);
		} else if (n->op == PSL_S_CHOICE) {
			fputs(n->sub ? "choice (regex) " : "choice ", out);
			expr(img, n->a, out);
			fputc('\n', out);
			const uint32_t *cs = img->lists + n->b;
			for (uint32_t j = 0; j < cs[0]; j++) {
				const struct psl_node *c = &img->nodes[cs[1 + j]];
				fprintf(out, "%*s", 4 * depth + 2, "");
				if (c->a == PSL_NONE) {
					fputs("_", out);
				} else {
					const uint32_t *lb = img->lists + c->a;
					for (uint32_t m = 0; m < lb[0]; m++) {
						fputs(m ? " | " : "", out);
						if (n->sub)
							fprintf(out, "dfa @%u", lb[1 + m]);
						else
							expr(img, lb[1 + m], out);
					}
				}
				fputs(":\n", out);
				stmts(img, c->b, depth + 2, out);
			}
		}
	}
}

bool pslc_dump_image(const void *data, size_t size, FILE *out)
{
	struct psl_image img;
	static const char *const verdicts[] = {"DYNAMIC", "GRANT", "DENY"};

	if (psl_image_load(&img, data, size)) {
		fprintf(out, "not a valid policy image\n");
		return false;
	}
	fprintf(out, "policy image v%u, %u bytes, crc32 %08x\n", img.hdr->version, img.size,
		img.hdr->checksum);
	fprintf(out, "execute interface: %s\n", S(&img, img.hdr->execute_iface));
	fprintf(out, "audit default: %s %u\n",
		img.hdr->audit_profile == PSL_NONE ? "empty" : S(&img, img.hdr->audit_profile),
		img.hdr->audit_level);
	fprintf(out, "\nclasses (%u):\n", img.n_classes);
	for (uint32_t i = 0; i < img.n_classes; i++) {
		const struct psl_class *c = &img.classes[i];
		fprintf(out, "  [%u] %s\n", i, S(&img, c->name));
		for (uint32_t e = c->first_ep; e < c->first_ep + c->n_ep; e++) {
			const struct psl_endpoint *ep = &img.endpoints[e];
			if (ep->riid == PSL_RIID_SECURITY)
				fprintf(out, "      security : %s\n", S(&img, ep->iface));
			else
				fprintf(out, "      riid %u %s : %s\n", ep->riid, S(&img, ep->name),
					S(&img, ep->iface));
			for (uint32_t m = ep->first_method; m < ep->first_method + ep->n_methods;
			     m++)
				fprintf(out, "          mid %u %s\n", img.methods[m].mid,
					S(&img, img.methods[m].name));
		}
	}
	fprintf(out, "\nobjects (%u):\n", img.n_objects);
	for (uint32_t i = 0; i < img.n_objects; i++) {
		const struct psl_object *o = &img.objects[i];
		const uint32_t *c = img.config + o->config;
		fprintf(out, "  [%u] %s : %s", i, S(&img, o->name), psl_model_names[o->model]);
		if (o->model == PSL_M_HASHSET)
			fprintf(out, " set_size %u pool_size %u entry_bytes %u", c[0], c[1], c[2]);
		else if (o->model == PSL_M_STATICMAP)
			fprintf(out, " pool_size %u keys %u", c[0], c[2]);
		else if (o->model == PSL_M_FLOW) {
			fputs(" states", out);
			for (uint32_t s = 0; s < c[0]; s++)
				fprintf(out, " %s%s", S(&img, c[2 + s]),
					s == c[1] ? "(initial)" : "");
		} else if (o->model == PSL_M_MIC) {
			fputs(" levels", out);
			for (uint32_t s = 0; s < c[0]; s++)
				fprintf(out, " %s", S(&img, c[2 + s]));
			if (c[1])
				fputs(" categories", out);
			for (uint32_t s = 0; s < c[1]; s++)
				fprintf(out, " %s", S(&img, c[2 + c[0] + s]));
		}
		fputc('\n', out);
	}
	fprintf(out, "\nbindings (%u):\n", img.n_bindings);
	for (uint32_t i = 0; i < img.n_bindings; i++) {
		const struct psl_binding *b = &img.bindings[i];
		fprintf(out, "  [%u] %s ", i, kinds[b->kind]);
		selector(&img, b->selector, out);
		fprintf(out, "  (%s:%u)%s%s\n", S(&img, b->file), b->line,
			b->audit != PSL_NONE ? " audit " : "",
			b->audit != PSL_NONE ? S(&img, b->audit) : "");
		stmts(&img, b->body, 2, out);
	}
	fprintf(out, "\naudit entries (%u):\n", img.n_audit);
	for (uint32_t i = 0; i < img.n_audit; i++) {
		const struct psl_audit_entry *a = &img.audit[i];
		fprintf(out, "  profile %s level %u object %s:%s%s%s%s omit %#x\n",
			S(&img, a->profile), a->level, S(&img, img.objects[a->object].name),
			a->flags & PSL_AUDIT_GRANTED ? " granted" : "",
			a->flags & PSL_AUDIT_DENIED ? " denied" : "",
			a->flags & PSL_AUDIT_EMIT_MATCH ? " match" : "",
			a->flags & PSL_AUDIT_EMIT_SELECT ? " select" : "", a->omit);
	}
	uint32_t counts[3] = {0};
	for (uint32_t i = 0; i < img.n_verdicts; i++)
		counts[img.verdicts[i].verdict]++;
	fprintf(out, "\nverdict table (%u tuples: %u static grant, %u static deny, %u dynamic):\n",
		img.n_verdicts, counts[1], counts[2], counts[0]);
	for (uint32_t i = 0; i < img.n_verdicts; i++) {
		const struct psl_verdict *v = &img.verdicts[i];
		const char *ep = "-", *m = "main";
		uint32_t owner = v->kind == PSL_EV_REQUEST ? v->dst_class : v->src_class;
		if (v->kind != PSL_EV_EXECUTE && owner < img.n_classes) {
			const struct psl_class *c = &img.classes[owner];
			for (uint32_t e = c->first_ep; e < c->first_ep + c->n_ep; e++) {
				const struct psl_endpoint *p = &img.endpoints[e];
				if (p->riid != v->riid)
					continue;
				ep = S(&img, p->name);
				for (uint32_t k = p->first_method;
				     k < p->first_method + p->n_methods; k++)
					if (img.methods[k].mid == v->mid)
						m = S(&img, img.methods[k].name);
			}
		}
		fprintf(out, "  %-8s %s -> %s  %s.%s  %s\n", kinds[v->kind],
			class_name(&img, v->src_class), class_name(&img, v->dst_class), ep, m,
			verdicts[v->verdict]);
	}
	return true;
}
