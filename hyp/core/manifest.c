// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot manifest parser (layout: uapi/bulkhead/manifest.h). The manifest comes out of the boot
 * package and is distrusted like the rest of it: the whole tree is checked with
 * fdt_check_full() first, then every property is checked for presence, exact length and
 * range before a single field of struct manifest is believed. Anything unexpected, including
 * unknown properties or nodes, is refused: a newer tool's manifest must not be half
 * understood by an older hypervisor.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libfdt.h>

#include <hyp/manifest.h>
#include <hyp/printf.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/manifest.h>
#include <uapi/bulkhead/retcode.h>

#ifndef CONFIG_MAX_VCPUS_PER_PARTITION
#define CONFIG_MAX_VCPUS_PER_PARTITION 8
#endif

#define MIN_MEMORY (64ull * 1024)
#define LINUX_MIN_MEMORY (32ull << 20)
#define LINUX_MAX_VCPUS 8u	/* GUEST_MAX_VCPUS */
#define LINUX_BOOTARGS_MAX 400u /* the guest DTB's bootargs has room for the restart count */
#define PAGE_SIZE_ 4096ull
#define MAX_PRIORITY 31u
#define BOOT_ARGS_MAX sizeof(((struct bh_boot_info *)0)->args)
#define BOOT_ENV_MAX sizeof(((struct bh_boot_info *)0)->env)

typedef unsigned long long ull;

/*
 * Text handed back through *err. Not reentrant: the manifest is parsed once, at boot, on the
 * boot CPU.
 */
static char err_buf[192];

static int fail_(const char **err)
{
	if (err)
		*err = err_buf;
	return rcInvalidArgument;
}

/* snprintf first, then hand the buffer out; a macro because <stdarg.h> is not ours to use. */
#define FAIL(err, ...) (snprintf(err_buf, sizeof(err_buf), __VA_ARGS__), fail_(err))

/*
 * Hostile names are printed through this: at most 40 characters, anything outside printable
 * ASCII as '?', so a crafted manifest cannot put control sequences on the console.
 */
static const char *printable(char *buf, size_t size, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < size && i < 40; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	buf[i] = '\0';
	return buf;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_punct(char c)
{
	return c == ',' || c == '.' || c == '_' || c == '+' || c == '-';
}

/* Devicetree spec 2.2.1 node names, without a unit address: what the solution tool writes. */
static bool node_name_valid(const char *s, size_t len)
{
	if (!len || !is_letter(s[0]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_letter(s[i]) && !is_digit(s[i]) && !is_name_punct(s[i]))
			return false;
	return true;
}

/* EDL class names: dot-separated C identifiers. */
static bool class_valid(const char *s, size_t len)
{
	bool first = true;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (first)
				return false;
			first = true;
			continue;
		}
		if (!is_letter(s[i]) && s[i] != '_' && (first || !is_digit(s[i])))
			return false;
		first = false;
	}
	return !first;
}

/* Property values are only 4-byte aligned inside the blob; read cells a byte at a time. */
static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

struct node_ctx {
	const void *dtb;
	int off;
	const char *who;	/* "partition 'hello'" or "root node", for messages */
	const char **err;
};

static const void *get_prop(const struct node_ctx *n, const char *prop, int *len, int *rc)
{
	const void *val = fdt_getprop(n->dtb, n->off, prop, len);

	*rc = rcOk;
	if (!val) {
		if (*len == -FDT_ERR_NOTFOUND)
			*rc = FAIL(n->err, "%s: property '%s' is missing", n->who, prop);
		else
			*rc = FAIL(n->err, "%s: property '%s': %s", n->who, prop,
				   fdt_strerror(*len));
	}
	return val;
}

/* One non-empty string, NUL-terminated at the end of the property and nowhere before. */
static int get_string(const struct node_ctx *n, const char *prop, char *out, size_t out_size)
{
	const char *val;
	int len, rc;

	val = get_prop(n, prop, &len, &rc);
	if (!val)
		return rc;
	if (len < 1 || val[len - 1] != '\0' || strnlen(val, (size_t)len) != (size_t)len - 1)
		return FAIL(n->err, "%s: property '%s' is not a single NUL-terminated string",
			    n->who, prop);
	if (len == 1)
		return FAIL(n->err, "%s: property '%s' is empty", n->who, prop);
	if ((size_t)len > out_size)
		return FAIL(n->err, "%s: property '%s' is longer than %u characters", n->who, prop,
			    (unsigned int)out_size - 1);
	memcpy(out, val, (size_t)len);
	return rcOk;
}

