// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nodes of devices passed through to a Linux guest (hyp/core/guest_dtb_devices.c): the
 * machine's node for each granted MMIO range is copied into the guest's device tree with the
 * guest's GIC as its interrupt parent, its fixed clocks copied beside it, and everything the
 * guest is not granted (other devices, interrupts of the grant it does not have, references
 * to DMA, resets, non-fixed clocks, ...) left out.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/guest.h>
#include <hyp/partition.h>
#include <uapi/bulkhead/retcode.h>

#define RAM_PA 0x4a400000ull
#define HOST_GIC 0x8002u
#define HOST_APB_CLK 0x8000u
#define HOST_PLL 0x8005u
#define HOST_DMA 0x8006u

static struct manifest_partition desc;
static struct partition part;
static uint8_t host[16 * 1024], dtb[64 * 1024];

#define OK(x) cr_assert_geq((x), 0, "libfdt: %s", #x)

static void u32s(const char *name, const uint32_t *v, int n)
{
	fdt32_t c[16];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	OK(fdt_property(host, name, c, n * 4));
}

static void reg(uint64_t a, uint64_t s)
{
	const uint32_t c[] = {(uint32_t)(a >> 32), (uint32_t)a, (uint32_t)(s >> 32), (uint32_t)s};

	u32s("reg", c, 4);
}

static void device(const char *name, const char *compat, uint64_t a, const uint32_t *irqs,
		   int nirq_cells, uint32_t clock)
{
	static const char primecell[] = "arm,primecell";
	char c[64];
	size_t n = strlen(compat) + 1;

	memcpy(c, compat, n);
	memcpy(c + n, primecell, sizeof(primecell));
	OK(fdt_begin_node(host, name));
	OK(fdt_property(host, "compatible", c, (int)(n + sizeof(primecell))));
	reg(a, 0x1000);
	if (nirq_cells)
		u32s("interrupts", irqs, nirq_cells);
	if (clock) {
		u32s("clocks", &clock, 1);
		OK(fdt_property_string(host, "clock-names", "apb_pclk"));
	}
}

/*
 * A machine like QEMU virt: GICv3, a fixed 24 MHz APB clock, a PL031 RTC, a PL061 GPIO, a
 * device with two interrupts, DMA and a reset, and one clocked by a PLL (not a fixed clock).
 */
static void make_host(void)
{
	static const uint32_t rtc_irq[] = {0, 2, 4}, gpio_irq[] = {0, 7, 4};
	static const uint32_t two_irqs[] = {0, 10, 4, 0, 11, 1};
	static const uint32_t dma[] = {HOST_DMA, 3}, gpio_cells = 2;

	OK(fdt_create(host, sizeof(host)));
	OK(fdt_finish_reservemap(host));
	OK(fdt_begin_node(host, ""));
	OK(fdt_property_u32(host, "#address-cells", 2));
	OK(fdt_property_u32(host, "#size-cells", 2));
	OK(fdt_property_u32(host, "interrupt-parent", HOST_GIC));

	OK(fdt_begin_node(host, "intc@8000000"));
	OK(fdt_property_string(host, "compatible", "arm,gic-v3"));
	OK(fdt_property_u32(host, "#interrupt-cells", 3));
	OK(fdt_property(host, "interrupt-controller", NULL, 0));
	reg(0x08000000, 0x10000);
	OK(fdt_property_u32(host, "phandle", HOST_GIC));
	OK(fdt_end_node(host));

	OK(fdt_begin_node(host, "apb-pclk"));
	OK(fdt_property_string(host, "compatible", "fixed-clock"));
	OK(fdt_property_u32(host, "#clock-cells", 0));
	OK(fdt_property_u32(host, "clock-frequency", 24000000));
	OK(fdt_property_string(host, "clock-output-names", "clk24mhz"));
	OK(fdt_property_u32(host, "phandle", HOST_APB_CLK));
	OK(fdt_end_node(host));

	OK(fdt_begin_node(host, "pll"));
	OK(fdt_property_string(host, "compatible", "vendor,pll"));
	OK(fdt_property_u32(host, "#clock-cells", 0));
	OK(fdt_property_u32(host, "phandle", HOST_PLL));
	OK(fdt_end_node(host));

	device("pl031@9010000", "arm,pl031", 0x09010000, rtc_irq, 3, HOST_APB_CLK);
	OK(fdt_end_node(host));
	device("pl061@9030000", "arm,pl061", 0x09030000, gpio_irq, 3, HOST_APB_CLK);
	OK(fdt_property(host, "gpio-controller", NULL, 0));
	u32s("#gpio-cells", &gpio_cells, 1);
	OK(fdt_end_node(host));
	device("dual@9040000", "vendor,dual", 0x09040000, two_irqs, 6, HOST_APB_CLK);
	u32s("dmas", dma, 2);
	OK(fdt_property_string(host, "dma-names", "rx"));
	u32s("resets", dma, 2);
	OK(fdt_property_u32(host, "vendor,fifo-depth", 16));
	OK(fdt_end_node(host));
	device("pllclocked@9050000", "vendor,pllclocked", 0x09050000, NULL, 0, HOST_PLL);
	OK(fdt_end_node(host));

	OK(fdt_end_node(host));
	OK(fdt_finish(host));
}

