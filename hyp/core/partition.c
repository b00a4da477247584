// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partitions: created from the manifest at boot, each with its RAM (one contiguous run, so
 * 2 MiB stage-2 blocks where the size allows), its stage-2 tables and VMID, its ELF loaded
 * from the verified boot package, and a boot-info page at the top of its RAM.
 */
#include <stdarg.h>
#include <string.h>

#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/cpu.h>
#include <hyp/elf_loader.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/package.h>
#include <hyp/page_alloc.h>
#include <hyp/partition.h>
#include <hyp/printf.h>
#include <hyp/sched.h>
#include <uapi/bulkhead/layout.h>
#include <uapi/bulkhead/retcode.h>

struct partition partitions[CONFIG_MAX_PARTITIONS];
uint32_t nr_partitions;
static struct vcpu vcpu_pool[CONFIG_MAX_VCPUS];
static uint32_t vcpu_pool_used;

static void write_boot_info(struct partition *p)
{
	const struct manifest_partition *d = p->desc;
	struct bh_boot_info *bi =
		(void *)((char *)p->ram_hva + p->ram_size - BH_BOOT_INFO_SIZE);

	memset(bi, 0, sizeof(*bi));
	bi->magic = BH_BOOT_INFO_MAGIC;
	bi->version = BH_BOOT_INFO_VERSION;
	memcpy(bi->name, d->name, sizeof(bi->name));
	memcpy(bi->class_name, d->class_name, sizeof(bi->class_name));
	bi->ram_base = BH_PARTITION_RAM_IPA;
	bi->ram_size = p->ram_size;
	bi->restart_count = p->restart_count;
	bi->max_threads = d->max_threads;
	bi->cpu_mask = d->cpu_mask;
	bi->priority = d->priority;
	/* The manifest parser bounded these; the solution tool refuses larger ones. */
	if (d->args && d->args_size <= sizeof(bi->args)) {
		memcpy(bi->args, d->args, d->args_size);
		bi->args_size = d->args_size;
	}
	if (d->env && d->env_size <= sizeof(bi->env)) {
		memcpy(bi->env, d->env, d->env_size);
		bi->env_size = d->env_size;
	}
	ipc_partition_load(p, bi);
}

static int component_load(struct partition *p, const char **err);

/* Fresh RAM, image(s) and first vCPU. Caller holds sched_lock (or is the boot CPU). */
static int partition_load(struct partition *p, const char **err)
{
	if (partition_is_guest(p))
		return guest_load(p, err);
	return component_load(p, err);
}

static int component_load(struct partition *p, const char **err)
{
	struct elf_dest dst = {
		.ipa = ipa_init(BH_PARTITION_RAM_IPA),
		.hva = p->ram_hva,
		.size = p->ram_size - BH_BOOT_INFO_SIZE,
	};
	uint64_t bi_ipa = BH_PARTITION_RAM_IPA + p->ram_size - BH_BOOT_INFO_SIZE;
	ipaddr_t entry = { 0 }; /* set on success; LTO cannot tell */
	struct vcpu *v0 = &p->vcpus[0];
	int rc;

	/* Nothing of a previous run may leak into the next one. */
	memset(p->ram_hva, 0, p->ram_size);
	rc = elf_load(p->elf, p->elf_size, &dst, &entry, err);
	if (rc)
		return rc;
	write_boot_info(p);

	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		p->vcpus[i].state = VCPU_FREE;
		p->vcpus[i].kill_pending = false;
		p->vcpus[i].suspend_pending = false;
		p->ended_time_ns += p->vcpus[i].cpu_time_ns;
		p->vcpus[i].cpu_time_ns = 0;
	}
	p->slots_used = 1;
	v0->wait = WAIT_NONE;
	v0->gen++;
	v0->priority = p->desc->priority;
	v0->cpu = sched_pick_cpu(p->desc->cpu_mask);
	v0->joined = false;
	arch_vcpu_init(v0, ipa_addr(entry), bi_ipa, bi_ipa);
	v0->state = VCPU_SUSPENDED;
	pcpus[v0->cpu].nr_vcpus++;
	p->nr_live = 1;
	p->state = PART_RUNNING;
	return rcOk;
}