static int get_u32(const struct node_ctx *n, const char *prop, uint32_t *out)
{
	const void *val;
	int len, rc;

	val = get_prop(n, prop, &len, &rc);
	if (!val)
		return rc;
	if (len != 4)
		return FAIL(n->err,
			    "%s: property '%s' must be one u32 cell (4 bytes), not %d bytes",
			    n->who, prop, len);
	*out = be32(val);
	return rcOk;
}

static int get_u64(const struct node_ctx *n, const char *prop, uint64_t *out)
{
	const uint8_t *val;
	int len, rc;

	val = get_prop(n, prop, &len, &rc);
	if (!val)
		return rc;
	if (len != 8)
		return FAIL(n->err,
			    "%s: property '%s' must be two u32 cells (8 bytes), not %d bytes",
			    n->who, prop, len);
	*out = (uint64_t)be32(val) << 32 | be32(val + 4);
	return rcOk;
}

/* An optional string list: absent is fine, present must be non-empty and NUL-ended. */
static int get_string_list(const struct node_ctx *n, const char *prop, size_t max,
			   const char **out, uint32_t *out_size)
{
	const char *val;
	int len;

	val = fdt_getprop(n->dtb, n->off, prop, &len);
	if (!val) {
		if (len == -FDT_ERR_NOTFOUND)
			return rcOk;
		return FAIL(n->err, "%s: property '%s': %s", n->who, prop, fdt_strerror(len));
	}
	if (len < 1 || val[len - 1] != '\0')
		return FAIL(n->err, "%s: property '%s' is not a list of NUL-terminated strings",
			    n->who, prop);
	if ((size_t)len > max)
		return FAIL(n->err, "%s: property '%s' is %d bytes, more than the %u that fit",
			    n->who, prop, len, (unsigned int)max);
	*out = val;
	*out_size = (uint32_t)len;
	return rcOk;
}

/* A string property that must be one of `choices`; *index says which. */
static int get_choice(const struct node_ctx *n, const char *prop, const char *const *choices,
		      unsigned int nchoices, unsigned int *index)
{
	const char *val;
	char buf[48];
	int len, rc;

	val = get_prop(n, prop, &len, &rc);
	if (!val)
		return rc;
	if (len < 1 || val[len - 1] != '\0' || strnlen(val, (size_t)len) != (size_t)len - 1)
		return FAIL(n->err, "%s: property '%s' is not a single NUL-terminated string",
			    n->who, prop);
	for (unsigned int i = 0; i < nchoices; i++) {
		if (!strcmp(val, choices[i])) {
			*index = i;
			return rcOk;
		}
	}
	return FAIL(n->err, "%s: unknown %s '%s'", n->who, prop,
		    printable(buf, sizeof(buf), val, (size_t)len - 1));
}

static int parse_role(const struct node_ctx *n, enum partition_role *role)
{
	/* Indexed by enum partition_role. */
	static const char *const roles[] = {
		[ROLE_COMPONENT] = BH_ROLE_COMPONENT,
		[ROLE_MONITOR] = BH_ROLE_MONITOR,
		[ROLE_LINUX] = BH_ROLE_LINUX,
	};
	unsigned int i;
	int rc = get_choice(n, BH_MP_ROLE, roles, 3, &i);

	if (rc == rcOk)
		*role = (enum partition_role)i;
	return rc;
}

static int parse_on_fault(const struct node_ctx *n, enum fault_action *action)
{
	/* Indexed by enum fault_action. */
	static const char *const actions[] = {
		[FAULT_STOP] = BH_ON_FAULT_STOP,
		[FAULT_RESTART] = BH_ON_FAULT_RESTART,
	};
	unsigned int i;
	int rc = get_choice(n, BH_MP_ON_FAULT, actions, 2, &i);

	if (rc == rcOk)
		*action = (enum fault_action)i;
	return rc;
}

static int parse_cpus(const struct node_ctx *n, uint32_t ncpus, uint32_t *mask)
{
	const uint8_t *val;
	int len, rc;

	val = get_prop(n, BH_MP_CPUS, &len, &rc);
	if (!val)
		return rc;
	if (len == 0 || len % 4)
		return FAIL(n->err,
			    "%s: property '" BH_MP_CPUS "' must be a non-empty list of u32 cells, "
			    "not %d bytes",
			    n->who, len);
	*mask = 0;
	for (int i = 0; i < len; i += 4) {
		uint32_t cpu = be32(val + i);

		if (cpu >= ncpus)
			return FAIL(n->err, "%s: cpu %u does not exist (%u CPUs)", n->who, cpu,
				    ncpus);
		if (*mask & (1u << cpu))
			return FAIL(n->err, "%s: cpu %u is listed twice", n->who, cpu);
		*mask |= 1u << cpu;
	}
	return rcOk;
}

