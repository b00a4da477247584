/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address types that cannot be mixed up: a physical address, an intermediate physical address
 * (what a partition sees) and a hypervisor virtual address are distinct one-member structs, so
 * passing an IPA where a PA is wanted does not compile.
 */
#ifndef HYP_ADDR_H
#define HYP_ADDR_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t pa; } paddr_t;
typedef struct { uint64_t ipa; } ipaddr_t;

static inline paddr_t pa_init(uint64_t pa) { return (paddr_t){ pa }; }
static inline uint64_t pa_addr(paddr_t pa) { return pa.pa; }
static inline paddr_t pa_add(paddr_t pa, uint64_t n) { return (paddr_t){ pa.pa + n }; }
static inline ipaddr_t ipa_init(uint64_t ipa) { return (ipaddr_t){ ipa }; }
static inline uint64_t ipa_addr(ipaddr_t ipa) { return ipa.ipa; }
static inline ipaddr_t ipa_add(ipaddr_t ipa, uint64_t n) { return (ipaddr_t){ ipa.ipa + n }; }

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define BLOCK_2M_SIZE (1ull << 21)
#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))

/*
 * The hypervisor maps all RAM at VA == PA, so this is the identity; host unit tests link a
 * version that maps a fake physical memory (tests/unit/hyp/fake_mem.c).
 */
#ifdef BH_HOST_TEST
void *pa_to_va(paddr_t pa);
paddr_t va_to_pa(const void *va);
#else
static inline void *pa_to_va(paddr_t pa) { return (void *)(uintptr_t)pa.pa; }
static inline paddr_t va_to_pa(const void *va) { return (paddr_t){ (uint64_t)(uintptr_t)va }; }
#endif

#endif
