// SPDX-License-Identifier: GPL-2.0-only
/*
 * Platform discovery for QEMU virt: memory, CPUs, GICv3, PL011, the architected timer and the
 * boot package (/chosen/linux,initrd-*), read from the DTB with libfdt.
 */
#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

#include <hyp/platform.h>
#include <uapi/bulkhead/retcode.h>

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

static int root_cells(const void *dtb, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(dtb, node, name, &len);

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

/* reg entry `index` of `node`, with the address/size cells of its parent. */
static bool get_reg(const void *dtb, int node, int index, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(dtb, node);
	int ac = root_cells(dtb, parent, "#address-cells", 2);
	int sc = root_cells(dtb, parent, "#size-cells", 1);
	int len;
	const fdt32_t *reg = fdt_getprop(dtb, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    len < (index + 1) * (ac + sc) * 4)
		return false;
	reg += index * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return true;
}

static int discover_cpus(const void *dtb, struct platform *plat, const char **err)
{
	int cpus = fdt_path_offset(dtb, "/cpus");
	int node;

	if (cpus < 0) {
		*err = "device tree has no /cpus node";
		return rcInvalidArgument;
	}
	plat->ncpus = 0;
	plat->ncpus_in_dt = 0;
	fdt_for_each_subnode(node, dtb, cpus) {
		const char *type = fdt_getprop(dtb, node, "device_type", NULL);
		uint64_t mpidr, unused;

		if (!type || strcmp(type, "cpu"))
			continue;
		if (!get_reg(dtb, node, 0, &mpidr, &unused)) {
			*err = "a /cpus/cpu node has no usable reg";
			return rcInvalidArgument;
		}
		plat->ncpus_in_dt++;
		if (plat->ncpus < CONFIG_NR_CPUS)
			plat->mpidr[plat->ncpus++] = mpidr;
	}
	if (!plat->ncpus) {
		*err = "device tree describes no CPU";
		return rcInvalidArgument;
	}
	return rcOk;
}

static int discover_timer(const void *dtb, struct platform *plat)
{
	int node = fdt_node_offset_by_compatible(dtb, -1, "arm,armv8-timer");
	int len;
	const fdt32_t *irq = node >= 0 ? fdt_getprop(dtb, node, "interrupts", &len) : NULL;

	/* interrupts = secure phys, non-secure phys, virt, hyp; 3 cells each, PPI numbers. */
	if (irq && len >= 4 * 3 * 4)
		plat->hyp_timer_intid = 16 + fdt32_to_cpu(irq[3 * 3 + 1]);
	else
		plat->hyp_timer_intid = 26; /* the architecture's recommended PPI 10 */
	return rcOk;
}

int platform_discover(const void *dtb, struct platform *plat, const char **err)
{
	uint64_t size;
	int node, chosen, len, rc;
	const fdt32_t *p;

	memset(plat, 0, sizeof(*plat));
	if (fdt_check_header(dtb)) {
		*err = "x0 does not point to a device tree";
		return rcInvalidArgument;
	}
	plat->dtb = dtb;
	plat->dtb_size = fdt_totalsize(dtb);

	node = fdt_path_offset(dtb, "/memory");
	if (node < 0)
		node = fdt_node_offset_by_prop_value(dtb, -1, "device_type", "memory", 7);
	uint64_t ram_base;

	if (node < 0 || !get_reg(dtb, node, 0, &ram_base, &plat->ram_size)) {
		*err = "device tree has no usable memory node";
		return rcInvalidArgument;
	}
	plat->ram_base = pa_init(ram_base);

	rc = discover_cpus(dtb, plat, err);
	if (rc)
		return rc;

	node = fdt_node_offset_by_compatible(dtb, -1, "arm,gic-v3");
	if (node < 0 || !get_reg(dtb, node, 0, &plat->gicd_base, &plat->gicd_size) ||
	    !get_reg(dtb, node, 1, &plat->gicr_base, &plat->gicr_size)) {
		*err = "device tree has no GICv3 (QEMU needs -M virt,gic-version=3)";
		return rcInvalidArgument;
	}

	node = fdt_node_offset_by_compatible(dtb, -1, "arm,pl011");
	if (node < 0 || !get_reg(dtb, node, 0, &plat->uart_base, &plat->uart_size)) {
		*err = "device tree has no PL011 UART";
		return rcInvalidArgument;
	}

	p = fdt_getprop(dtb, node, "interrupts", &len);
	if (p && len >= 12 && fdt32_to_cpu(p[0]) == 0 && fdt32_to_cpu(p[1]) < 988)
		plat->uart_intid = 32 + fdt32_to_cpu(p[1]); /* <GIC_SPI n flags> */
	/* Optional: the RTC gives the system time its starting point. */
	node = fdt_node_offset_by_compatible(dtb, -1, "arm,pl031");
	if (node < 0 || !get_reg(dtb, node, 0, &plat->rtc_base, &size))
		plat->rtc_base = 0;

	discover_timer(dtb, plat);

	chosen = fdt_path_offset(dtb, "/chosen");
	p = chosen >= 0 ? fdt_getprop(dtb, chosen, "linux,initrd-start", &len) : NULL;
	if (p && (len == 4 || len == 8)) {
		plat->initrd_start = read_cells(p, len / 4);
		p = fdt_getprop(dtb, chosen, "linux,initrd-end", &len);
		if (p && (len == 4 || len == 8))
			plat->initrd_end = read_cells(p, len / 4);
	}
	return rcOk;
}
