// SPDX-License-Identifier: GPL-2.0-only
/* Queues (kos/queue.h), statistics (coresrv/stat), DMA and the I/O calls without grants. */
#include <string.h>

#include <bulkhead/hvc.h>
#include <coresrv/handle/handle_api.h>
#include <coresrv/io/dma.h>
#include <coresrv/io/io_api.h>
#include <coresrv/io/irq.h>
#include <coresrv/io/mmio.h>
#include <coresrv/io/ports.h>
#include <coresrv/stat/stat_api.h>
#include <kos/alloc.h>
#include <kos/queue.h>
#include <kos/thread.h>

#include "suite.h"

struct item {
	unsigned int seq;
	char pad[12];
};

static void queue_basic(void)
{
	KosQueueHandle q = KosQueueCreate(8, sizeof(struct item), 16, NULL);
	struct item *it[9], *got;
	uint64_t start;

	CHECK(q, "create");
	for (int i = 0; i < 8; i++) {
		it[i] = KosQueueAlloc(q);
		CHECK(it[i] && ((uintptr_t)it[i] & 15) == 0, "slot %d: %p", i, (void *)it[i]);
	}
	CHECK(KosQueueAlloc(q) == NULL, "a ninth slot of eight");
	for (int i = 0; i < 8; i++) {
		it[i]->seq = (unsigned int)i;
		KosQueuePush(q, it[i]);
	}
	for (int i = 0; i < 4; i++) {
		got = KosQueuePop(q, 0);
		CHECK(got && got->seq == (unsigned int)i, "pop %d: %p", i, (void *)got);
		KosQueueFree(q, got);
	}
	KosQueueFlush(q); /* the other four go back to the free slots */
	CHECK(KosQueuePop(q, 0) == NULL, "queue not empty after flush");
	for (int i = 0; i < 8; i++)
		CHECK((it[i] = KosQueueAlloc(q)) != NULL, "slot %d not free after flush", i);
	for (int i = 0; i < 8; i++)
		KosQueueFree(q, it[i]);
	start = now_ms();
	CHECK(KosQueuePop(q, 40) == NULL && IN_TOLERANCE(now_ms() - start, 40),
	      "pop timeout after %llu ms", (unsigned long long)(now_ms() - start));
	{
		struct item outsider;

		/* Pointers that are not slots of the queue are ignored. */
		KosQueueFree(q, &outsider);
		KosQueuePush(q, &outsider);
		KosQueuePush(q, (char *)it[0] + 1);
		CHECK(KosQueuePop(q, 0) == NULL, "a foreign object was queued");
		for (int i = 0; i < 8; i++)
			CHECK((it[i] = KosQueueAlloc(q)) != NULL, "slot %d lost", i);
		CHECK(KosQueueAlloc(q) == NULL, "a foreign object became a slot");
	}
	KosQueueDestroy(q);
	CHECK(KosQueueCreate(8, 16, 3, NULL) == NULL, "alignment 3");
	CHECK(KosQueueCreate(0, 16, 8, NULL) == NULL, "no slots");
}

#define ITEMS 5000
static KosQueueHandle xq;

static int producer(void *c)
{
	(void)c;
	for (unsigned int i = 0; i < ITEMS; i++) {
		struct item *it;

		while (!(it = KosQueueAlloc(xq)))
			KosThreadSleep(1); /* the consumer is behind: every slot is queued */
		it->seq = i;
		KosQueuePush(xq, it);
	}
	return 0;
}

static void queue_across_threads(void)
{
	static struct item storage[16] __attribute__((aligned(16)));
	unsigned int expect = 0, bad = 0;
	Tid t;

	xq = KosQueueCreate(16, sizeof(struct item), 16, storage);
	CHECK(xq, "create on caller storage");
	CHECK(KosThreadCreate(&t, 10, 0, producer, NULL, 0) == rcOk, "producer");
	while (expect < ITEMS) {
		struct item *it = KosQueuePop(xq, 5000);

		if (!it)
			break;
		bad += it->seq != expect++;
		KosQueueFree(xq, it);
	}
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(expect == ITEMS && bad == 0, "%u items, %u out of order", expect, bad);
	KosQueueDestroy(xq);
}

