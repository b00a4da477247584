// SPDX-License-Identifier: GPL-2.0-only
/*
 * el1_ctx names (hyp/arch/arm64/el1_ctx.c): a world switch skips HCR_EL2, VMPIDR_EL2, the
 * EL1 virtual memory registers and CPACR_EL1 when two vCPUs' names are equal, so
 * equal names must mean equal values, always; equal values should mean equal names while
 * they are remembered.
 */
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include <arch/el1_ctx.h>
#include <arch/vcpu.h>

/* The fields a name covers, spelled out independently of el1_ctx.c. */
static uint64_t *named_field(struct arch_vcpu *a, int i)
{
	uint64_t *f[] = {
		&a->hcr,	      &a->vmpidr,	   &a->sys.contextidr_el1, &a->sys.mair_el1,
		&a->sys.amair_el1,   &a->sys.afsr0_el1, &a->sys.afsr1_el1,	   &a->sys.sctlr_el1,
		&a->sys.ttbr1_el1,   &a->sys.tcr_el1,	   &a->sys.cpacr_el1,	   &a->sys.ttbr0_el1,
	};

	return i < (int)(sizeof(f) / sizeof(f[0])) ? f[i] : NULL;
}

static void some_vcpu(struct arch_vcpu *a, uint64_t seed)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; named_field(a, i); i++)
		*named_field(a, i) = seed * 0x100 + (uint64_t)i;
}

Test(el1_ctx, equal_values_share_a_name)
{
	static struct arch_vcpu a, b;

	some_vcpu(&a, 1);
	some_vcpu(&b, 1);
	/* what a name does not cover may differ */
	b.sys.sp_el1 = 0x1234;
	b.sys.csselr_el1 = 2;
	b.vttbr = 7ull << 48;
	cr_assert_eq(el1_ctx_name(&a), el1_ctx_name(&b));
	cr_assert_neq(el1_ctx_name(&a), 0);
}

Test(el1_ctx, any_named_register_that_differs_gives_another_name)
{
	static struct arch_vcpu a, b;
	uint64_t base;

	some_vcpu(&a, 2);
	base = el1_ctx_name(&a);
	for (int i = 0; named_field(&b, i); i++) {
		some_vcpu(&b, 2);
		*named_field(&b, i) ^= 1ull << 40;
		cr_assert_neq(el1_ctx_name(&b), base, "field %d differs, the name does not", i);
	}
}

Test(el1_ctx, unique_names_are_nobody_elses)
{
	static struct arch_vcpu a;
	uint64_t u1, u2, n;

	some_vcpu(&a, 3);
	n = el1_ctx_name(&a);
	u1 = el1_ctx_unique();
	u2 = el1_ctx_unique();
	cr_assert_neq(u1, u2);
	cr_assert_neq(u1, n);
	cr_assert_neq(u2, n);
	cr_assert_neq(el1_ctx_name(&a), u1);
	cr_assert_neq(el1_ctx_name(&a), u2);
}

Test(el1_ctx, a_forgotten_set_gets_a_new_name_never_an_old_one)
{
	static struct arch_vcpu a, other;
	uint64_t first, names[64], again;

	some_vcpu(&a, 4);
	first = el1_ctx_name(&a);
	/* more sets than are remembered */
	for (int i = 0; i < 64; i++) {
		some_vcpu(&other, 100 + (uint64_t)i);
		names[i] = el1_ctx_name(&other);
		cr_assert_neq(names[i], first);
		for (int j = 0; j < i; j++)
			cr_assert_neq(names[i], names[j]);
	}
	again = el1_ctx_name(&a);
	cr_assert_neq(again, first, "forgotten: a vCPU still named `first` would need a full load");
	for (int i = 0; i < 64; i++)
		cr_assert_neq(again, names[i]);
	/* still remembered now */
	cr_assert_eq(el1_ctx_name(&a), again);
}
