// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * lf_test_run_child(): see selftests/lf_test_child.h.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "../selftests/lf_test_child.h"

int lf_test_run_child(void (*fn)(void), char *out, size_t size)
{
	size_t len = 0;
	int pfd[2], status;
	pid_t pid;

	if (size)
		out[0] = '\0';
	if (pipe(pfd))
		return LF_TEST_CHILD_ERROR;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return LF_TEST_CHILD_ERROR;
	}
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], STDERR_FILENO);
		close(pfd[1]);
		fn();
		_exit(0);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n;

		if (len + 1 >= size) {
			char sink[256];

			n = read(pfd[0], sink, sizeof(sink));
		} else {
			n = read(pfd[0], out + len, size - 1 - len);
			if (n > 0)
				len += (size_t)n;
		}
		if (n <= 0)
			break;
	}
	if (size)
		out[len] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return LF_TEST_CHILD_ERROR;
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGABRT ? LF_TEST_CHILD_ABORTED
						   : LF_TEST_CHILD_SIGNALED;
	return WEXITSTATUS(status) ? LF_TEST_CHILD_EXITED : LF_TEST_CHILD_RETURNED;
}

static void (*lf_test_child_thread_fn)(void);

static void *lf_test_child_thread(void *arg)
{
	lf_test_child_thread_fn();
	return arg;
}

/* Runs in the child: @lf_test_child_thread_fn in a new thread. */
static void lf_test_child_in_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, lf_test_child_thread, NULL) == 0)
		pthread_join(t, NULL);
	else
		_exit(125);
}

int lf_test_run_child_thread(void (*fn)(void), char *out, size_t size)
{
	lf_test_child_thread_fn = fn;
	return lf_test_run_child(lf_test_child_in_thread, out, size);
}
