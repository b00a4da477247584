// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `linux` role: an arm64 Linux kernel booted by the arm64 boot protocol
 * (Documentation/arch/arm64/booting.rst) in a partition of its own.
 *
 * RAM is one region mapped at IPA == PA (2 MiB blocks). Inside it, from the bottom:
 *
 *   RAM base (2 MiB aligned) + text_offset   the Image, as its header asks
 *   ...                                        free for Linux
 *   below the DTB, page aligned                the initramfs
 *   RAM end - 2 MiB                            the device tree made for this boot
 *
 * vCPU 0 starts at the Image with x0 = the DTB, x1..x3 = 0, MMU and caches off, interrupts
 * masked. The other vCPUs start with PSCI CPU_ON. SYSTEM_OFF stops this partition only;
 * SYSTEM_RESET reloads it (kernel, initramfs and a fresh DTB) while the others run on.
 */
#include <string.h>

#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/cpu.h>
#include <hyp/guest.h>
#include <hyp/log.h>
#include <hyp/package.h>
#include <hyp/partition.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/retcode.h>

/* arm64 Image header (the fields we use). */
#define IMAGE_HDR_SIZE 64u
#define IMAGE_TEXT_OFFSET 8u
#define IMAGE_SIZE 16u
#define IMAGE_MAGIC_OFFSET 56u
#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" */

static uint64_t le64(const void *p)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

uint32_t guest_vcpu_home(const struct partition *p, uint32_t i)
{
	uint32_t mask = p->desc->cpu_mask, n = 0;
	uint32_t want;

	/* Counted by hand: libgcc's __popcountdi2 uses a vector register, which belongs to
	 * whichever vCPU owns the FP/SIMD state (and traps while the registers are lazy). */
	for (uint32_t m = mask; m; m &= m - 1)
		n++;
	want = i % (n ? n : 1);

	for (uint32_t cpu = 0; cpu < 32; cpu++)
		if ((mask & (1u << cpu)) && want-- == 0)
			return cpu;
	return 0;
}

void guest_create(struct partition *p, const struct package *pkg)
{
	const struct manifest_partition *d = p->desc;
	struct guest *g = &p->guest;
	const char *err = NULL;
	const uint8_t *img;

	if (package_image(pkg, d->image, &g->kernel, &g->kernel_size, &err))
		panic("partition '%s': %s", p->name, err);
	img = g->kernel;
	if (g->kernel_size < IMAGE_HDR_SIZE ||
	    (uint32_t)le64(img + IMAGE_MAGIC_OFFSET) != IMAGE_MAGIC)
		panic("partition '%s': image '%s' is not an arm64 Linux Image (no \"ARM\\x64\" "
		      "magic at offset 56)", p->name, d->image);
	if (d->initrd[0] && package_image(pkg, d->initrd, &g->initrd, &g->initrd_size, &err))
		panic("partition '%s': %s", p->name, err);
	g->bootargs = d->bootargs ? d->bootargs : "";
	g->nr_vcpus = d->max_threads;
}

/* Where the kernel goes and how much it occupies, from its header. */
static int kernel_placement(const struct partition *p, uint64_t *at, uint64_t *end,
			    const char **err)
{
	const uint8_t *img = p->guest.kernel;
	uint64_t text_offset = le64(img + IMAGE_TEXT_OFFSET);
	uint64_t image_size = le64(img + IMAGE_SIZE);
	uint64_t base = pa_addr(p->ram_pa);

	/* image_size 0 means a kernel older than 3.17: take the file and a generous margin. */
	if (!image_size)
		image_size = p->guest.kernel_size + (16ull << 20);
	if (text_offset >= (1ull << 21) || image_size < p->guest.kernel_size ||
	    image_size > p->ram_size || text_offset > p->ram_size - image_size) {
		*err = "the kernel (text_offset + image_size from its header) does not fit the "
		       "partition's RAM";
		return rcInvalidArgument;
	}
	*at = base + text_offset;
	*end = *at + image_size;
	return rcOk;
}

/* Kernel, initramfs and DTB into RAM; *entry and *dtb_out for vCPU 0. No lock needed: the
 * partition has no vCPU in the guest while this runs. */
static int load_images(struct partition *p, uint64_t *entry, uint64_t *dtb_out, const char **err)
{
	struct guest *g = &p->guest;
	uint64_t base = pa_addr(p->ram_pa), kernel, kernel_end, dtb, initrd = 0;
	int rc;

	rc = kernel_placement(p, &kernel, &kernel_end, err);
	if (rc)
		return rc;
	dtb = base + p->ram_size - GUEST_DTB_MAX;
	if (g->initrd_size) {
		initrd = ALIGN_DOWN(dtb - g->initrd_size, PAGE_SIZE);
		if (g->initrd_size > dtb - base || initrd < kernel_end) {
			*err = "kernel, initramfs and device tree do not fit the partition's RAM";
			return rcInvalidArgument;
		}
	}
	/* Nothing of a previous run may leak into the next one (RAM is zero at power-on). */
	if (p->restart_count)
		memset(p->ram_hva, 0, p->ram_size);
	memcpy(pa_to_va(pa_init(kernel)), g->kernel, g->kernel_size);
	if (g->initrd_size)
		memcpy(pa_to_va(pa_init(initrd)), g->initrd, g->initrd_size);
	rc = guest_dtb_build(pa_to_va(pa_init(dtb)), GUEST_DTB_MAX, p, initrd,
			     initrd + g->initrd_size, err);
	if (rc)
		return rc;
	*entry = kernel;
	*dtb_out = dtb;
	return rcOk;
}

