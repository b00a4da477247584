// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "qemu/harness.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *test_path(const char *config, const char *file)
{
	static char path[4096];
	const char *out = getenv("BH_TEST_OUT");

	cr_assert(out, "BH_TEST_OUT is not set: run the tests with 'make test'");
	snprintf(path, sizeof(path), "%s/%s/%s", out, config, file);
	return path;
}

static char *read_cmd(const char *config)
{
	const char *path = test_path(config, "qemu.cmd");
	FILE *f = fopen(path, "r");
	static char cmd[8192];
	size_t n;

	cr_assert(f, "%s missing: tests/build.mk builds the test images", path);
	n = fread(cmd, 1, sizeof(cmd) - 1, f);
	fclose(f);
	cmd[n] = 0;
	while (n && (cmd[n - 1] == '\n' || cmd[n - 1] == ' '))
		cmd[--n] = 0;
	return cmd;
}

static void append(struct boot *b, const char *buf, size_t n, size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\r')
			continue;
		if (b->len + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 65536;
			b->out = realloc(b->out, *cap);
			cr_assert(b->out);
		}
		b->out[b->len++] = buf[i];
	}
	if (b->out)
		b->out[b->len] = 0;
}

void boot(struct boot *b, const char *config, const struct boot_opts *opts)
{
	struct boot_opts none = { 0 };
	char cmdline[16384], *cmd = read_cmd(config);
	int timeout = 60, fds[2], status;
	size_t cap = 0;
	double start, deadline;
	pid_t pid;

	if (!opts)
		opts = &none;
	if (opts->timeout_s)
		timeout = opts->timeout_s;
	if (opts->initrd) {
		/* Swap the -initrd argument for the test's own package. */
		char *p = strstr(cmd, "-initrd "), *end;

		cr_assert(p, "no -initrd in %s", cmd);
		end = strchr(p + 8, ' ');
		snprintf(cmdline, sizeof(cmdline), "exec %.*s-initrd %s %s %s", (int)(p - cmd), cmd,
			 opts->initrd, end ? end : "", opts->extra_args ? opts->extra_args : "");
	} else {
		snprintf(cmdline, sizeof(cmdline), "exec %s %s", cmd,
			 opts->extra_args ? opts->extra_args : "");
	}

	memset(b, 0, sizeof(*b));
	b->exit_status = -1;
	cr_assert(pipe(fds) == 0);
	start = now_s();
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execl("/bin/sh", "sh", "-c", cmdline, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	deadline = start + timeout;
	for (;;) {
		if (opts->until && !b->stopped && b->out && strstr(b->out, opts->until)) {
			/* Seen: what follows within the grace time is all we wait for. */
			b->stopped = true;
			if (now_s() + opts->until_grace_s < deadline)
				deadline = now_s() + opts->until_grace_s;
		}
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		int left = (int)((deadline - now_s()) * 1000);
		char buf[4096];
		ssize_t n;

		if (left <= 0) {
			b->timed_out = !b->stopped;
			kill(-pid, SIGKILL);
			break;
		}
		int ready = poll(&pfd, 1, left);

		if (ready < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ready == 0)
			continue; /* the deadline passed: killed at the top of the loop */
		n = read(fds[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		append(b, buf, n, &cap);
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	b->seconds = now_s() - start;
	if (!b->timed_out && WIFEXITED(status))
		b->exit_status = WEXITSTATUS(status);
	if (!b->out)
		append(b, "", 0, &cap), b->out = b->out ? b->out : strdup("");
}

/*
 * One boot shared by every test of a suite within one run of the test binary: Criterion runs
 * each test in its own process, children of the runner, so the runner's pid names the run.
 * The first test to take the lock boots and saves the transcript; the others read it.
 */
void boot_shared(struct boot *b, const char *config, const struct boot_opts *opts)
{
	char lock_path[4096], file[64], path[4096];
	int lock, status[3];
	FILE *f;

	snprintf(lock_path, sizeof(lock_path), "%s", test_path(config, "transcript.lock"));
	snprintf(file, sizeof(file), "transcript.%ld", (long)getppid());
	snprintf(path, sizeof(path), "%s", test_path(config, file));
	lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	cr_assert(lock >= 0, "%s: %s", lock_path, strerror(errno));
	cr_assert(flock(lock, LOCK_EX) == 0);
	f = fopen(path, "r");
	if (f) {
		size_t cap = 0, n;
		char buf[4096];

		memset(b, 0, sizeof(*b));
		cr_assert(fscanf(f, "%d %d %d %lf\n", &status[0], &status[1], &status[2],
				 &b->seconds) == 4, "%s is damaged", path);
		b->exit_status = status[0];
		b->timed_out = status[1];
		b->stopped = status[2];
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			append(b, buf, n, &cap);
		if (!b->out)
			b->out = strdup("");
		fclose(f);
	} else {
		char tmp[4200];

		boot(b, config, opts);
		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		f = fopen(tmp, "w");
		cr_assert(f, "%s: %s", tmp, strerror(errno));
		fprintf(f, "%d %d %d %f\n", b->exit_status, b->timed_out, b->stopped, b->seconds);
		fwrite(b->out, 1, b->len, f);
		cr_assert(fclose(f) == 0 && rename(tmp, path) == 0);
	}
	flock(lock, LOCK_UN);
	close(lock);
}

void boot_free(struct boot *b)
{
	free(b->out);
	b->out = NULL;
}

const char *find_line(const struct boot *b, const char *from, const char *needle)
{
	const char *p = strstr(from ? from : b->out, needle);

	if (!p)
		return NULL;
	while (p > b->out && p[-1] != '\n')
		p--;
	return p;
}

int count_lines(const struct boot *b, const char *needle)
{
	int n = 0;

	for (const char *p = b->out; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void dump(const struct boot *b)
{
	cr_log_error("console transcript (%zu bytes, %.2f s, %s):\n%s", b->len, b->seconds,
		     b->timed_out ? "timed out" : "QEMU exited", b->out);
}

void expect_line(const struct boot *b, const char *needle)
{
	if (!find_line(b, NULL, needle)) {
		dump(b);
		cr_assert_fail("no console line contains \"%s\"", needle);
	}
}

void expect_no_line(const struct boot *b, const char *needle)
{
	if (find_line(b, NULL, needle)) {
		dump(b);
		cr_assert_fail("a console line contains \"%s\"", needle);
	}
}

void expect_order(const struct boot *b, const char *first, const char *second)
{
	const char *a = find_line(b, NULL, first);
	const char *next = a ? strchr(a, '\n') : NULL;

	if (!a || !next || !find_line(b, next, second)) {
		dump(b);
		cr_assert_fail("expected a line with \"%s\" after one with \"%s\"", second, first);
	}
}

void expect_powered_off(const struct boot *b)
{
	if (b->timed_out || b->exit_status != 0) {
		dump(b);
		cr_assert_fail("QEMU did not power off by itself (%s, status %d)",
			       b->timed_out ? "timed out" : "exited", b->exit_status);
	}
}