static int check_env(const struct node_ctx *n, const char *env, uint32_t size)
{
	unsigned int entry = 0;

	/* Every entry must look like NAME=value with a non-empty NAME. */
	for (uint32_t i = 0; i < size; entry++) {
		size_t len = strnlen(env + i, size - i);
		const char *eq = memchr(env + i, '=', len);

		if (!eq || eq == env + i)
			return FAIL(n->err, "%s: " BH_MP_ENV " entry %u is not NAME=value", n->who,
				    entry);
		i += (uint32_t)len + 1;
	}
	return rcOk;
}

static const char *const partition_props[] = {
	BH_MP_CLASS,	BH_MP_IMAGE,	   BH_MP_ROLE,	   BH_MP_MEMORY_SIZE, BH_MP_CPUS,
	BH_MP_PRIORITY, BH_MP_MAX_THREADS, BH_MP_ON_FAULT, BH_MP_ARGS,	      BH_MP_ENV,
	BH_MP_INITRD,	BH_MP_BOOTARGS,	   BH_MP_SCHEMA,
};
#define NPARTITION_PROPS (sizeof(partition_props) / sizeof(partition_props[0]))

/*
 * Every property of the node must be in `known`, and only once: fdt_getprop() returns the
 * first of two same-named properties, so a duplicate could hide a second value.
 */
static int check_props(const struct node_ctx *n, const char *const *known, unsigned int nknown)
{
	uint32_t seen = 0;
	char buf[48];
	int prop;

	fdt_for_each_property_offset(prop, n->dtb, n->off) {
		const char *name;
		int len;
		unsigned int i;

		if (!fdt_getprop_by_offset(n->dtb, prop, &name, &len))
			return FAIL(n->err, "%s: unreadable property: %s", n->who,
				    fdt_strerror(len));
		for (i = 0; i < nknown; i++)
			if (!strcmp(name, known[i]))
				break;
		if (i == nknown)
			return FAIL(n->err, "%s: unknown property '%s'", n->who,
				    printable(buf, sizeof(buf), name, strlen(name)));
		if (seen & (1u << i))
			return FAIL(n->err, "%s: property '%s' appears twice", n->who, known[i]);
		seen |= 1u << i;
	}
	if (prop != -FDT_ERR_NOTFOUND)
		return FAIL(n->err, "%s: %s", n->who, fdt_strerror(prop));
	return rcOk;
}

static int no_subnodes(const struct node_ctx *n)
{
	char buf[48];
	const char *name;
	int sub, len;

	sub = fdt_first_subnode(n->dtb, n->off);
	if (sub == -FDT_ERR_NOTFOUND)
		return rcOk;
	if (sub < 0)
		return FAIL(n->err, "%s: %s", n->who, fdt_strerror(sub));
	name = fdt_get_name(n->dtb, sub, &len);
	return FAIL(n->err, "%s: unexpected node '%s'", n->who,
		    name ? printable(buf, sizeof(buf), name, (size_t)len) : "?");
}

/*
 * A Linux guest's grants are passed through to it: its interrupts become SPIs of the guest's
 * emulated GICv3, which has SPIs 32..BH_LINUX_SPI_LAST, one of them its emulated PL011's.
 */
static int check_linux_devices(const struct node_ctx *n, const struct manifest_partition *p)
{
	for (uint32_t i = 0; i < p->ndevices; i++) {
		const struct manifest_device *d = &p->dev[i];

		for (uint32_t j = 0; j < d->nirqs; j++) {
			if (d->irqs[j] > BH_LINUX_SPI_LAST)
				return FAIL(n->err, "%s: device '%s': interrupt %u is beyond the SPIs "
					    "of a Linux guest's GIC (32..%u)", n->who, d->name,
					    d->irqs[j], BH_LINUX_SPI_LAST);
			if (d->irqs[j] == BH_LINUX_UART_INTID)
				return FAIL(n->err, "%s: device '%s': interrupt %u is the Linux guest's "
					    "emulated UART's", n->who, d->name, d->irqs[j]);
		}
	}
	return rcOk;
}