static void stats(void)
{
	rtl_uint64_t u0, u1, idle0, idle1, total, avail, mine0, mine1, threads, thr, v;
	uint64_t start;

	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_USER, &u0) == rcOk, "user");
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_TIME_USER, &mine0) == rcOk, "task");
	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_IDLE, &idle0) == rcOk, "idle");
	start = now_ms();
	while (now_ms() - start < 50)
		;	    /* be busy for a while */
	KosThreadSleep(50); /* and then idle, on this CPU at least */
	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_USER, &u1) == rcOk && u1 >= u0 + 40000000,
	      "system user time grew %llu ns", (unsigned long long)(u1 - u0));
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_TIME_TOTAL, &mine1) == rcOk &&
		  mine1 >= mine0 + 40000000,
	      "partition time grew %llu ns", (unsigned long long)(mine1 - mine0));
	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_IDLE, &idle1) == rcOk && idle1 > idle0,
	      "idle time did not grow");
	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_KERNEL, &v) == rcOk, "kernel");
	CHECK(KnGroupStatGetParam(GROUP_PARAM_MEM_TOTAL, &total) == rcOk &&
		  KnGroupStatGetParam(GROUP_PARAM_MEM_FREE, &avail) == rcOk && total > avail &&
		  avail > 0,
	      "memory total %llu free %llu", (unsigned long long)total, (unsigned long long)avail);
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_TOTAL, &v) == rcOk && v == 4u << 20,
	      "partition memory %llu", (unsigned long long)v);
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_THREADS, &threads) == rcOk &&
		  threads == 1,
	      "%llu threads", (unsigned long long)threads);
	CHECK(KnThreadStatGetParam(KosThreadCurrentId(), TASK_PARAM_TIME_USER, &thr) == rcOk &&
		  thr >= 40000000,
	      "thread time %llu", (unsigned long long)thr);
	CHECK(KnCpuStatGetParam(0, CPU_PARAM_USER, &v) == rcOk && v > 0, "cpu 0");
	CHECK(KnCpuStatGetParam(7, CPU_PARAM_USER, &v) == rcInvalidArgument, "cpu 7");
	CHECK(KnTaskStatGetParam(5, TASK_PARAM_TIME_USER, &v) == rcResourceNotFound, "task 5");
	CHECK(KnGroupStatGetParam((GroupStatParam)99, &v) == rcInvalidArgument, "param 99");
	CHECK(KnThreadStatGetParam(0x7777, TASK_PARAM_TIME_USER, &v) == rcResourceNotFound,
	      "unknown thread");
	CHECK(KnGroupStatGetParam(GROUP_PARAM_CPU_USER, NULL) == rcInvalidArgument, "NULL");
}

static int busy_30ms(void *arg)
{
	uint64_t start = now_ms();

	(void)arg;
	while (now_ms() - start < 30)
		;
	return 0;
}

static int at_once(void *arg)
{
	(void)arg;
	return 0;
}

/* A thread's time stays its partition's when it ends, and when its slot takes a new thread. */
static void stats_of_ended_threads(void)
{
	rtl_uint64_t before, after;
	Tid t;

	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_TIME_TOTAL, &before) == rcOk, "task");
	CHECK(KosThreadCreate(&t, 10, 0, busy_30ms, NULL, 0) == rcOk, "busy thread");
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(KosThreadCreate(&t, 10, 0, at_once, NULL, 0) == rcOk, "a thread in its slot");
	KosThreadWait(t, INFINITE_TIMEOUT);
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_TIME_TOTAL, &after) == rcOk &&
		  after >= before + 25000000,
	      "partition time grew %llu ns", (unsigned long long)(after - before));
}

static void dma(void)
{
	Handle rid, map, map2, begin, again;
	rtl_uint64_t before, with;
	DmaInfo *info = NULL;
	unsigned char *va;

	KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_DMA, &before);
	CHECK(KnIoDmaCreate(1, 3 * 4096, DMA_DIR_BIDIR, &rid) == rcOk, "create");
	KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_DMA, &with);
	CHECK(with == before + 4 * 4096, "DMA accounting %llu -> %llu (order-1 blocks)",
	      (unsigned long long)before, (unsigned long long)with);
	CHECK(KnIoDmaGetPhysInfo(rid, &info) == rcOk && info->size == 4 * 4096 &&
		  info->count == 2 && info->orderMin == 1 && info->descriptors[0].order == 1,
	      "info");
	CHECK(info->descriptors[1].frame == info->descriptors[0].frame + 2, "not contiguous");
	CHECK(KnIoDmaMap(rid, 0, 4 * 4096, NULL, VMM_FLAG_READ | VMM_FLAG_WRITE, (void **)&va,
			 &map) == rcOk,
	      "map");
	CHECK((uint64_t)va == BH_DMA_IPA_BASE + (info->descriptors[0].frame << 12), "mapped at %p",
	      (void *)va);
	CHECK(va[0] == 0 && va[4 * 4096 - 1] == 0, "a new buffer is not zeroed");
	memset(va, 0x5a, 4 * 4096);
	CHECK(KnIoDmaMap(rid, 0, 4096, NULL, VMM_FLAG_READ, (void **)&va, &map2) == rcAlreadyExists,
	      "mapped twice");
	CHECK(KnIoDmaMap(rid, 4096, 8 * 4096, NULL, VMM_FLAG_READ, (void **)&va, &map2) ==
		  rcInvalidArgument,
	      "map beyond the buffer");
	CHECK(KnIoDmaMap(rid, 100, 4096, NULL, VMM_FLAG_READ, (void **)&va, &map2) ==
		  rcInvalidArgument,
	      "unaligned offset");
	KosMemFree(info);
	CHECK(KnIoDmaBegin(rid, &begin) == rcOk, "begin");
	CHECK(KnIoDmaGetInfo(rid, &info) == rcOk, "info (device view)");
	KosMemFree(info);
	/* The buffer lives on while its mapping does. */
	CHECK(KnIoClose(rid) == rcOk, "close the buffer");
	CHECK(KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_DMA, &with) == rcOk &&
		  with == before + 4 * 4096,
	      "freed while mapped");
	KnHandleClose(begin);
	KnHandleClose(map);
	KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_DMA, &with);
	CHECK(with == before, "not freed: %llu", (unsigned long long)with);
	CHECK(KnIoDmaCreate(10, 4096, 0, &again) == rcInvalidArgument, "order 10");
	CHECK(KnIoDmaCreate(0, 0, 0, &again) == rcInvalidArgument, "size 0");
	CHECK(KnIoDmaCreate(0, 4096, 0x80, &again) == rcInvalidArgument, "unknown flag");
	CHECK(KnIoDmaCreate(0, 8u << 20, 0, &again) == rcInvalidArgument, "above the quota");
	CHECK(KnIoDmaGetInfo(rid, &info) == rcInvalidArgument, "closed handle");
	CHECK(KnIoDmaBegin(rid, &begin) == rcInvalidArgument, "begin on a closed handle");
}

