/* A minimal init for pid 1: reaps orphans and forwards termination signals.
 *
 * Without it the workload is pid 1, which the kernel shields from every signal it has no
 * handler for; with it, SIGTERM reaches the workload and zombies of double-forked
 * children are reaped. */
#include "child.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t workload_pid;

static void forward(int sig)
{
	if (workload_pid > 0)
		kill(workload_pid, sig);
}

void become_init(void)
{
	static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	pid_t pid = fork();
	if (pid < 0)
		_exit(127);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		return; /* the workload goes on to execve */
	}
	workload_pid = pid;
	/* Outside a pid namespace the init is not pid 1: make orphans come to it anyway. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	close_range(3, ~0U, 0);
	struct sigaction sa = { .sa_handler = forward };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &sa, NULL);
	for (;;) {
		int status;
		pid_t got = wait(&status);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			_exit(0);
		if (got == pid)
			_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
}