/* What only the linux role has: the initramfs image and the kernel command line. */
static int parse_linux(const struct node_ctx *n, struct manifest_partition *p)
{
	const char *who = n->who;
	char buf[48];
	int len, rc;

	p->initrd[0] = '\0';
	p->bootargs = NULL;
	if (p->role != ROLE_LINUX) {
		if (fdt_getprop(n->dtb, n->off, BH_MP_INITRD, NULL) ||
		    fdt_getprop(n->dtb, n->off, BH_MP_BOOTARGS, NULL))
			return FAIL(n->err, "%s: '" BH_MP_INITRD "' and '" BH_MP_BOOTARGS
				    "' are for role '" BH_ROLE_LINUX "' only", who);
		return rcOk;
	}
	if (p->mem_size % (2ull << 20) || p->mem_size < LINUX_MIN_MEMORY)
		return FAIL(n->err, "%s: a Linux guest needs a multiple of 2 MiB, at least %u MiB, "
			    "of " BH_MP_MEMORY_SIZE " (not 0x%llx)", who,
			    (unsigned int)(LINUX_MIN_MEMORY >> 20), (ull)p->mem_size);
	if (p->max_threads > LINUX_MAX_VCPUS)
		return FAIL(n->err, "%s: a Linux guest has at most %u vCPUs (max-threads %u)", who,
			    LINUX_MAX_VCPUS, p->max_threads);
	rc = check_linux_devices(n, p);
	if (rc != rcOk)
		return rc;
	if (fdt_getprop(n->dtb, n->off, BH_MP_INITRD, NULL)) {
		rc = get_string(n, BH_MP_INITRD, p->initrd, sizeof(p->initrd));
		if (rc != rcOk)
			return rc;
		if (!node_name_valid(p->initrd, strlen(p->initrd)) ||
		    !strcmp(p->initrd, BH_PACKAGE_MANIFEST_IMAGE))
			return FAIL(n->err, "%s: " BH_MP_INITRD " '%s' is not a valid image name", who,
				    printable(buf, sizeof(buf), p->initrd, strlen(p->initrd)));
	}
	p->bootargs = fdt_getprop(n->dtb, n->off, BH_MP_BOOTARGS, &len);
	if (p->bootargs && (len < 1 || len > (int)LINUX_BOOTARGS_MAX ||
			    strnlen(p->bootargs, (size_t)len) != (size_t)len - 1))
		return FAIL(n->err, "%s: " BH_MP_BOOTARGS " must be one string of at most %u "
			    "bytes", who, LINUX_BOOTARGS_MAX - 1);
	return rcOk;
}

static const char *const device_props[] = { BH_MD_REG, BH_MD_INTERRUPTS };

static int parse_device(const struct node_ctx *parent, int off, struct manifest_device *d)
{
	char who[112], buf[48];
	struct node_ctx n = { .dtb = parent->dtb, .off = off, .who = who, .err = parent->err };
	const char *name;
	const uint8_t *val;
	int len, rc;

	name = fdt_get_name(n.dtb, off, &len);
	if (!name || len < 1 || len > BH_NAME_MAX - 1 || !node_name_valid(name, (size_t)len))
		return FAIL(n.err, "%s: device name '%s' is not 1..%d of [A-Za-z0-9,._+-]",
			    parent->who, name ? printable(buf, sizeof(buf), name, (size_t)len) : "?",
			    BH_NAME_MAX - 1);
	memcpy(d->name, name, (size_t)len);
	d->name[len] = '\0';
	snprintf(who, sizeof(who), "%s: device '%s'", parent->who, d->name);
	rc = check_props(&n, device_props, 2);
	if (rc == rcOk)
		rc = no_subnodes(&n);
	if (rc != rcOk)
		return rc;

	val = fdt_getprop(n.dtb, off, BH_MD_REG, &len);
	if (val) {
		if (len != 16)
			return FAIL(n.err, "%s: " BH_MD_REG " must be 4 cells (u64 address, u64 size)",
				    who);
		d->pa = (uint64_t)be32(val) << 32 | be32(val + 4);
		d->size = (uint64_t)be32(val + 8) << 32 | be32(val + 12);
		if (d->size == 0 || d->pa % PAGE_SIZE_ || d->size % PAGE_SIZE_)
			return FAIL(n.err, "%s: " BH_MD_REG " 0x%llx+0x%llx is not a non-empty run of "
				    "whole 4 KiB pages", who, (ull)d->pa, (ull)d->size);
		if (d->pa + d->size < d->pa || d->pa + d->size > (1ull << 48))
			return FAIL(n.err, "%s: " BH_MD_REG " 0x%llx+0x%llx is beyond 48-bit "
				    "physical addresses", who, (ull)d->pa, (ull)d->size);
	}
	val = fdt_getprop(n.dtb, off, BH_MD_INTERRUPTS, &len);
	if (val) {
		if (len < 4 || len % 4 || len / 4 > BH_MANIFEST_MAX_DEVICE_IRQS)
			return FAIL(n.err, "%s: " BH_MD_INTERRUPTS " must be 1..%u u32 cells", who,
				    BH_MANIFEST_MAX_DEVICE_IRQS);
		d->nirqs = (uint32_t)len / 4;
		for (uint32_t i = 0; i < d->nirqs; i++) {
			d->irqs[i] = be32(val + 4 * i);
			if (d->irqs[i] < 32 || d->irqs[i] > 1019)
				return FAIL(n.err, "%s: interrupt %u is not a shared peripheral "
					    "interrupt (32..1019)", who, d->irqs[i]);
		}
	}
	if (!d->size && !d->nirqs)
		return FAIL(n.err, "%s: grants neither " BH_MD_REG " nor " BH_MD_INTERRUPTS, who);
	return rcOk;
}