static void grant(const char *name, uint64_t pa, uint64_t size, const uint32_t *irqs, int n)
{
	struct manifest_device *d = &desc.dev[desc.ndevices++];

	snprintf(d->name, sizeof(d->name), "%s", name);
	d->pa = pa;
	d->size = size;
	d->nirqs = (uint32_t)n;
	memcpy(d->irqs, irqs, (size_t)n * sizeof(uint32_t));
}

static void setup(void)
{
	memset(&desc, 0, sizeof(desc));
	memset(&part, 0, sizeof(part));
	desc.role = ROLE_LINUX;
	desc.max_threads = 1;
	part.desc = &desc;
	part.ram_pa = pa_init(RAM_PA);
	part.ram_size = 128ull << 20;
	part.guest.nr_vcpus = 1;
	part.guest.bootargs = "";
	make_host();
	part.guest.host_dtb = host;
}

static void build_ok(void)
{
	const char *err = NULL;

	cr_assert_eq(guest_dtb_build(dtb, sizeof(dtb), &part, 0, 0, &err), rcOk, "%s",
		     err ? err : "");
	cr_assert_eq(fdt_check_full(dtb, sizeof(dtb)), 0);
}

static int node(const char *path)
{
	return fdt_path_offset(dtb, path);
}

static const fdt32_t *cells(const char *path, const char *name, int *n)
{
	int len;
	const fdt32_t *v = fdt_getprop(dtb, node(path), name, &len);

	cr_assert(v, "no %s in %s", name, path);
	*n = len / 4;
	return v;
}

TestSuite(guest_dtb_devices, .init = setup);

Test(guest_dtb_devices, granted_node_is_copied_for_its_driver)
{
	static const uint32_t irq34[] = {34};
	const fdt32_t *v;
	int n, len;

	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	build_ok();
	cr_assert_geq(node("/pl031@9010000"), 0, "the RTC's node is not in the guest's tree");
	cr_assert_eq(fdt_node_check_compatible(dtb, node("/pl031@9010000"), "arm,pl031"), 0);
	cr_assert_eq(fdt_node_check_compatible(dtb, node("/pl031@9010000"), "arm,primecell"), 0);
	v = cells("/pl031@9010000", "reg", &n);
	cr_assert_eq(n, 4);
	cr_assert_eq(fdt32_to_cpu(v[1]), 0x09010000);
	cr_assert_eq(fdt32_to_cpu(v[3]), 0x1000);
	v = cells("/pl031@9010000", "interrupts", &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(fdt32_to_cpu(v[0]), 0); /* SPI */
	cr_assert_eq(fdt32_to_cpu(v[1]), 2); /* INTID 34 */
	cr_assert_eq(fdt32_to_cpu(v[2]), 4);
	v = cells("/pl031@9010000", "interrupt-parent", &n);
	cr_assert_eq(fdt32_to_cpu(v[0]), fdt_get_phandle(dtb, node("/intc@8000000")),
		     "interrupt-parent is not the guest's GIC");
	cr_assert_str_eq(fdt_getprop(dtb, node("/pl031@9010000"), "clock-names", &len), "apb_pclk");
}

Test(guest_dtb_devices, fixed_clock_is_copied_under_a_guest_phandle)
{
	static const uint32_t irq34[] = {34};
	const fdt32_t *v;
	int n, clk;

	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	build_ok();
	v = cells("/pl031@9010000", "clocks", &n);
	cr_assert_eq(n, 1);
	cr_assert_neq(fdt32_to_cpu(v[0]), HOST_APB_CLK, "the host's phandle leaked through");
	clk = fdt_node_offset_by_phandle(dtb, fdt32_to_cpu(v[0]));
	cr_assert_geq(clk, 0, "clocks names no node of the guest's tree");
	cr_assert_eq(fdt_node_check_compatible(dtb, clk, "fixed-clock"), 0);
	cr_assert_eq(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(dtb, clk, "clock-frequency", NULL)),
		     24000000);
	cr_assert_eq(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(dtb, clk, "#clock-cells", NULL)),
		     0);
}

