// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device-tree nodes of the devices granted to a Linux guest, copied from the machine's own
 * device tree into the guest's, so that Linux binds the same drivers it would on bare metal.
 * For each granted MMIO range, the node (a child of the root) whose `reg` starts at the grant
 * and lies inside it is copied, with what the guest is not given taken out:
 *
 *  - `interrupts` keeps only the SPIs of this grant, and `interrupt-parent` names the guest's
 *    GIC; if none is left, neither is written. (`interrupts-extended` is dropped.)
 *  - `clocks` and `clock-names` are kept when every clock named is a fixed clock
 *    (`fixed-clock`, `#clock-cells = 0`): those clock nodes are copied too, once each, as
 *    `clk-<name>` under a fresh phandle and without `clock-output-names`. A clock of any
 *    other kind would need its controller: then the device gets no clocks.
 *  - every other property that refers to another node (DMA, resets, power domains, IOMMUs,
 *    MSI, pin control, GPIOs, supplies, memory regions, phandles) is dropped; subnodes are not
 *    copied. What is left (`compatible`, `reg`, `status`, a driver's own settings) is copied
 *    as it is.
 *
 * A grant that no node describes gets none: the guest can still use it, but no driver binds.
 */
#include <libfdt.h>
#include <string.h>

#include <hyp/guest.h>
#include <hyp/partition.h>
#include <hyp/printf.h>

#define GIC_SPI 0u
#define MAX_CLOCKS 8u
#define MAX_IRQ_CELLS (3u * BH_MANIFEST_MAX_DEVICE_IRQS)

#define TRY(x)                                                                                     \
	do {                                                                                       \
		int rc_ = (x);                                                                     \
		if (rc_ < 0)                                                                       \
			return rc_;                                                                \
	} while (0)

/* Host clock phandles already copied, and the guest phandle each got. */
struct clock_map {
	uint32_t host[MAX_CLOCKS * BH_MANIFEST_MAX_DEVICES];
	uint32_t guest[MAX_CLOCKS * BH_MANIFEST_MAX_DEVICES];
	uint32_t n;
	uint32_t next_phandle;
};

static const char *const dropped_props[] = {
    "interrupts-extended",
    "interrupt-map",
    "interrupt-map-mask",
    "assigned-clocks",
    "assigned-clock-parents",
    "assigned-clock-rates",
    "dmas",
    "dma-names",
    "resets",
    "reset-names",
    "power-domains",
    "power-domain-names",
    "iommus",
    "iommu-map",
    "msi-parent",
    "msi-map",
    "phandle",
    "linux,phandle",
    "memory-region",
    "memory-region-names",
    "ranges",
    "dma-ranges",
    "gpios",
    "gpio",
};
static const char *const dropped_suffixes[] = {"-gpios", "-gpio", "-supply"};

static bool dropped(const char *name)
{
	size_t len = strlen(name);

	if (!strncmp(name, "pinctrl-", 8))
		return true;
	for (size_t i = 0; i < sizeof(dropped_props) / sizeof(dropped_props[0]); i++)
		if (!strcmp(name, dropped_props[i]))
			return true;
	for (size_t i = 0; i < sizeof(dropped_suffixes) / sizeof(dropped_suffixes[0]); i++) {
		size_t n = strlen(dropped_suffixes[i]);

		if (len > n && !strcmp(name + len - n, dropped_suffixes[i]))
			return true;
	}
	return false;
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(c[i]);
	return v;
}

/* Does the root child `node` describe exactly registers inside the grant, from its start? */
static bool node_matches(const void *host, int node, const struct manifest_device *dev)
{
	int ac = fdt_address_cells(host, 0), sc = fdt_size_cells(host, 0), len;
	const fdt32_t *reg = fdt_getprop(host, node, "reg", &len);
	int entry, n;

	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	entry = (ac + sc) * 4;
	if (len <= 0 || len % entry)
		return false;
	n = len / entry;
	for (int i = 0; i < n; i++) {
		uint64_t a = read_cells(reg + i * (ac + sc), ac);
		uint64_t s = read_cells(reg + i * (ac + sc) + ac, sc);

		if ((i == 0 && a != dev->pa) || a < dev->pa || s > dev->size ||
		    a - dev->pa > dev->size - s)
			return false;
	}
	return true;
}

static int find_node(const void *host, const struct manifest_device *dev)
{
	int node;

	fdt_for_each_subnode(node, host, 0) if (node_matches(host, node, dev)) return node;
	return -FDT_ERR_NOTFOUND;
}

/* Is the node's interrupt parent a GICv3 taking <type number flags>, as the guest's does? */
static bool interrupts_are_gic(const void *host, int node)
{
	const fdt32_t *ip = fdt_getprop(host, node, "interrupt-parent", NULL);
	const fdt32_t *cells;
	int gic;

	if (!ip)
		ip = fdt_getprop(host, 0, "interrupt-parent", NULL);
	if (!ip)
		return false;
	gic = fdt_node_offset_by_phandle(host, fdt32_to_cpu(*ip));
	cells = gic >= 0 ? fdt_getprop(host, gic, "#interrupt-cells", NULL) : NULL;
	return cells && fdt32_to_cpu(*cells) == 3 &&
	       fdt_node_check_compatible(host, gic, "arm,gic-v3") == 0;
}

static bool irq_granted(const struct manifest_device *dev, uint32_t intid)
{
	for (uint32_t i = 0; i < dev->nirqs; i++)
		if (dev->irqs[i] == intid)
			return true;
	return false;
}

/* The node's interrupts that the grant has, into out[]; returns how many cells. */
static int granted_interrupts(const void *host, int node, const struct manifest_device *dev,
			      fdt32_t *out)
{
	int len, n = 0;
	const fdt32_t *irq = fdt_getprop(host, node, "interrupts", &len);

	if (!irq || len % 12 || !interrupts_are_gic(host, node))
		return 0;
	for (int i = 0; i < len / 12 && n < (int)MAX_IRQ_CELLS; i++) {
		const fdt32_t *e = irq + 3 * i;

		if (fdt32_to_cpu(e[0]) == GIC_SPI && fdt32_to_cpu(e[1]) <= 1019 - 32 &&
		    irq_granted(dev, fdt32_to_cpu(e[1]) + 32)) {
			memcpy(out + n, e, 12);
			n += 3;
		}
	}
	return n;
}

/* A fixed clock: the only kind of clock a guest can be given without its controller. */
static bool fixed_clock(const void *host, int clk)
{
	const fdt32_t *cells = fdt_getprop(host, clk, "#clock-cells", NULL);

	return cells && fdt32_to_cpu(*cells) == 0 &&
	       fdt_node_check_compatible(host, clk, "fixed-clock") == 0;
}

static int copy_clock(void *fdt, const void *host, int clk, uint32_t phandle)
{
	/* Not its clock-output-names: Linux refuses a second clock of one name, and the
	 * guest's own UART clock may well have the machine's (QEMU virt's "clk24mhz"). The
	 * clock is then named after its node, which is unique. */
	static const char *const props[] = {"compatible", "#clock-cells", "clock-frequency",
					    "clock-accuracy"};
	const char *host_name = fdt_get_name(host, clk, NULL);
	char name[48];

	if (!host_name)
		return -FDT_ERR_BADSTRUCTURE;
	snprintf(name, sizeof(name), "clk-%s", host_name);
	TRY(fdt_begin_node(fdt, name));
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		int len;
		const void *v = fdt_getprop(host, clk, props[i], &len);

		if (v)
			TRY(fdt_property(fdt, props[i], v, len));
	}
	TRY(fdt_property_u32(fdt, "phandle", phandle));
	return fdt_end_node(fdt);
}