/* The optional "devices" subnode: the only subnode a partition may have. */
static int parse_devices(const struct node_ctx *n, int sub, struct manifest_partition *p)
{
	struct node_ctx dn = *n;
	int dev, rc;

	if (p->ndevices)
		return FAIL(n->err, "%s: only one '" BH_MP_DEVICES "' node is allowed", n->who);
	dn.off = sub;
	rc = check_props(&dn, NULL, 0);
	if (rc != rcOk)
		return rc;
	fdt_for_each_subnode(dev, n->dtb, sub) {
		if (p->ndevices == BH_MANIFEST_MAX_DEVICES)
			return FAIL(n->err, "%s: more than %u devices", n->who,
				    BH_MANIFEST_MAX_DEVICES);
		rc = parse_device(n, dev, &p->dev[p->ndevices]);
		if (rc != rcOk)
			return rc;
		p->ndevices++;
	}
	if (p->ndevices == 0)
		return FAIL(n->err, "%s: empty '" BH_MP_DEVICES "' node", n->who);
	return rcOk;
}

static const char *const conn_props[] = { BH_MC_ID, BH_MC_SERVER };

/* The channels a partition calls; servers are resolved once every partition is known. */
static int parse_connections(const struct node_ctx *n, int sub, struct manifest_partition *p,
			     bool *seen)
{
	char who[96];
	struct node_ctx cn = *n;
	int c, rc;

	if (*seen)
		return FAIL(n->err, "%s: only one '" BH_MP_CONNECTIONS "' node is allowed", n->who);
	*seen = true;
	cn.off = sub;
	rc = check_props(&cn, NULL, 0);
	if (rc != rcOk)
		return rc;
	fdt_for_each_subnode(c, n->dtb, sub) {
		struct manifest_conn *mc = &p->conn[p->nconns];

		if (p->nconns == BH_MANIFEST_MAX_CONNECTIONS)
			return FAIL(n->err, "%s: more than %u connections", n->who,
				    BH_MANIFEST_MAX_CONNECTIONS);
		snprintf(who, sizeof(who), "%s: connection %u", n->who, p->nconns);
		cn.off = c;
		cn.who = who;
		rc = check_props(&cn, conn_props, 2);
		if (rc == rcOk)
			rc = no_subnodes(&cn);
		if (rc == rcOk)
			rc = get_string(&cn, BH_MC_ID, mc->id, sizeof(mc->id));
		if (rc == rcOk)
			rc = get_string(&cn, BH_MC_SERVER, mc->server, sizeof(mc->server));
		if (rc != rcOk)
			return rc;
		for (uint32_t i = 0; i < p->nconns; i++)
			if (!strcmp(p->conn[i].id, mc->id))
				return FAIL(n->err, "%s: connection id '%s' appears twice", n->who,
					    mc->id);
		p->nconns++;
	}
	return rcOk;
}

static int parse_subnodes(const struct node_ctx *n, struct manifest_partition *p)
{
	char buf[48];
	const char *name;
	bool conns = false;
	int sub, len, rc;

	fdt_for_each_subnode(sub, n->dtb, n->off) {
		name = fdt_get_name(n->dtb, sub, &len);
		if (name && !strcmp(name, BH_MP_DEVICES))
			rc = parse_devices(n, sub, p);
		else if (name && !strcmp(name, BH_MP_CONNECTIONS))
			rc = parse_connections(n, sub, p, &conns);
		else
			return FAIL(n->err, "%s: unexpected node '%s'", n->who,
				    name ? printable(buf, sizeof(buf), name, (size_t)len) : "?");
		if (rc != rcOk)
			return rc;
	}
	if (sub != -FDT_ERR_NOTFOUND)
		return FAIL(n->err, "%s: %s", n->who, fdt_strerror(sub));
	return rcOk;
}

