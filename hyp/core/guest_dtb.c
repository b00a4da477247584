// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device tree a Linux guest boots with, written with libfdt's sequential-write API at
 * every (re)start from the partition's manifest entry. It describes what the guest is given
 * and nothing else: its RAM, its vCPUs (enable-method = "psci"), PSCI over HVC, the emulated
 * GICv3 and PL011, the architected timer, chosen (command line, initramfs, console), and the
 * devices passed through to it (guest_dtb_devices.c).
 */
#include <libfdt.h>
#include <string.h>

#include <hyp/guest.h>
#include <hyp/partition.h>
#include <hyp/printf.h>
#include <uapi/bulkhead/retcode.h>

#define PHANDLE_GIC GUEST_DTB_PHANDLE_GIC
#define PHANDLE_CLK 2u
#define GIC_SPI 0u
#define GIC_PPI 1u
#define IRQ_LEVEL_HIGH 4u
#define UART_CLOCK_HZ 24000000u

#define TRY(x)                                                                                 \
	do {                                                                                   \
		int rc_ = (x);                                                                 \
		if (rc_ < 0)                                                                   \
			return rc_;                                                            \
	} while (0)

static int prop_u32s(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t cells[16];

	for (int i = 0; i < n && i < 16; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * (int)sizeof(fdt32_t));
}

/* reg = <addr size> pairs with #address-cells = #size-cells = 2. */
static int prop_reg(void *fdt, const uint64_t *pairs, int npairs)
{
	uint32_t c[8];

	for (int i = 0; i < 2 * npairs && i < 4; i++) {
		c[2 * i] = (uint32_t)(pairs[i] >> 32);
		c[2 * i + 1] = (uint32_t)pairs[i];
	}
	return prop_u32s(fdt, "reg", c, 4 * npairs);
}

static int node_chosen(void *fdt, const struct partition *p, uint64_t initrd_start,
		       uint64_t initrd_end)
{
	char args[512];

	/* The restart count tells a script in the guest which boot this is. */
	snprintf(args, sizeof(args), "%s bh.restart=%u", p->guest.bootargs, p->restart_count);
	TRY(fdt_begin_node(fdt, "chosen"));
	TRY(fdt_property_string(fdt, "bootargs", args));
	TRY(fdt_property_string(fdt, "stdout-path", "/pl011@9000000"));
	if (initrd_end > initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", initrd_end));
	}
	return fdt_end_node(fdt);
}

static int node_cpus(void *fdt, uint32_t n)
{
	char name[16];

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (uint32_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int node_gic(void *fdt, uint32_t nvcpus)
{
	const uint64_t reg[] = { GUEST_GICD_BASE, GUEST_GICD_SIZE, GUEST_GICR_BASE,
				 nvcpus * GUEST_GICR_STRIDE };

	TRY(fdt_begin_node(fdt, "intc@8000000"));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(prop_reg(fdt, reg, 2));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_GIC));
	return fdt_end_node(fdt);
}

static int node_timer(void *fdt)
{
	/* secure physical, non-secure physical, virtual, hypervisor: PPIs 13, 14, 11, 10 */
	const uint32_t irqs[] = { GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
				  GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH };

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_u32s(fdt, "interrupts", irqs, 12));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	return fdt_end_node(fdt);
}

static int node_uart(void *fdt)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	const uint64_t reg[] = { GUEST_UART_BASE, GUEST_UART_SIZE };
	const uint32_t irq[] = { GIC_SPI, GUEST_UART_INTID - 32, IRQ_LEVEL_HIGH };
	const uint32_t clocks[] = { PHANDLE_CLK, PHANDLE_CLK };

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", UART_CLOCK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_CLK));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "pl011@9000000"));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(prop_reg(fdt, reg, 1));
	TRY(prop_u32s(fdt, "interrupts", irq, 3));
	TRY(prop_u32s(fdt, "clocks", clocks, 2));
	TRY(fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names)));
	return fdt_end_node(fdt);
}

static int build(void *fdt, uint32_t size, const struct partition *p, uint64_t initrd_start,
		 uint64_t initrd_end)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	const uint64_t mem[] = { pa_addr(p->ram_pa), p->ram_size };
	char name[32];

	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "bulkhead,linux-guest"));
	TRY(fdt_property_string(fdt, "model", "Bulkhead Linux guest"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC));

	TRY(node_chosen(fdt, p, initrd_start, initrd_end));
	snprintf(name, sizeof(name), "memory@%lx", mem[0]);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_reg(fdt, mem, 1));
	TRY(fdt_end_node(fdt));
	TRY(node_cpus(fdt, p->guest.nr_vcpus));
	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_end_node(fdt));
	TRY(node_gic(fdt, p->guest.nr_vcpus));
	TRY(node_timer(fdt));
	TRY(node_uart(fdt));
	TRY(guest_dtb_devices(fdt, p));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

int guest_dtb_build(void *buf, uint32_t size, const struct partition *p, uint64_t initrd_start,
		    uint64_t initrd_end, const char **err)
{
	static char msg[96];
	int rc = build(buf, size, p, initrd_start, initrd_end);

	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot write the guest device tree: %s",
			 fdt_strerror(rc));
		*err = msg;
		return rcInternalError;
	}
	return rcOk;
}
