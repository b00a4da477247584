// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device grants in the manifest (a partition's "devices" node): manifest_parse() takes what
 * einit writes and refuses, naming partition and device, every grant that is malformed
 * or that hands a page or an interrupt to two devices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libfdt.h>

#include <hyp/manifest.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/retcode.h>

struct dev {
	const char *name;
	const void *reg;
	int reg_len;
	const void *irqs;
	int irqs_len;
	const char *extra_prop; /* an unknown property, or NULL */
};

struct grant_part {
	const char *name;
	struct dev devs[12];
	int ndevs;
	bool empty_devices; /* a devices node with no device */
	const char *second_subnode;
	bool linux_guest; /* role linux, 32 MiB */
};

static struct manifest man;

#define OK(x) cr_assert_geq((x), 0, "libfdt: %s", #x)

static void put_part(void *fdt, const struct grant_part *p)
{
	static const uint8_t mem[8] = {0, 0, 0, 0, 0, 0x20, 0, 0};
	static const uint8_t mem_linux[8] = {0, 0, 0, 0, 0x02, 0, 0, 0};
	static const uint8_t zero[4] = {0}, prio[4] = {0, 0, 0, 15}, thr[4] = {0, 0, 0, 4};

	OK(fdt_begin_node(fdt, p->name));
	OK(fdt_property_string(fdt, BH_MP_CLASS, "demo.Driver"));
	OK(fdt_property_string(fdt, BH_MP_IMAGE, p->name));
	OK(fdt_property_string(fdt, BH_MP_ROLE, p->linux_guest ? BH_ROLE_LINUX : BH_ROLE_COMPONENT));
	OK(fdt_property(fdt, BH_MP_MEMORY_SIZE, p->linux_guest ? mem_linux : mem, 8));
	OK(fdt_property(fdt, BH_MP_CPUS, zero, 4));
	OK(fdt_property(fdt, BH_MP_PRIORITY, prio, 4));
	OK(fdt_property(fdt, BH_MP_MAX_THREADS, thr, 4));
	OK(fdt_property_string(fdt, BH_MP_ON_FAULT, BH_ON_FAULT_STOP));
	if (p->ndevs || p->empty_devices) {
		OK(fdt_begin_node(fdt, BH_MP_DEVICES));
		for (int i = 0; i < p->ndevs; i++) {
			const struct dev *d = &p->devs[i];

			OK(fdt_begin_node(fdt, d->name));
			if (d->reg)
				OK(fdt_property(fdt, BH_MD_REG, d->reg, d->reg_len));
			if (d->irqs)
				OK(fdt_property(fdt, BH_MD_INTERRUPTS, d->irqs, d->irqs_len));
			if (d->extra_prop)
				OK(fdt_property_string(fdt, d->extra_prop, "x"));
			OK(fdt_end_node(fdt));
		}
		OK(fdt_end_node(fdt));
	}
	if (p->second_subnode) {
		OK(fdt_begin_node(fdt, p->second_subnode));
		OK(fdt_end_node(fdt));
	}
	OK(fdt_end_node(fdt));
}

static void *build(const struct grant_part *parts, int n, size_t *size)
{
	const int cap = 64 * 1024;
	void *fdt = malloc((size_t)cap);

	cr_assert_not_null(fdt);
	OK(fdt_create(fdt, cap));
	OK(fdt_finish_reservemap(fdt));
	OK(fdt_begin_node(fdt, ""));
	OK(fdt_property_string(fdt, "compatible", BH_MANIFEST_COMPATIBLE));
	OK(fdt_property_string(fdt, "solution", "grants"));
	OK(fdt_begin_node(fdt, BH_MANIFEST_PARTITIONS));
	for (int i = 0; i < n; i++)
		put_part(fdt, &parts[i]);
	OK(fdt_end_node(fdt));
	OK(fdt_end_node(fdt));
	OK(fdt_finish(fdt));
	*size = fdt_totalsize(fdt);
	return fdt;
}

static void parse_fails(const struct grant_part *parts, int n, const char *want)
{
	const char *err = NULL;
	size_t size;
	void *fdt = build(parts, n, &size);
	int rc = manifest_parse(fdt, size, 2, &man, &err);

	cr_assert_eq(rc, rcInvalidArgument, "expected '%s', got rc %d", want, rc);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, want);
	cr_assert_eq(man.npartitions, 0);
	free(fdt);
}

/* reg cells: u64 address, u64 size, big endian */
#define REG(a, s)                                                                                  \
	(const uint8_t[16])                                                                        \
	{                                                                                          \
		0, 0, 0, 0, (a) >> 24, ((a) >> 16) & 0xff, ((a) >> 8) & 0xff, (a)&0xff, 0, 0, 0,   \
		    0, (s) >> 24, ((s) >> 16) & 0xff, ((s) >> 8) & 0xff, (s)&0xff                  \
	}