/* Every connection names another partition, which has a schema to check its messages. */
static int resolve_connections(struct manifest *m, const char **err)
{
	for (uint32_t i = 0; i < m->npartitions; i++) {
		struct manifest_partition *p = &m->part[i];

		for (uint32_t c = 0; c < p->nconns; c++) {
			struct manifest_conn *mc = &p->conn[c];
			uint32_t s;

			for (s = 0; s < m->npartitions; s++)
				if (!strcmp(m->part[s].name, mc->server))
					break;
			if (s == m->npartitions)
				return FAIL(err, "partition '%s': connection '%s': no partition '%s'",
					    p->name, mc->id, mc->server);
			if (s == i)
				return FAIL(err, "partition '%s': connection '%s' is to itself",
					    p->name, mc->id);
			if (m->part[s].role == ROLE_LINUX || p->role == ROLE_LINUX)
				return FAIL(err, "partition '%s': connection '%s': a Linux guest has no IPC",
					    p->name, mc->id);
			if (!m->part[s].schema[0])
				return FAIL(err, "partition '%s': connection '%s': server '%s' has no schema",
					    p->name, mc->id, mc->server);
			mc->server_index = s;
		}
	}
	return rcOk;
}

/* No two grants, in this partition or another, share an MMIO page or an interrupt. */
static int check_grants(const struct manifest *m, uint32_t count, const char **err)
{
	const struct manifest_partition *p = &m->part[count];

	for (uint32_t i = 0; i < p->ndevices; i++) {
		const struct manifest_device *d = &p->dev[i];

		for (uint32_t q = 0; q <= count; q++) {
			const struct manifest_partition *o = &m->part[q];

			for (uint32_t j = 0; j < o->ndevices; j++) {
				const struct manifest_device *e = &o->dev[j];

				if (q == count && j >= i)
					break; /* each pair once, and not a device with itself */
				if (d->size && e->size && d->pa < e->pa + e->size &&
				    e->pa < d->pa + d->size)
					return FAIL(err, "partition '%s': device '%s' overlaps "
						    "device '%s' of partition '%s'", p->name,
						    d->name, e->name, o->name);
				for (uint32_t a = 0; a < d->nirqs; a++)
					for (uint32_t b = 0; b < e->nirqs; b++)
						if (d->irqs[a] == e->irqs[b])
							return FAIL(err, "partition '%s': interrupt %u of device '%s' is also granted to device '%s' of partition '%s'",
								    p->name, d->irqs[a], d->name,
								    e->name, o->name);
			}
		}
		/* The same interrupt twice in one device. */
		for (uint32_t a = 0; a < d->nirqs; a++)
			for (uint32_t b = 0; b < a; b++)
				if (d->irqs[a] == d->irqs[b])
					return FAIL(err, "partition '%s': device '%s' lists interrupt %u twice",
						    p->name, d->name, d->irqs[a]);
	}
	return rcOk;
}

static int parse_partition(const void *dtb, int off, uint32_t ncpus,
			   struct manifest_partition *p, const char **err)
{
	char who[64], buf[48];
	struct node_ctx n = { .dtb = dtb, .off = off, .who = who, .err = err };
	const char *name;
	int len, rc;

	name = fdt_get_name(dtb, off, &len);
	if (!name)
		return FAIL(err, "partition node: %s", fdt_strerror(len));
	if (len < 1 || len > BH_NAME_MAX - 1 || !node_name_valid(name, (size_t)len))
		return FAIL(err, "partition name '%s' is not 1..%d of [A-Za-z0-9,._+-] "
			    "starting with a letter",
			    printable(buf, sizeof(buf), name, (size_t)len), BH_NAME_MAX - 1);
	memcpy(p->name, name, (size_t)len);
	p->name[len] = '\0';
	snprintf(who, sizeof(who), "partition '%s'", p->name);

	rc = check_props(&n, partition_props, NPARTITION_PROPS);
	if (rc == rcOk)
		rc = parse_subnodes(&n, p);
	if (rc != rcOk)
		return rc;

	rc = get_string(&n, BH_MP_CLASS, p->class_name, sizeof(p->class_name));
	if (rc != rcOk)
		return rc;
	if (!class_valid(p->class_name, strlen(p->class_name)))
		return FAIL(err, "%s: " BH_MP_CLASS " '%s' is not an EDL class name", who,
			    printable(buf, sizeof(buf), p->class_name, strlen(p->class_name)));

	rc = get_string(&n, BH_MP_IMAGE, p->image, sizeof(p->image));
	if (rc != rcOk)
		return rc;
	if (!node_name_valid(p->image, strlen(p->image)))
		return FAIL(err, "%s: " BH_MP_IMAGE " '%s' is not a valid image name", who,
			    printable(buf, sizeof(buf), p->image, strlen(p->image)));
	if (!strcmp(p->image, BH_PACKAGE_MANIFEST_IMAGE))
		return FAIL(err, "%s: " BH_MP_IMAGE " '%s' is the manifest itself", who, p->image);