/* Every vCPU off but vCPU 0, which is made ready at entry with x0 = dtb. */
static void vcpus_reset(struct partition *p, uint64_t entry, uint64_t dtb)
{
	struct vcpu *v0 = &p->vcpus[0];

	arch_guest_reset(p);
	p->guest.aborts_logged = 0;
	for (uint32_t i = 0; i < p->desc->max_threads; i++)
		p->vcpus[i].state = VCPU_FREE;
	p->slots_used = p->desc->max_threads; /* PSCI CPU_ON starts any of them */
	v0->gen++;
	v0->priority = p->desc->priority;
	v0->cpu = guest_vcpu_home(p, 0);
	v0->joined = false;
	v0->wait = WAIT_NONE;
	v0->deadline = 0;
	arch_guest_vcpu_init(v0, 0, entry, dtb);
	v0->state = VCPU_SUSPENDED;
	pcpus[v0->cpu].nr_vcpus++;
	p->nr_live = 1;
	p->state = PART_RUNNING;
}

int guest_load(struct partition *p, const char **err)
{
	uint64_t entry, dtb;
	int rc;

	if (p->restart_count) {
		/*
		 * A restart: copying tens of MiB must not happen under sched_lock, which every
		 * CPU needs. vCPU 0 is made ready without images; guest_reload() loads them on
		 * the guest's own CPU, outside the lock, before vCPU 0 first enters the guest.
		 */
		vcpus_reset(p, 0, 0);
		p->guest.reload_pending = true;
		return rcOk;
	}
	rc = load_images(p, &entry, &dtb, err);
	if (rc)
		return rc;
	vcpus_reset(p, entry, dtb);
	return rcOk;
}

void guest_reload(struct vcpu *v)
{
	struct partition *p = v->part;
	const char *err = NULL;
	uint64_t entry, dtb;
	int rc = load_images(p, &entry, &dtb, &err);

	spin_lock(&sched_lock);
	p->guest.reload_pending = false;
	if (rc) {
		log_error("partition '%s' cannot restart: %s", p->name, err);
		partition_exit(p, -1);
	} else {
		arch_guest_vcpu_init(v, 0, entry, dtb);
		arch_vcpu_load(v);
	}
	spin_unlock(&sched_lock);
}

static struct vcpu *vcpu_of_mpidr(struct partition *p, uint64_t mpidr)
{
	/* vCPU i has affinity 0.0.0.i (the guest device tree's cpu@i). */
	if ((mpidr & ~0xffull & 0xff00ffffffull) || (mpidr & 0xff) >= p->guest.nr_vcpus)
		return NULL;
	return &p->vcpus[mpidr & 0xff];
}

int guest_cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry, uint64_t context)
{
	struct partition *p = caller->part;
	struct vcpu *v = vcpu_of_mpidr(p, mpidr);
	uint64_t base = pa_addr(p->ram_pa);
	int rc = rcOk;

	if (!v)
		return rcInvalidArgument;
	if (entry < base || entry - base >= p->ram_size || (entry & 3))
		return rcSourceFault;
	spin_lock(&sched_lock);
	if (p->state != PART_RUNNING || v->state != VCPU_FREE) {
		rc = rcAlreadyExists;
	} else {
		v->gen++;
		v->priority = p->desc->priority;
		v->cpu = guest_vcpu_home(p, v->slot);
		v->wait = WAIT_NONE;
		v->deadline = 0;
		arch_guest_vcpu_init(v, v->slot, entry, context);
		pcpus[v->cpu].nr_vcpus++;
		p->nr_live++;
		sched_make_runnable(v);
	}
	spin_unlock(&sched_lock);
	return rc;
}

void guest_cpu_off(struct vcpu *v)
{
	struct partition *p = v->part;

	spin_lock(&sched_lock);
	v->state = VCPU_FREE;
	pcpus[v->cpu].nr_vcpus--;
	pcpus[v->cpu].resched = true;
	if (--p->nr_live == 0)
		partition_exited(p, 0);
	spin_unlock(&sched_lock);
}

int guest_affinity_info(struct partition *p, uint64_t mpidr, uint64_t level)
{
	struct vcpu *v = vcpu_of_mpidr(p, mpidr);

	if (!v || level != 0)
		return -1;
	return __atomic_load_n(&v->state, __ATOMIC_RELAXED) == VCPU_FREE ? 1 : 0;
}

void guest_system_off(struct vcpu *v)
{
	struct partition *p = v->part;

	spin_lock(&sched_lock);
	console_partition_flush(p);
	log_info("partition '%s' powered itself off (PSCI SYSTEM_OFF); the others run on",
		 p->name);
	partition_exit(p, 0);
	spin_unlock(&sched_lock);
}

void guest_system_reset(struct vcpu *v)
{
	struct partition *p = v->part;

	spin_lock(&sched_lock);
	console_partition_flush(p);
	log_info("partition '%s' asked for a reset (PSCI SYSTEM_RESET): restarting it alone",
		 p->name);
	partition_restart(p);
	spin_unlock(&sched_lock);
}