static void partition_create(struct partition *p, const struct manifest_partition *d,
			     const struct package *pkg)
{
	uint64_t align = IS_ALIGNED(d->mem_size, BLOCK_2M_SIZE) ? BLOCK_2M_SIZE : PAGE_SIZE;
	bool guest = d->role == ROLE_LINUX;
	const char *err = NULL;
	ipaddr_t ram_ipa;
	int rc;

	memcpy(p->name, d->name, sizeof(p->name));
	p->desc = d;
	p->ram_size = d->mem_size;
	if (vcpu_pool_used + d->max_threads > CONFIG_MAX_VCPUS)
		panic("partition '%s': %u threads exceed CONFIG_MAX_VCPUS (%u)", p->name,
		      d->max_threads, CONFIG_MAX_VCPUS);
	p->vcpus = &vcpu_pool[vcpu_pool_used];
	vcpu_pool_used += d->max_threads;
	for (uint32_t i = 0; i < d->max_threads; i++) {
		p->vcpus[i].part = p;
		p->vcpus[i].slot = i;
		list_init(&p->vcpus[i].link);
	}

	if (guest) {
		guest_create(p, pkg);
	} else {
		rc = package_image(pkg, d->image, &p->elf, &p->elf_size, &err);
		if (rc)
			panic("partition '%s': %s", p->name, err);
	}
	/* A Linux kernel must sit at a 2 MiB aligned base (arm64 boot protocol). */
	if (!page_alloc(d->mem_size / PAGE_SIZE, guest ? BLOCK_2M_SIZE : align, &p->ram_pa))
		panic("partition '%s': not enough memory for %lu KiB of RAM (%lu KiB free)",
		      p->name, d->mem_size >> 10, (uint64_t)page_alloc_free_pages() * 4);
	p->ram_hva = pa_to_va(p->ram_pa);
	/* A guest sees its RAM where it is (IPA == PA); a component at BH_PARTITION_RAM_IPA. */
	ram_ipa = guest ? ipa_init(pa_addr(p->ram_pa)) : ipa_init(BH_PARTITION_RAM_IPA);
	if (stage2_init(&p->s2, p->id + 1) ||
	    stage2_map(&p->s2, ram_ipa, p->ram_pa, p->ram_size, S2_NORMAL_RWX))
		panic("partition '%s': out of memory for stage-2 tables", p->name);
	if (guest)
		guest_devices_init(p);
	rc = partition_load(p, &err);
	if (rc)
		panic("partition '%s': image '%s' cannot be loaded: %s", p->name, d->image, err);
	log_info("partition '%s' (class %s): %lu KiB RAM at PA 0x%lx, VMID %u, CPUs 0x%x, "
		 "priority %u", p->name, d->class_name, p->ram_size >> 10, pa_addr(p->ram_pa),
		 p->s2.vmid, d->cpu_mask, d->priority);
	if (guest)
		log_info("partition '%s': Linux guest, %u vCPU%s, kernel %lu KiB, initramfs %lu KiB",
			 p->name, p->guest.nr_vcpus, p->guest.nr_vcpus == 1 ? "" : "s",
			 p->guest.kernel_size >> 10, p->guest.initrd_size >> 10);
}

void partitions_create(const struct manifest *m, const struct package *pkg)
{
	for (uint32_t i = 0; i < m->npartitions; i++) {
		partitions[i].id = i;
		partition_create(&partitions[i], &m->part[i], pkg);
	}
	nr_partitions = m->npartitions;
}

static void power_off_if_idle(void);

void partitions_start(void)
{
	spin_lock(&sched_lock);
	for (uint32_t i = 0; i < nr_partitions; i++) {
		struct partition *p = &partitions[i];

		if (ipc_may_execute(p))
			sched_make_runnable(&p->vcpus[0]);
	}
	spin_unlock(&sched_lock);
}