	rc = parse_role(&n, &p->role);
	if (rc != rcOk)
		return rc;
	rc = parse_on_fault(&n, &p->on_fault);
	if (rc != rcOk)
		return rc;

	rc = get_u64(&n, BH_MP_MEMORY_SIZE, &p->mem_size);
	if (rc != rcOk)
		return rc;
	if (p->mem_size % PAGE_SIZE_)
		return FAIL(err, "%s: " BH_MP_MEMORY_SIZE " 0x%llx is not a multiple of 4 KiB",
			    who, (ull)p->mem_size);
	if (p->mem_size < MIN_MEMORY)
		return FAIL(err, "%s: " BH_MP_MEMORY_SIZE " 0x%llx is below the 64 KiB minimum",
			    who, (ull)p->mem_size);

	rc = parse_cpus(&n, ncpus, &p->cpu_mask);
	if (rc != rcOk)
		return rc;

	rc = get_u32(&n, BH_MP_PRIORITY, &p->priority);
	if (rc != rcOk)
		return rc;
	if (p->priority > MAX_PRIORITY)
		return FAIL(err, "%s: priority %u is above %u", who, p->priority, MAX_PRIORITY);

	rc = get_u32(&n, BH_MP_MAX_THREADS, &p->max_threads);
	if (rc != rcOk)
		return rc;
	if (p->max_threads < 1 || p->max_threads > CONFIG_MAX_VCPUS_PER_PARTITION)
		return FAIL(err, "%s: max-threads %u is outside 1..%u", who, p->max_threads,
			    (unsigned int)CONFIG_MAX_VCPUS_PER_PARTITION);

	rc = get_string_list(&n, BH_MP_ARGS, BOOT_ARGS_MAX, &p->args, &p->args_size);
	if (rc != rcOk)
		return rc;
	rc = get_string_list(&n, BH_MP_ENV, BOOT_ENV_MAX, &p->env, &p->env_size);
	if (rc != rcOk)
		return rc;
	if (p->env) {
		rc = check_env(&n, p->env, p->env_size);
		if (rc != rcOk)
			return rc;
	}
	if (fdt_getprop(dtb, off, BH_MP_SCHEMA, NULL)) {
		rc = get_string(&n, BH_MP_SCHEMA, p->schema, sizeof(p->schema));
		if (rc != rcOk)
			return rc;
		if (!node_name_valid(p->schema, strlen(p->schema)))
			return FAIL(err, "%s: " BH_MP_SCHEMA " '%s' is not a valid image name", who,
				    printable(buf, sizeof(buf), p->schema, strlen(p->schema)));
	}
	return parse_linux(&n, p);
}

static int check_blob(const void *dtb, uint64_t size, const char **err)
{
	int rc;

	/* libfdt reads header and tags as aligned 32-bit words, in place. */
	if ((uintptr_t)dtb & 3)
		return FAIL(err, "manifest at %p is not 4-byte aligned", dtb);
	if (size < sizeof(struct fdt_header))
		return FAIL(err, "manifest truncated: %llu bytes, smaller than an FDT header",
			    (ull)size);
	if (fdt_magic(dtb) != FDT_MAGIC)
		return FAIL(err, "manifest: bad magic 0x%08x", (unsigned int)fdt_magic(dtb));
	if (fdt_totalsize(dtb) > size)
		return FAIL(err, "manifest truncated: header says %u bytes, %llu present",
			    (unsigned int)fdt_totalsize(dtb), (ull)size);
	rc = fdt_check_full(dtb, (size_t)fdt_totalsize(dtb));
	if (rc != 0)
		return FAIL(err, "manifest is not a valid device tree: %s", fdt_strerror(rc));
	return rcOk;
}

