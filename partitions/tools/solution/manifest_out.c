// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the boot manifest (layout: uapi/bulkhead/manifest.h) as a device-tree blob with
 * libfdt's sequential-write API, and the same tree as .dts text for people to read. Both
 * walk the solution in the same order so the two never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <uapi/bulkhead/manifest.h>

#include "solution.h"


/* args/env as a device-tree string list: the strings back to back, each NUL-terminated. */
static char *string_list(const char *const *strs, size_t n, size_t *len)
{
	size_t total = 0, off = 0;
	char *buf;

	for (size_t i = 0; i < n; i++)
		total += strlen(strs[i]) + 1;
	buf = malloc(total ? total : 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(strs[i]) + 1;

		memcpy(buf + off, strs[i], l);
		off += l;
	}
	*len = total;
	return buf;
}

static int cpu_cells(uint32_t mask, fdt32_t *cells)
{
	int n = 0;

	for (uint32_t cpu = 0; cpu < 32; cpu++)
		if (mask & (1u << cpu))
			cells[n++] = cpu_to_fdt32(cpu);
	return n;
}

#define TRY(x)                                                                                 \
	do {                                                                                   \
		int rc_ = (x);                                                                 \
		if (rc_ < 0)                                                                   \
			return rc_;                                                            \
	} while (0)

static int put_string_list(void *fdt, const char *name, const char *const *strs, size_t n)
{
	size_t len;
	char *buf;
	int rc;

	if (!n)
		return 0;	/* absent rather than empty, as the layout says */
	buf = string_list(strs, n, &len);
	if (!buf)
		return -FDT_ERR_INTERNAL;
	rc = fdt_property(fdt, name, buf, (int)len);
	free(buf);
	return rc;
}

static int put_device(void *fdt, const struct device *d)
{
	fdt32_t cells[BH_MANIFEST_MAX_DEVICE_IRQS];

	TRY(fdt_begin_node(fdt, d->name));
	if (d->size) {
		fdt64_t reg[2] = { cpu_to_fdt64(d->pa), cpu_to_fdt64(d->size) };

		TRY(fdt_property(fdt, BH_MD_REG, reg, sizeof(reg)));
	}
	if (d->nirqs) {
		for (size_t i = 0; i < d->nirqs; i++)
			cells[i] = cpu_to_fdt32(d->irqs[i]);
		TRY(fdt_property(fdt, BH_MD_INTERRUPTS, cells, (int)(d->nirqs * sizeof(cells[0]))));
	}
	return fdt_end_node(fdt);
}

