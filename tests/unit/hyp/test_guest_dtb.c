// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device tree a Linux guest boots with (hyp/core/guest_dtb.c): what it is granted, in the
 * shapes Linux's drivers look for, and nothing else.
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
#define RAM_SIZE (128ull << 20)

static struct manifest_partition desc;
static struct partition part;
static uint8_t dtb[64 * 1024];

static void guest_with(uint32_t vcpus, const char *bootargs, uint32_t restarts)
{
	memset(&desc, 0, sizeof(desc));
	memset(&part, 0, sizeof(part));
	desc.role = ROLE_LINUX;
	desc.max_threads = vcpus;
	part.desc = &desc;
	part.ram_pa = pa_init(RAM_PA);
	part.ram_size = RAM_SIZE;
	part.restart_count = restarts;
	part.guest.nr_vcpus = vcpus;
	part.guest.bootargs = bootargs;
}

static void build_ok(uint64_t initrd_start, uint64_t initrd_end)
{
	const char *err = NULL;

	cr_assert_eq(guest_dtb_build(dtb, sizeof(dtb), &part, initrd_start, initrd_end, &err), rcOk,
		     "%s", err ? err : "");
	cr_assert_eq(fdt_check_full(dtb, sizeof(dtb)), 0);
}

static const void *prop(const char *path, const char *name, int *len)
{
	int node = fdt_path_offset(dtb, path);
	const void *v;

	cr_assert_geq(node, 0, "no node %s", path);
	v = fdt_getprop(dtb, node, name, len);
	cr_assert(v, "no %s in %s", name, path);
	return v;
}

static uint64_t cells64(const void *p, int i)
{
	const fdt32_t *c = p;

	return (uint64_t)fdt32_to_cpu(c[2 * i]) << 32 | fdt32_to_cpu(c[2 * i + 1]);
}

Test(guest_dtb, describes_only_what_the_guest_is_given)
{
	static const char *const expected[] = { "chosen", "memory@4a400000", "cpus", "psci",
						"intc@8000000", "timer", "apb-pclk",
						"pl011@9000000" };
	unsigned int n = 0;
	int node;

	guest_with(2, "console=ttyAMA0", 0);
	build_ok(0, 0);
	fdt_for_each_subnode(node, dtb, 0) {
		const char *name = fdt_get_name(dtb, node, NULL);

		cr_assert_lt(n, sizeof(expected) / sizeof(expected[0]), "unexpected node %s", name);
		cr_assert_str_eq(name, expected[n]);
		n++;
	}
	cr_assert_eq(n, sizeof(expected) / sizeof(expected[0]));
}

Test(guest_dtb, memory_is_the_partition_ram_at_its_physical_address)
{
	int len;
	const void *reg;

	guest_with(1, "", 0);
	build_ok(0, 0);
	cr_assert_str_eq(prop("/memory@4a400000", "device_type", &len), "memory");
	reg = prop("/memory@4a400000", "reg", &len);
	cr_assert_eq(len, 16);
	cr_assert_eq(cells64(reg, 0), RAM_PA);
	cr_assert_eq(cells64(reg, 1), RAM_SIZE);
}

Test(guest_dtb, one_psci_cpu_node_per_vcpu)
{
	char path[32];
	int len, cpus;

	guest_with(3, "", 0);
	build_ok(0, 0);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		cr_assert_str_eq(prop(path, "enable-method", &len), "psci");
		cr_assert_eq(fdt32_to_cpu(*(const fdt32_t *)prop(path, "reg", &len)), (uint32_t)i);
	}
	cpus = fdt_path_offset(dtb, "/cpus");
	cr_assert_eq(fdt_subnode_offset(dtb, cpus, "cpu@3"), -FDT_ERR_NOTFOUND);
	cr_assert_str_eq(prop("/psci", "method", &len), "hvc");
	cr_assert_eq(fdt_node_check_compatible(dtb, fdt_path_offset(dtb, "/psci"),
					       "arm,psci-0.2"), 0);
}

Test(guest_dtb, gic_has_one_redistributor_frame_per_vcpu)
{
	int len;
	const void *reg;

	guest_with(2, "", 0);
	build_ok(0, 0);
	reg = prop("/intc@8000000", "reg", &len);
	cr_assert_eq(len, 32);
	cr_assert_eq(cells64(reg, 0), GUEST_GICD_BASE);
	cr_assert_eq(cells64(reg, 2), GUEST_GICR_BASE);
	cr_assert_eq(cells64(reg, 3), 2 * GUEST_GICR_STRIDE);
	cr_assert_str_eq(prop("/intc@8000000", "compatible", &len), "arm,gic-v3");
	cr_assert_eq(fdt32_to_cpu(*(const fdt32_t *)prop("/", "interrupt-parent", &len)),
		     fdt_get_phandle(dtb, fdt_path_offset(dtb, "/intc@8000000")));
}

Test(guest_dtb, uart_and_timer_as_linux_drivers_want_them)
{
	const fdt32_t *irq;
	int len, uart;

	guest_with(1, "", 0);
	build_ok(0, 0);
	uart = fdt_path_offset(dtb, "/pl011@9000000");
	cr_assert_eq(fdt_node_check_compatible(dtb, uart, "arm,primecell"), 0);
	irq = prop("/pl011@9000000", "interrupts", &len);
	cr_assert_eq(len, 12);
	cr_assert_eq(fdt32_to_cpu(irq[1]) + 32, GUEST_UART_INTID);
	prop("/pl011@9000000", "clocks", &len);
	cr_assert_eq(len, 8);
	irq = prop("/timer", "interrupts", &len);
	cr_assert_eq(len, 48);
	cr_assert_eq(fdt32_to_cpu(irq[7]) + 16, GUEST_VTIMER_INTID); /* the virtual timer's PPI */
}

Test(guest_dtb, chosen_has_command_line_restart_count_and_initramfs)
{
	int len;

	guest_with(1, "console=ttyAMA0 quiet", 2);
	build_ok(0x50000000ull, 0x50123000ull);
	cr_assert_str_eq(prop("/chosen", "bootargs", &len), "console=ttyAMA0 quiet bh.restart=2");
	cr_assert_str_eq(prop("/chosen", "stdout-path", &len), "/pl011@9000000");
	cr_assert_eq(fdt64_to_cpu(*(const fdt64_t *)prop("/chosen", "linux,initrd-start", &len)),
		     0x50000000ull);
	cr_assert_eq(fdt64_to_cpu(*(const fdt64_t *)prop("/chosen", "linux,initrd-end", &len)),
		     0x50123000ull);
}

Test(guest_dtb, no_initramfs_no_initrd_properties)
{
	int chosen;

	guest_with(1, "", 0);
	build_ok(0, 0);
	chosen = fdt_path_offset(dtb, "/chosen");
	cr_assert_null(fdt_getprop(dtb, chosen, "linux,initrd-start", NULL));
}

Test(guest_dtb, too_small_a_buffer_is_an_error_not_a_overrun)
{
	static uint8_t small[256];
	const char *err = NULL;

	memset(small, 0xa5, sizeof(small));
	guest_with(8, "console=ttyAMA0", 0);
	cr_assert_eq(guest_dtb_build(small, 128, &part, 0, 0, &err), rcInternalError);
	cr_assert(err && strstr(err, "guest device tree"), "%s", err ? err : "(no message)");
	for (size_t i = 128; i < sizeof(small); i++)
		cr_assert_eq(small[i], 0xa5, "written beyond the buffer at %zu", i);
}