void partition_execute_decided(struct partition *p, bool granted)
{
	if (p->state != PART_RUNNING || p->vcpus[0].state != VCPU_SUSPENDED || p->nr_live != 1)
		return;
	if (granted)
		sched_make_runnable(&p->vcpus[0]);
	else
		partition_never_start(p);
}

void partition_never_start(struct partition *p)
{
	/* Its first vCPU goes, nothing of it runs; a client that called it meanwhile learns. */
	pcpus[p->vcpus[0].cpu].nr_vcpus--;
	p->vcpus[0].state = VCPU_FREE;
	p->nr_live = 0;
	handles_release_all(p);
	p->state = PART_STOPPED;
	ipc_partition_gone(p);
	power_off_if_idle();
}

static void power_off_if_idle(void)
{
	for (uint32_t i = 0; i < nr_partitions; i++)
		if (partitions[i].state == PART_RUNNING || partitions[i].state == PART_STOPPING)
			return;
	log_info("no partition is running: powering off");
	arch_power_off();
}

/*
 * Begin stopping p: every vCPU leaves the run queues, those running on other CPUs are kicked
 * off them, and when the last one is off its CPU, partition_stopped() finishes the job.
 */
static void partition_stop_vcpus(struct partition *p, enum partition_state end)
{
	p->state = PART_STOPPING;
	p->stop_to = end;
	for (uint32_t i = 0; i < p->desc->max_threads; i++) {
		struct vcpu *v = &p->vcpus[i];

		if (v->state != VCPU_FREE && v->state != VCPU_ZOMBIE)
			pcpus[v->cpu].nr_vcpus--;
		if (v->state == VCPU_RUNNING) {
			sched_kick(v->cpu);
			continue;
		}
		sched_remove(v);
		v->state = VCPU_FREE;
	}
	p->nr_live = 0;
	if (p->nr_running == 0)
		partition_stopped(p);
}

void partition_fault(struct partition *p, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (p->state != PART_RUNNING)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	console_partition_flush(p);
	p->restart_pending = p->desc->on_fault == FAULT_RESTART;
	if (p->restart_pending)
		log_error("partition '%s' faulted: %s; restarting it", p->name, what);
	else
		log_error("partition '%s' stopped: %s", p->name, what);
	partition_stop_vcpus(p, PART_STOPPED);
}

void partition_stopped(struct partition *p)
{
	const char *err = NULL;

	/* Its devices, interrupts, DMA buffers and objects go with it (or with this run). */
	handles_release_all(p);
	ipc_partition_gone(p);
	if (!p->restart_pending) {
		p->state = p->stop_to;
		power_off_if_idle();
		return;
	}
	p->restart_pending = false;
	p->restart_count++;
	if (partition_load(p, &err)) {
		log_error("partition '%s' cannot restart: %s", p->name, err);
		p->state = PART_STOPPED;
		power_off_if_idle();
		return;
	}
	log_info("partition '%s' restarted (restart %u)", p->name, p->restart_count);
	sched_make_runnable(&p->vcpus[0]);
}

void partition_restart(struct partition *p)
{
	if (p->state != PART_RUNNING)
		return;
	p->restart_pending = true;
	partition_stop_vcpus(p, PART_STOPPED);
}

void partition_exited(struct partition *p, int32_t code)
{
	console_partition_flush(p);
	log_info("partition '%s' exited with code %d", p->name, code);
	handles_release_all(p);
	ipc_partition_gone(p);
	p->exit_code = code;
	p->state = PART_EXITED;
	power_off_if_idle();
}

void partition_exit(struct partition *p, int32_t code)
{
	if (p->state != PART_RUNNING)
		return;
	console_partition_flush(p);
	log_info("partition '%s' exited with code %d", p->name, code);
	p->exit_code = code;
	p->restart_pending = false;
	partition_stop_vcpus(p, PART_EXITED);
}
