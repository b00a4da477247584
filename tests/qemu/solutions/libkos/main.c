// SPDX-License-Identifier: GPL-2.0-only
/* The libkos suite: every function of the API, one success and one error path at least. */
#include "suite.h"

int main(void)
{
	threads_cases();
	sync_cases();
	time_mem_cases();
	handle_cases();
	queue_stat_io_cases();
	return suite_summary();
}
