// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sensor: a sampling thread at high priority and a filtering thread at normal priority run
 * side by side; main waits for both and reports their exit codes.
 */
#include <stdio.h>

#include <kos/thread.h>

#define SAMPLES 8

static volatile int samples[SAMPLES];
static volatile int produced;

static int sampler(void *context)
{
	(void)context;
	for (int i = 0; i < SAMPLES; i++) {
		samples[i] = i * i;
		produced = i + 1;
		KosThreadSleep(20);
	}
	return SAMPLES;
}

static int filter(void *context)
{
	int consumed = 0, sum = 0;

	(void)context;
	while (consumed < SAMPLES) {
		if (consumed < produced) {
			sum += samples[consumed++];
			printf("sample %d, running sum %d\n", consumed, sum);
		} else {
			KosThreadSleep(5);
		}
	}
	return sum;
}

int main(void)
{
	Tid hi, lo;
	rtl_int32_t code_hi = 0, code_lo = 0;

	printf("sampling on CPU 0 with two threads\n");
	if (KosThreadCreate(&hi, ThreadPriorityNormal + 5, ThreadStackSizeDefault, sampler, NULL, 0) ||
	    KosThreadCreate(&lo, ThreadPriorityNormal, ThreadStackSizeDefault, filter, NULL, 0)) {
		printf("cannot create threads\n");
		return 1;
	}
	KosThreadWaitExitCode(hi, INFINITE_TIMEOUT, &code_hi);
	KosThreadWaitExitCode(lo, INFINITE_TIMEOUT, &code_lo);
	printf("sampler took %d samples, filter summed %d\n", code_hi, code_lo);
	return 0;
}