Test(guest_dtb_devices, nothing_not_granted_appears)
{
	static const uint32_t irq34[] = {34};
	int n;

	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	build_ok();
	cr_assert_lt(node("/pl061@9030000"), 0, "an ungranted device is in the guest's tree");
	cr_assert_lt(node("/dual@9040000"), 0);
	cr_assert_lt(node("/pll"), 0);
	/* One clock node copied, for the RTC; the guest's own UART clock is still its own. */
	n = 0;
	for (int off = fdt_first_subnode(dtb, 0); off >= 0; off = fdt_next_subnode(dtb, off))
		if (fdt_node_check_compatible(dtb, off, "fixed-clock") == 0)
			n++;
	cr_assert_eq(n, 2);
}

Test(guest_dtb_devices, only_granted_interrupts_and_no_foreign_references)
{
	static const uint32_t irq42[] = {42};
	const fdt32_t *v;
	int n, dual;

	/* The device has SPIs 10 and 11 (INTIDs 42, 43); the grant has 42 only. */
	grant("dual", 0x09040000, 0x1000, irq42, 1);
	build_ok();
	dual = node("/dual@9040000");
	cr_assert_geq(dual, 0);
	v = cells("/dual@9040000", "interrupts", &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(fdt32_to_cpu(v[1]), 10);
	cr_assert_null(fdt_getprop(dtb, dual, "dmas", NULL));
	cr_assert_null(fdt_getprop(dtb, dual, "dma-names", NULL));
	cr_assert_null(fdt_getprop(dtb, dual, "resets", NULL));
	/* Its own settings are kept. */
	cr_assert_not_null(fdt_getprop(dtb, dual, "vendor,fifo-depth", NULL));
}

Test(guest_dtb_devices, mmio_only_grant_has_no_interrupts)
{
	int dev;

	grant("gpio", 0x09030000, 0x1000, NULL, 0);
	build_ok();
	dev = node("/pl061@9030000");
	cr_assert_geq(dev, 0);
	cr_assert_null(fdt_getprop(dtb, dev, "interrupts", NULL));
	cr_assert_null(fdt_getprop(dtb, dev, "interrupt-parent", NULL));
	cr_assert_not_null(fdt_getprop(dtb, dev, "gpio-controller", NULL));
}

Test(guest_dtb_devices, a_clock_that_is_not_fixed_is_not_given)
{
	int dev;

	grant("pllclocked", 0x09050000, 0x1000, NULL, 0);
	build_ok();
	dev = node("/pllclocked@9050000");
	cr_assert_geq(dev, 0);
	cr_assert_null(fdt_getprop(dtb, dev, "clocks", NULL));
	cr_assert_null(fdt_getprop(dtb, dev, "clock-names", NULL));
	cr_assert_lt(node("/clk-pll"), 0);
}

Test(guest_dtb_devices, devices_sharing_a_clock_share_one_copy)
{
	static const uint32_t irq34[] = {34}, irq39[] = {39};
	int n;
	uint32_t a, b;

	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	grant("gpio", 0x09030000, 0x1000, irq39, 1);
	build_ok();
	a = fdt32_to_cpu(cells("/pl031@9010000", "clocks", &n)[0]);
	b = fdt32_to_cpu(cells("/pl061@9030000", "clocks", &n)[0]);
	cr_assert_eq(a, b);
	cr_assert_geq(fdt_node_offset_by_phandle(dtb, a), 0);
}

Test(guest_dtb_devices, grant_that_no_node_describes_adds_nothing)
{
	int n = 0;

	grant("nothing", 0x0a000000, 0x1000, NULL, 0);
	/* A node is taken only by the grant that starts where its registers do. */
	grant("wide", 0x0900f000, 0x2000, NULL, 0);
	build_ok();
	for (int off = fdt_first_subnode(dtb, 0); off >= 0; off = fdt_next_subnode(dtb, off))
		n++;
	/* chosen, memory, cpus, psci, intc, timer, apb-pclk, pl011: the guest's own only */
	cr_assert_eq(n, 8);
	cr_assert_lt(node("/pl031@9010000"), 0);
}

Test(guest_dtb_devices, no_host_tree_no_device_nodes)
{
	static const uint32_t irq34[] = {34};

	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	part.guest.host_dtb = NULL;
	build_ok();
	cr_assert_lt(node("/pl031@9010000"), 0);
}

Test(guest_dtb_devices, copied_clock_does_not_reuse_an_output_name)
{
	static const uint32_t irq34[] = {34};
	int n, clk;

	/* Linux refuses a second clock named like the guest's own UART clock ("clk24mhz"). */
	grant("rtc", 0x09010000, 0x1000, irq34, 1);
	build_ok();
	clk =
	    fdt_node_offset_by_phandle(dtb, fdt32_to_cpu(cells("/pl031@9010000", "clocks", &n)[0]));
	cr_assert_geq(clk, 0);
	cr_assert_null(fdt_getprop(dtb, clk, "clock-output-names", NULL));
	cr_assert_str_eq(fdt_get_name(dtb, clk, NULL), "clk-apb-pclk");
}
