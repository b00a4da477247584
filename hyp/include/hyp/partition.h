/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A partition: one stage-2 address space (its own VMID), its RAM, its ELF image and its vCPUs.
 */
#ifndef HYP_PARTITION_H
#define HYP_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include <hyp/addr.h>
#include <hyp/guest.h>
#include <hyp/handle.h>
#include <hyp/manifest.h>
#include <hyp/spinlock.h>
#include <hyp/stage2.h>
#include <hyp/vcpu.h>
#include <uapi/bulkhead/layout.h>

enum partition_state {
	PART_RUNNING,  /* has live vCPUs */
	PART_STOPPING, /* faulted; waiting for its vCPUs to leave the CPUs */
	PART_STOPPED,  /* stopped after a fault */
	PART_EXITED,   /* every thread exited */
};

struct partition {
	char name[BH_NAME_MAX];
	uint32_t id;
	const struct manifest_partition *desc;
	enum partition_state state;
	struct stage2 s2;
	paddr_t ram_pa;
	void *ram_hva;
	uint64_t ram_size;
	const void *elf;
	uint64_t elf_size;
	uint32_t restart_count;
	bool restart_pending;
	enum partition_state stop_to; /* PART_STOPPED or PART_EXITED, once STOPPING is over */
	uint32_t nr_live;    /* vCPUs neither FREE nor ZOMBIE */
	uint32_t nr_running; /* vCPUs on a physical CPU right now */
	int32_t exit_code;   /* of the first thread, when the partition exited */
	struct vcpu *vcpus;  /* desc->max_threads of them */
	uint32_t slots_used; /* vcpus[slots_used..] have been FREE since the (re)start */
	uint32_t ipc_staged; /* channels it serves whose request waits for a thread (CH_STAGED) */
	/* Time on CPUs of the threads whose slots were reused and of the runs before a restart:
	 * with its vCPUs' own times, all of its time on CPUs (the switch charges only the vCPU). */
	uint64_t ended_time_ns;
	uint64_t dma_bytes;   /* DMA buffers it holds */
	struct handle_table handles;
	spinlock_t con_lock;
	uint32_t con_len;
	char con_buf[160];
	struct guest guest; /* role linux only */
};

static inline bool partition_is_guest(const struct partition *p)
{
	return p->desc->role == ROLE_LINUX;
}

extern struct partition partitions[CONFIG_MAX_PARTITIONS];
extern uint32_t nr_partitions;

struct package;
struct manifest;

/* Create every partition of the manifest (boot, one CPU). Panics with a clear message when
 * memory or an image is missing: a solution that cannot start at all is not started. */
void partitions_create(const struct manifest *m, const struct package *pkg);
/* Make every partition's first vCPU runnable, each as the policy's execute verdict says. */
void partitions_start(void);
/* The monitor's execute verdict for p, which waits to start (caller holds sched_lock). */
void partition_execute_decided(struct partition *p, bool granted);
/* p's start is denied: it never runs (caller holds sched_lock). */
void partition_never_start(struct partition *p);

/*
 * Check that [ipa, ipa + len) lies in p's RAM; returns the hypervisor address or NULL. A
 * partition's RAM is one contiguous run mapped at BH_PARTITION_RAM_IPA, so one check
 * translates a whole buffer, however many pages it spans. Inline: IPC calls it for every
 * buffer of every message.
 */
static inline void *partition_buffer(struct partition *p, uint64_t ipa, uint64_t len)
{
	uint64_t base = BH_PARTITION_RAM_IPA;

	if (ipa < base || len > p->ram_size || ipa - base > p->ram_size - len)
		return NULL;
	return (char *)p->ram_hva + (ipa - base);
}

/*
 * Stop p after a fault (one log line: name, what, address, syndrome); it restarts instead
 * when its manifest says on-fault = "restart". Caller holds sched_lock.
 */
void partition_fault(struct partition *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Stop p and start it afresh (a Linux guest's reset). Caller holds sched_lock. */
void partition_restart(struct partition *p);
/* Called by the scheduler when the last vCPU of a stopping partition left its CPU. */
void partition_stopped(struct partition *p);
/* The last thread exited. Caller holds sched_lock. */
void partition_exited(struct partition *p, int32_t code);
/* exit() in the partition: every thread ends now. Caller holds sched_lock. */
void partition_exit(struct partition *p, int32_t code);

#endif