static const uint8_t irq34[4] = {0, 0, 0, 34};
static const uint8_t irq34_35[8] = {0, 0, 0, 34, 0, 0, 0, 35};

TestSuite(manifest_devices);

Test(manifest_devices, parsed)
{
	struct grant_part p = {.name = "drv", .ndevs = 2};
	const char *err = NULL;
	size_t size;
	void *fdt;

	p.devs[0] = (struct dev){"rtc", REG(0x09010000, 0x1000), 16, irq34, 4, NULL};
	p.devs[1] = (struct dev){"gpio", NULL, 0, irq34_35 + 4, 4, NULL};
	fdt = build(&p, 1, &size);
	cr_assert_eq(manifest_parse(fdt, size, 2, &man, &err), rcOk, "%s", err);
	cr_assert_eq(man.part[0].ndevices, 2);
	cr_assert_str_eq(man.part[0].dev[0].name, "rtc");
	cr_assert_eq(man.part[0].dev[0].pa, 0x09010000);
	cr_assert_eq(man.part[0].dev[0].size, 0x1000);
	cr_assert_eq(man.part[0].dev[0].irqs[0], 34);
	cr_assert_eq(man.part[0].dev[1].size, 0);
	cr_assert_eq(man.part[0].dev[1].nirqs, 1);
	cr_assert_eq(man.part[0].dev[1].irqs[0], 35);
	free(fdt);
}

Test(manifest_devices, malformed_grants)
{
	static const uint8_t irq_ppi[4] = {0, 0, 0, 27}, irq_big[4] = {0, 0, 0x04, 0};
	static const uint8_t nine[36] = {[3] = 40,  [7] = 41,  [11] = 42, [15] = 43, [19] = 44,
					 [23] = 45, [27] = 46, [31] = 47, [35] = 48};
	static const uint8_t huge[16] = {0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0};
	struct grant_part p = {.name = "drv", .ndevs = 1};

	p.devs[0] = (struct dev){"rtc", REG(0x09010000, 0x1000), 12, NULL, 0, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': reg must be 4 cells (u64 address, "
		    "u64 size)");
	p.devs[0] = (struct dev){"rtc", REG(0x09010100, 0x1000), 16, NULL, 0, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': reg 0x9010100+0x1000 is not a "
		    "non-empty run of whole 4 KiB pages");
	p.devs[0] = (struct dev){"rtc", REG(0x09010000, 0), 16, NULL, 0, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': reg 0x9010000+0x0 is not a non-empty "
		    "run of whole 4 KiB pages");
	p.devs[0] = (struct dev){"rtc", huge, 16, NULL, 0, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': reg 0xffff000000000000+0x1000 is "
		    "beyond 48-bit physical addresses");
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq_ppi, 4, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': interrupt 27 is not a shared "
		    "peripheral interrupt (32..1019)");
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq_big, 4, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device 'rtc': interrupt 1024 is not a shared "
		    "peripheral interrupt (32..1019)");
	p.devs[0] = (struct dev){"rtc", NULL, 0, nine, 36, NULL};
	parse_fails(&p, 1, "partition 'drv': device 'rtc': interrupts must be 1..8 u32 cells");
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq34, 3, NULL};
	parse_fails(&p, 1, "partition 'drv': device 'rtc': interrupts must be 1..8 u32 cells");
	p.devs[0] = (struct dev){"rtc", NULL, 0, NULL, 0, NULL};
	parse_fails(&p, 1, "partition 'drv': device 'rtc': grants neither reg nor interrupts");
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq34, 4, "colour"};
	parse_fails(&p, 1, "partition 'drv': device 'rtc': unknown property 'colour'");
	p.devs[0] = (struct dev){"9rtc", NULL, 0, irq34, 4, NULL};
	parse_fails(&p, 1,
		    "partition 'drv': device name '9rtc' is not 1..31 of "
		    "[A-Za-z0-9,._+-]");
}

Test(manifest_devices, devices_node_shape)
{
	struct grant_part p = {.name = "drv", .empty_devices = true};

	parse_fails(&p, 1, "partition 'drv': empty 'devices' node");
	p = (struct grant_part){.name = "drv", .ndevs = 1, .second_subnode = "more"};
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq34, 4, NULL};
	parse_fails(&p, 1, "partition 'drv': unexpected node 'more'");
	p = (struct grant_part){.name = "drv", .ndevs = 1, .second_subnode = "devices"};
	p.devs[0] = (struct dev){"rtc", NULL, 0, irq34, 4, NULL};
	parse_fails(&p, 1, "partition 'drv': only one 'devices' node is allowed");
	p = (struct grant_part){.name = "drv", .ndevs = 9};
	for (int i = 0; i < 9; i++) {
		static char names[9][8];

		snprintf(names[i], sizeof(names[i]), "d%d", i);
		p.devs[i] = (struct dev){names[i], NULL, 0, NULL, 0, NULL};
		p.devs[i].irqs = malloc(4);
		memcpy((void *)p.devs[i].irqs, (const uint8_t[4]){0, 0, 0, (uint8_t)(40 + i)}, 4);
		p.devs[i].irqs_len = 4;
	}
	parse_fails(&p, 1, "partition 'drv': more than 8 devices");
}

