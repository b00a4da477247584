// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names for EL1 contexts (arch/el1_ctx.h). Names are never reused: each new set of values gets
 * the next number, and a small table remembers the last EL1_CTX_REMEMBERED sets, so that the
 * threads of one partition, and partitions whose libkos set up the same values, share a name.
 * A set forgotten and seen again gets a new name: vCPUs still holding the old one then only
 * compare unequal, which costs a full load, never a wrong one. Naming happens when a vCPU
 * starts and on its trapped writes of the virtual memory registers and CPACR_EL1 (rare), never
 * on a switch.
 */
#include <string.h>

#include <hyp/spinlock.h>

#include <arch/el1_ctx.h>

#define EL1_CTX_REMEMBERED 16

/* The values a name stands for: everything arch_vcpu_load skips when names are equal. */
struct el1_ctx_values {
	uint64_t hcr, vmpidr;
	uint64_t ttbr0_el1, contextidr_el1, mair_el1, amair_el1, afsr0_el1, afsr1_el1, cpacr_el1;
	uint64_t sctlr_el1, ttbr1_el1, tcr_el1;
};

/* memcmp compares them: no padding. */
_Static_assert(sizeof(struct el1_ctx_values) == 12 * sizeof(uint64_t), "no padding");

struct el1_ctx_entry {
	uint64_t name; /* 0: empty */
	struct el1_ctx_values values;
};

static spinlock_t el1_ctx_lock = SPINLOCK_INIT;
static struct el1_ctx_entry remembered[EL1_CTX_REMEMBERED];
static uint32_t next_victim;
static uint64_t last_name;

static void values_of(const struct arch_vcpu *a, struct el1_ctx_values *out)
{
	const struct arch_sysregs *s = &a->sys;

	*out = (struct el1_ctx_values){
		.hcr = a->hcr,
		.vmpidr = a->vmpidr,
		.ttbr0_el1 = s->ttbr0_el1,
		.contextidr_el1 = s->contextidr_el1,
		.mair_el1 = s->mair_el1,
		.amair_el1 = s->amair_el1,
		.afsr0_el1 = s->afsr0_el1,
		.afsr1_el1 = s->afsr1_el1,
		.cpacr_el1 = s->cpacr_el1,
		.sctlr_el1 = s->sctlr_el1,
		.ttbr1_el1 = s->ttbr1_el1,
		.tcr_el1 = s->tcr_el1,
	};
}

uint64_t el1_ctx_name(const struct arch_vcpu *a)
{
	struct el1_ctx_values want;
	struct el1_ctx_entry *e;
	uint64_t name;

	values_of(a, &want);
	spin_lock(&el1_ctx_lock);
	for (uint32_t i = 0; i < EL1_CTX_REMEMBERED; i++) {
		e = &remembered[i];
		if (e->name && !memcmp(&e->values, &want, sizeof(want))) {
			name = e->name;
			spin_unlock(&el1_ctx_lock);
			return name;
		}
	}
	e = &remembered[next_victim];
	next_victim = (next_victim + 1) % EL1_CTX_REMEMBERED;
	e->name = name = ++last_name;
	e->values = want;
	spin_unlock(&el1_ctx_lock);
	return name;
}

uint64_t el1_ctx_unique(void)
{
	uint64_t name;

	spin_lock(&el1_ctx_lock);
	name = ++last_name;
	spin_unlock(&el1_ctx_lock);
	return name;
}