static int parse_root(const void *dtb, struct manifest *m, int *partitions, const char **err)
{
	static const char *const root_props[] = { "compatible", BH_MANIFEST_SOLUTION,
						  BH_MANIFEST_POLICY };
	struct node_ctx n = { .dtb = dtb, .off = 0, .who = "manifest root", .err = err };
	const char *compat;
	char buf[48];
	int len, rc, sub;

	rc = check_props(&n, root_props, 3);
	if (rc != rcOk)
		return rc;
	compat = get_prop(&n, "compatible", &len, &rc);
	if (!compat)
		return rc;
	if (len < 1 || compat[len - 1] != '\0')
		return FAIL(err, "manifest root: 'compatible' is not a string list");
	if (!fdt_stringlist_contains(compat, len, BH_MANIFEST_COMPATIBLE))
		return FAIL(err, "manifest root: not compatible with '" BH_MANIFEST_COMPATIBLE
			    "' ('%s')",
			    printable(buf, sizeof(buf), compat, strlen(compat)));
	rc = get_string(&n, BH_MANIFEST_SOLUTION, m->solution, sizeof(m->solution));
	if (rc != rcOk)
		return rc;
	if (!node_name_valid(m->solution, strlen(m->solution)))
		return FAIL(err, "manifest root: solution name '%s' is not valid",
			    printable(buf, sizeof(buf), m->solution, strlen(m->solution)));

	if (fdt_getprop(dtb, 0, BH_MANIFEST_POLICY, NULL)) {
		rc = get_string(&n, BH_MANIFEST_POLICY, m->policy, sizeof(m->policy));
		if (rc != rcOk)
			return rc;
		if (!node_name_valid(m->policy, strlen(m->policy)))
			return FAIL(err, "manifest root: policy image '%s' is not valid",
				    printable(buf, sizeof(buf), m->policy, strlen(m->policy)));
	}

	/* The root holds the partitions node and nothing else. */
	*partitions = -FDT_ERR_NOTFOUND;
	fdt_for_each_subnode(sub, dtb, 0) {
		const char *name = fdt_get_name(dtb, sub, &len);

		if (!name)
			return FAIL(err, "manifest root: %s", fdt_strerror(len));
		if (strcmp(name, BH_MANIFEST_PARTITIONS))
			return FAIL(err, "manifest root: unexpected node '%s'",
				    printable(buf, sizeof(buf), name, (size_t)len));
		if (*partitions >= 0)
			return FAIL(err, "manifest root: two '" BH_MANIFEST_PARTITIONS "' nodes");
		*partitions = sub;
	}
	if (sub != -FDT_ERR_NOTFOUND)
		return FAIL(err, "manifest root: %s", fdt_strerror(sub));
	if (*partitions < 0)
		return FAIL(err, "manifest has no '" BH_MANIFEST_PARTITIONS "' node");
	return rcOk;
}

int manifest_parse(const void *dtb, uint64_t size, uint32_t ncpus, struct manifest *m,
		   const char **err)
{
	struct node_ctx pn = { .dtb = dtb, .who = "'" BH_MANIFEST_PARTITIONS "' node", .err = err };
	int rc, node;
	uint32_t count = 0;

	if (err)
		*err = NULL;
	if (!m)
		return FAIL(err, "manifest_parse: no output structure");
	memset(m, 0, sizeof(*m));
	if (!dtb)
		return FAIL(err, "no manifest");
	if (ncpus == 0)
		return FAIL(err, "manifest_parse: no CPUs");
	if (ncpus > 32)
		ncpus = 32;	/* cpu_mask has 32 bits; CPUs beyond cannot be named anyway */

	rc = check_blob(dtb, size, err);
	if (rc == rcOk)
		rc = parse_root(dtb, m, &pn.off, err);
	if (rc == rcOk)
		rc = check_props(&pn, NULL, 0);
	if (rc != rcOk)
		goto out;

	fdt_for_each_subnode(node, dtb, pn.off) {
		struct manifest_partition *p;

		if (count >= CONFIG_MAX_PARTITIONS) {
			rc = FAIL(err, "manifest has more than %u partitions",
				  (unsigned int)CONFIG_MAX_PARTITIONS);
			goto out;
		}
		p = &m->part[count];
		rc = parse_partition(dtb, node, ncpus, p, err);
		if (rc != rcOk)
			goto out;
		for (uint32_t i = 0; i < count; i++) {
			if (!strcmp(m->part[i].name, p->name)) {
				rc = FAIL(err, "partition name '%s' appears twice", p->name);
				goto out;
			}
		}
		rc = check_grants(m, count, err);
		if (rc != rcOk)
			goto out;
		count++;
	}
	if (node != -FDT_ERR_NOTFOUND) {
		rc = FAIL(err, "'" BH_MANIFEST_PARTITIONS "' node: %s", fdt_strerror(node));
		goto out;
	}
	if (count == 0) {
		rc = FAIL(err, "manifest has no partitions");
		goto out;
	}
	m->npartitions = count;
	rc = resolve_connections(m, err);
	if (rc != rcOk)
		goto out;
	return rcOk;
out:
	/* No half-filled manifest: a caller that ignores rc still sees zero partitions. */
	memset(m, 0, sizeof(*m));
	return rc;
}