static int put_partition(void *fdt, const struct entity *ent)
{
	fdt32_t cells[32];
	int ncells = cpu_cells(ent->cpu_mask, cells);

	TRY(fdt_begin_node(fdt, ent->task));
	TRY(fdt_property_string(fdt, BH_MP_CLASS, ent->class_name));
	TRY(fdt_property_string(fdt, BH_MP_IMAGE, ent->task));
	TRY(fdt_property_string(fdt, BH_MP_ROLE, role_name(ent->role)));
	TRY(fdt_property_u64(fdt, BH_MP_MEMORY_SIZE, ent->memory));
	TRY(fdt_property(fdt, BH_MP_CPUS, cells, ncells * (int)sizeof(cells[0])));
	TRY(fdt_property_u32(fdt, BH_MP_PRIORITY, ent->priority));
	TRY(fdt_property_u32(fdt, BH_MP_MAX_THREADS, ent->max_threads));
	TRY(fdt_property_string(fdt, BH_MP_ON_FAULT, on_fault_name(ent->on_fault)));
	TRY(put_string_list(fdt, BH_MP_ARGS, ent->args, ent->nargs));
	TRY(put_string_list(fdt, BH_MP_ENV, (const char *const *)ent->env, ent->nenv));
	if (ent->initrd_image)
		TRY(fdt_property_string(fdt, BH_MP_INITRD, ent->initrd_image));
	if (ent->bootargs)
		TRY(fdt_property_string(fdt, BH_MP_BOOTARGS, ent->bootargs));
	if (ent->ndevices) {
		TRY(fdt_begin_node(fdt, BH_MP_DEVICES));
		for (size_t i = 0; i < ent->ndevices; i++)
			TRY(put_device(fdt, &ent->devices[i]));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int put_tree(void *fdt, int size, const struct solution *sol)
{
	TRY(fdt_create(fdt, size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", BH_MANIFEST_COMPATIBLE));
	TRY(fdt_property_string(fdt, BH_MANIFEST_SOLUTION, sol->name));
	TRY(fdt_begin_node(fdt, BH_MANIFEST_PARTITIONS));
	for (size_t i = 0; i < sol->nents; i++)
		TRY(put_partition(fdt, &sol->ents[i]));
	TRY(fdt_end_node(fdt));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

int manifest_build(const struct solution *sol, void **out, size_t *out_size, struct err *e)
{
	int size = 4096, rc;
	void *buf;

	/* The blob's size is not known in advance; grow until it fits (a few KiB in practice). */
	for (;;) {
		buf = malloc((size_t)size);
		if (!buf)
			return err_set(e, "out of memory");
		rc = put_tree(buf, size, sol);
		if (rc != -FDT_ERR_NOSPACE)
			break;
		free(buf);
		if (size > (1 << 26))
			return err_set(e, "manifest larger than 64 MiB");
		size *= 2;
	}
	if (rc == 0)
		rc = fdt_check_full(buf, (size_t)size);
	if (rc < 0) {
		free(buf);
		return err_set(e, "building the manifest blob: %s", fdt_strerror(rc));
	}
	*out = buf;
	*out_size = fdt_totalsize(buf);
	return 0;
}

static void dts_string_list(struct strbuf *sb, const char *name, const char *const *strs,
			    size_t n)
{
	if (!n)
		return;
	sb_printf(sb, "\t\t\t%s = ", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_printf(sb, ", ");
		sb_dts_string(sb, strs[i]);
	}
	sb_printf(sb, ";\n");
}

static void dts_devices(struct strbuf *sb, const struct entity *ent)
{
	if (!ent->ndevices)
		return;
	sb_printf(sb, "\t\t\t" BH_MP_DEVICES " {\n");
	for (size_t i = 0; i < ent->ndevices; i++) {
		const struct device *d = &ent->devices[i];

		sb_printf(sb, "\t\t\t\t%s {\n", d->name);
		if (d->size)
			sb_printf(sb, "\t\t\t\t\t" BH_MD_REG " = <0x%x 0x%x 0x%x 0x%x>;\n",
				  (unsigned int)(d->pa >> 32), (unsigned int)d->pa,
				  (unsigned int)(d->size >> 32), (unsigned int)d->size);
		if (d->nirqs) {
			sb_printf(sb, "\t\t\t\t\t" BH_MD_INTERRUPTS " = <");
			for (size_t j = 0; j < d->nirqs; j++)
				sb_printf(sb, j ? " %u" : "%u", d->irqs[j]);
			sb_printf(sb, ">;\n");
		}
		sb_printf(sb, "\t\t\t\t};\n");
	}
	sb_printf(sb, "\t\t\t};\n");
}

int manifest_dts(const struct solution *sol, struct strbuf *sb, struct err *e)
{
	sb_printf(sb, "// Boot manifest of solution '%s', generated by " PROG_NAME " from ",
		  sol->name);
	/* A line comment ends at a newline, so control characters in the path are masked. */
	for (const char *p = sol->init_path; *p; p++)
		sb_printf(sb, "%c", (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
	sb_printf(sb, "; do not edit.\n");
	sb_printf(sb, "/dts-v1/;\n\n/ {\n\tcompatible = ");
	sb_dts_string(sb, BH_MANIFEST_COMPATIBLE);
	sb_printf(sb, ";\n\t" BH_MANIFEST_SOLUTION " = ");
	sb_dts_string(sb, sol->name);
	sb_printf(sb, ";\n\n\t" BH_MANIFEST_PARTITIONS " {\n");
	for (size_t i = 0; i < sol->nents; i++) {
		const struct entity *ent = &sol->ents[i];

		if (i)
			sb_printf(sb, "\n");
		/* Task names are valid node names (checked), so they need no quoting. */
		sb_printf(sb, "\t\t%s {\n", ent->task);
		sb_printf(sb, "\t\t\t" BH_MP_CLASS " = ");
		sb_dts_string(sb, ent->class_name);
		sb_printf(sb, ";\n\t\t\t" BH_MP_IMAGE " = ");
		sb_dts_string(sb, ent->task);
		sb_printf(sb, ";\n\t\t\t" BH_MP_ROLE " = \"%s\";\n", role_name(ent->role));
		sb_printf(sb, "\t\t\t" BH_MP_MEMORY_SIZE " = <0x%x 0x%x>;\n",
			  (unsigned int)(ent->memory >> 32), (unsigned int)ent->memory);
		sb_printf(sb, "\t\t\t" BH_MP_CPUS " = <");
		for (unsigned int cpu = 0, first = 1; cpu < 32; cpu++) {
			if (!(ent->cpu_mask & (1u << cpu)))
				continue;
			sb_printf(sb, first ? "%u" : " %u", cpu);
			first = 0;
		}
		sb_printf(sb, ">;\n");
		sb_printf(sb, "\t\t\t" BH_MP_PRIORITY " = <%u>;\n", ent->priority);
		sb_printf(sb, "\t\t\t" BH_MP_MAX_THREADS " = <%u>;\n", ent->max_threads);
		sb_printf(sb, "\t\t\t" BH_MP_ON_FAULT " = \"%s\";\n", on_fault_name(ent->on_fault));
		dts_string_list(sb, BH_MP_ARGS, ent->args, ent->nargs);
		dts_string_list(sb, BH_MP_ENV, (const char *const *)ent->env, ent->nenv);
		if (ent->initrd_image) {
			sb_printf(sb, "\t\t\t" BH_MP_INITRD " = ");
			sb_dts_string(sb, ent->initrd_image);
			sb_printf(sb, ";\n");
		}
		if (ent->bootargs) {
			sb_printf(sb, "\t\t\t" BH_MP_BOOTARGS " = ");
			sb_dts_string(sb, ent->bootargs);
			sb_printf(sb, ";\n");
		}
		dts_devices(sb, ent);
		sb_printf(sb, "\t\t};\n");
	}
	sb_printf(sb, "\t};\n};\n");
	if (sb->failed)
		return err_set(e, "out of memory");
	return 0;
}