/*
 * The node's clocks as guest phandles in out[] (copying clock nodes not yet copied): returns
 * how many, 0 when it has none or one is not a fixed clock, or a libfdt error.
 */
static int guest_clocks(void *fdt, const void *host, int node, struct clock_map *map, fdt32_t *out)
{
	int len, n;
	const fdt32_t *clocks = fdt_getprop(host, node, "clocks", &len);

	if (!clocks || len <= 0 || len % 4 || len / 4 > (int)MAX_CLOCKS)
		return 0;
	n = len / 4;
	for (int i = 0; i < n; i++) {
		int clk = fdt_node_offset_by_phandle(host, fdt32_to_cpu(clocks[i]));

		if (clk < 0 || !fixed_clock(host, clk))
			return 0;
	}
	for (int i = 0; i < n; i++) {
		uint32_t ph = fdt32_to_cpu(clocks[i]), j;

		for (j = 0; j < map->n && map->host[j] != ph; j++)
			;
		if (j == map->n) {
			if (map->n == sizeof(map->host) / sizeof(map->host[0]))
				return 0;
			map->host[j] = ph;
			map->guest[j] = map->next_phandle++;
			map->n++;
			TRY(copy_clock(fdt, host, fdt_node_offset_by_phandle(host, ph),
				       map->guest[j]));
		}
		out[i] = cpu_to_fdt32(map->guest[j]);
	}
	return n;
}

static int copy_device(void *fdt, const void *host, int node, const struct manifest_device *dev,
		       struct clock_map *map)
{
	fdt32_t irqs[MAX_IRQ_CELLS], clocks[MAX_CLOCKS];
	int nirq = granted_interrupts(host, node, dev, irqs);
	int nclk = guest_clocks(fdt, host, node, map, clocks);
	const char *name = fdt_get_name(host, node, NULL);
	int prop;

	if (nclk < 0)
		return nclk;
	if (!name)
		return -FDT_ERR_BADSTRUCTURE;
	TRY(fdt_begin_node(fdt, name));
	fdt_for_each_property_offset(prop, host, node)
	{
		const char *pname = NULL;
		int len;
		const void *v = fdt_getprop_by_offset(host, prop, &pname, &len);

		if (!v || !pname || dropped(pname) || !strcmp(pname, "interrupt-parent"))
			continue;
		if (!strcmp(pname, "interrupts")) {
			if (nirq)
				TRY(fdt_property(fdt, pname, irqs, nirq * 4));
		} else if (!strcmp(pname, "clocks")) {
			if (nclk)
				TRY(fdt_property(fdt, pname, clocks, nclk * 4));
		} else if (!strcmp(pname, "clock-names")) {
			if (nclk)
				TRY(fdt_property(fdt, pname, v, len));
		} else {
			TRY(fdt_property(fdt, pname, v, len));
		}
	}
	if (nirq)
		TRY(fdt_property_u32(fdt, "interrupt-parent", GUEST_DTB_PHANDLE_GIC));
	return fdt_end_node(fdt);
}

int guest_dtb_devices(void *fdt, const struct partition *p)
{
	const void *host = p->guest.host_dtb;
	struct clock_map map = {.next_phandle = GUEST_DTB_PHANDLE_COPIES};

	if (!host || fdt_check_header(host))
		return 0;
	for (uint32_t i = 0; i < p->desc->ndevices; i++) {
		const struct manifest_device *dev = &p->desc->dev[i];
		int node;

		if (!dev->size)
			continue;
		node = find_node(host, dev);
		if (node >= 0)
			TRY(copy_device(fdt, host, node, dev, &map));
	}
	return 0;
}