Test(manifest_devices, nothing_granted_twice)
{
	struct grant_part p[2] = {{.name = "a", .ndevs = 1}, {.name = "b", .ndevs = 1}};

	p[0].devs[0] = (struct dev){"rtc", REG(0x09010000, 0x2000), 16, NULL, 0, NULL};
	p[1].devs[0] = (struct dev){"clock", REG(0x09011000, 0x1000), 16, NULL, 0, NULL};
	parse_fails(p, 2, "partition 'b': device 'clock' overlaps device 'rtc' of partition 'a'");
	p[0].devs[0] = (struct dev){"rtc", NULL, 0, irq34, 4, NULL};
	p[1].devs[0] = (struct dev){"clock", NULL, 0, irq34_35, 8, NULL};
	parse_fails(p, 2,
		    "partition 'b': interrupt 34 of device 'clock' is also granted to "
		    "device 'rtc' of partition 'a'");
	p[0].ndevs = 2;
	p[0].devs[0] = (struct dev){"x", NULL, 0, irq34, 4, NULL};
	p[0].devs[1] = (struct dev){"y", NULL, 0, irq34_35, 8, NULL};
	parse_fails(p, 1,
		    "partition 'a': interrupt 34 of device 'y' is also granted to device "
		    "'x' of partition 'a'");
	p[0].ndevs = 1;
	p[0].devs[0] =
	    (struct dev){"x", NULL, 0, (const uint8_t[8]){0, 0, 0, 34, 0, 0, 0, 34}, 8, NULL};
	parse_fails(p, 1, "partition 'a': device 'x' lists interrupt 34 twice");
}

Test(manifest_devices, linux_guest_grants_parsed)
{
	struct grant_part p = {.name = "linux", .ndevs = 1, .linux_guest = true};
	const char *err = NULL;
	size_t size;
	void *fdt;

	p.devs[0] = (struct dev){"rtc", REG(0x09010000, 0x1000), 16, irq34, 4, NULL};
	fdt = build(&p, 1, &size);
	cr_assert_eq(manifest_parse(fdt, size, 2, &man, &err), rcOk, "%s", err);
	cr_assert_eq(man.part[0].role, ROLE_LINUX);
	cr_assert_eq(man.part[0].ndevices, 1);
	cr_assert_eq(man.part[0].dev[0].pa, 0x09010000);
	cr_assert_eq(man.part[0].dev[0].irqs[0], 34);
	free(fdt);
}

Test(manifest_devices, linux_guest_grants_refused)
{
	static const uint8_t irq96[4] = {0, 0, 0, 96}, irq33[4] = {0, 0, 0, 33};
	struct grant_part p[2] = {{.name = "drv", .ndevs = 1},
				  {.name = "linux", .ndevs = 1, .linux_guest = true}};

	/* The guest's emulated GIC has SPIs 32..95, and 33 is its emulated UART's. */
	p[1].devs[0] = (struct dev){"far", NULL, 0, irq96, 4, NULL};
	parse_fails(&p[1], 1,
		    "partition 'linux': device 'far': interrupt 96 is beyond the SPIs of a "
		    "Linux guest's GIC (32..95)");
	p[1].devs[0] = (struct dev){"uart", NULL, 0, irq33, 4, NULL};
	parse_fails(&p[1], 1,
		    "partition 'linux': device 'uart': interrupt 33 is the Linux guest's "
		    "emulated UART's");
	/* One device, one owner: not shared with a secure partition. */
	p[0].devs[0] = (struct dev){"rtc", REG(0x09010000, 0x1000), 16, NULL, 0, NULL};
	p[1].devs[0] = (struct dev){"clock", REG(0x09010000, 0x1000), 16, NULL, 0, NULL};
	parse_fails(p, 2,
		    "partition 'linux': device 'clock' overlaps device 'rtc' of partition 'drv'");
	p[0].devs[0] = (struct dev){"rtc", NULL, 0, irq34, 4, NULL};
	p[1].devs[0] = (struct dev){"clock", NULL, 0, irq34, 4, NULL};
	parse_fails(p, 2,
		    "partition 'linux': interrupt 34 of device 'clock' is also granted to "
		    "device 'rtc' of partition 'drv'");
}