static void io_without_grants(void)
{
	Handle h;

	CHECK(KnRegisterPhyMem(0x09010000, 0x1000, &h) == rcNoCapability, "MMIO not granted");
	CHECK(KnRegisterPhyMem(0x09010000, 0x100, &h) == rcInvalidArgument, "part of a page");
	CHECK(KnRegisterIrq(34, &h) == rcNoCapability, "interrupt not granted");
	CHECK(KnRegisterIrq(27, &h) == rcInvalidArgument, "a PPI");
	CHECK(KnIoAttachIrq(INVALID_HANDLE, 0, &h) == rcInvalidArgument, "attach nothing");
	CHECK(KnRegisterPort8(0x60, &h) == rcUnimplemented, "port 8");
	CHECK(KnRegisterPort16(0x60, &h) == rcUnimplemented, "port 16");
	CHECK(KnRegisterPort32(0x60, &h) == rcUnimplemented, "port 32");
	CHECK(KnRegisterPorts(0x60, 4, &h) == rcUnimplemented, "ports");
	CHECK(KnIoPermitPort(INVALID_HANDLE, &h) == rcUnimplemented, "permit");
	CHECK(IoReadIoPort8(0x60) == 0xff && IoReadIoPort32(0x60) == 0xffffffffu, "port reads");
}

/* Random arguments to every call of the new groups that takes any (NOTICE_CREATE takes
 * none), and to unassigned numbers: refused, and nothing breaks. */
static void hostile_hypercalls(void)
{
	static const uint16_t fns[] = {
	    0x0400, 0x0401, 0x0402, 0x0500, 0x0501, 0x0502, 0x0503, 0x0504, 0x0505, 0x0511, 0x0512,
	    0x0513, 0x0514, 0x0515, 0x0600, 0x0601, 0x0602, 0x0610, 0x0611, 0x0612, 0x0613, 0x0614,
	    0x0615, 0x0616, 0x0620, 0x0621, 0x0622, 0x0623, 0x0624, 0x0700, 0x0701, 0x07ff};
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int accepted = 0;
	Handle h;

	for (int i = 0; i < 3000; i++) {
		uint64_t a[5];
		struct bh_hvc_result r;

		for (int j = 0; j < 5; j++) {
			x ^= x << 13; /* xorshift64 */
			x ^= x >> 7;
			x ^= x << 17;
			a[j] = x;
		}
		r = bh_hvc(BH_HVC(fns[i % (sizeof(fns) / sizeof(fns[0]))]), a[0], a[1], a[2], a[3],
			   a[4]);
		accepted += r.rc == rcOk;
	}
	CHECK(accepted == 0, "%u random calls accepted", accepted);
	CHECK(KnHandleCreateUserObject(HANDLE_TYPE_USER_FIRST, 0, NULL, &h) == rcOk &&
		  KnHandleClose(h) == rcOk,
	      "handles broken afterwards");
}

void queue_stat_io_cases(void)
{
	suite_run("queue_alloc_push_pop_flush", queue_basic);
	suite_run("queue_across_threads", queue_across_threads);
	suite_run("stat_cpu_and_memory", stats);
	suite_run("stat_keeps_ended_threads_time", stats_of_ended_threads);
	suite_run("dma_create_map_info_close", dma);
	suite_run("io_refused_without_grants", io_without_grants);
	suite_run("hostile_hypercalls_refused", hostile_hypercalls);
}
