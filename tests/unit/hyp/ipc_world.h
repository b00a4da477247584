/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host stand-in for what hyp/core/ipc.c runs on: partitions whose RAM is a host buffer at
 * IPA IPC_WORLD_RAM_IPA, vCPUs, and a scheduler that only records who blocked and who was woken
 * with which result. The tests drive both ends of a call by hand, one hypercall at a time.
 */
#ifndef TESTS_UNIT_HYP_IPC_WORLD_H
#define TESTS_UNIT_HYP_IPC_WORLD_H

#include <stdint.h>

#include <hyp/partition.h>
#include <uapi/bulkhead/layout.h>

/* Where the hypervisor's partition_buffer() (inline, hyp/partition.h) has every partition's RAM */
#define IPC_WORLD_RAM_IPA BH_PARTITION_RAM_IPA
#define IPC_WORLD_RAM_SIZE (64u * 1024u)
#define IPC_WORLD_THREADS 2

/* What sched_wake (or sched_wake_handoff) last gave a vCPU. */
struct ipc_wake {
	int woken; /* times */
	int handed_off; /* of those, by sched_block_hand_off (the fast path's switch) */
	int32_t rc;
	uint64_t r1;
};

/* What sched_may_hand_off answers (true unless a test says otherwise). */
extern bool ipc_world_may_hand_off;

/* The vCPU whose hypercall is running (sched_block_current blocks it). */
extern struct vcpu *ipc_world_current;
extern uint64_t ipc_world_now_ns;

/* Times the monitor's execute verdict started partition i (partition_execute_decided). */
extern int ipc_world_started[CONFIG_MAX_PARTITIONS];

/* Partition i of nr: name, RAM, vCPUs (all RUNNING), state PART_RUNNING. */
void ipc_world_partition(uint32_t i, const struct manifest_partition *desc);
/* RAM of p at ipa, as the host sees it. */
void *ipc_world_ram(struct partition *p, uint64_t ipa);
struct ipc_wake *ipc_world_wake_of(const struct vcpu *v);

/* Thread t of partition part; RAM of partition part at ipa; what sched_wake gave thread t. */
struct vcpu *ipc_world_thread(uint32_t part, uint32_t t);
void *ipc_world_at(uint32_t part, uint64_t ipa);
const struct ipc_wake *ipc_world_wake(uint32_t part, uint32_t t);
/* Hypercall fn of the IPC group from v, which becomes the current vCPU. */
int ipc_world_hc(struct vcpu *v, uint32_t fn, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
/* v's Call or ReplyRecv through the fast path (x0 = fn, x1.. the arguments): true if it took
 * it, false if it left it to the ordinary path (having changed nothing). */
bool ipc_world_fast(struct vcpu *v, uint64_t fn, uint64_t x1, uint64_t x2, uint64_t x3,
		    uint64_t x4);
/* Partition part's Echo response with result at res_ipa, and an empty receive buffer with
 * room for any Calc request at recv_ipa: what a server thread passes to ReplyRecv. */
void ipc_world_echo_reply(uint32_t part, uint64_t res_ipa, uint64_t recv_ipa, uint32_t result);
/* r[0] (x1) of the last ipc_world_hc, for a call that returned without blocking. */
extern uint64_t ipc_world_r1;

struct bh_monitor_event;
/* Monitor partition mon takes the next event into its buffer at ev_ipa (it must be there). */
const struct bh_monitor_event *ipc_world_monitor_take(uint32_t mon, uint64_t ev_ipa);
/* Monitor partition mon gives verdict v for event id (and asks for no next event). */
int ipc_world_verdict(uint32_t mon, uint64_t id, uint64_t v);

struct package;
struct bh_boot_info;
/*
 * Open, into *pkg, a boot package (FIT) of two images as the solution tool makes it: "policy"
 * and "schema-1", read from the files at the two paths.
 */
void ipc_world_package(struct package *pkg, const char *policy_path, const char *schema_path);
/* Entry i of m: a partition of that name, class and role with IPC_WORLD_THREADS threads. */
void ipc_world_describe(struct manifest *m, uint32_t i, const char *name, const char *class_name,
			enum partition_role role);
/* Give entry client of m its first connection, `id`, to entry server. */
void ipc_world_connect(struct manifest *m, uint32_t client, const char *id, uint32_t server);
/* Partitions 0 .. n-1 of m set up (ipc_world_partition), the IPC layer initialised from m and
 * pkg, and each partition loaded into boot[i]; partition monitor (or IPC_WORLD_NO_MONITOR)
 * gets the stage 2 its window is mapped into. */
#define IPC_WORLD_NO_MONITOR UINT32_MAX
void ipc_world_load(struct manifest *m, const struct package *pkg, struct bh_boot_info *boot,
		    uint32_t n, uint32_t monitor);

#endif
