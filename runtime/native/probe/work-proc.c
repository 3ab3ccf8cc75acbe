/* work-proc.c — process workloads: exit, true, sleep, pause, signal, exec,
 * fork, daemon. They give benchmarks a known process lifecycle and give the
 * pids-limit and teardown checks something to count and to kill. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int cmd_exit(char **a, int n) { _exit(n > 0 ? (int)parse_int(a[0], "CODE", 0, 255) : 0); }
int cmd_true(char **a, int n) { (void)a, (void)n; _exit(0); }

int cmd_sleep(char **a, int n)
{
    (void)n;
    double s = parse_seconds(a[0], "SECONDS");
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    sleep_ns((int64_t)(s * 1e9));
    json_begin_object();
    jf_int("slept_ns", clock_ns(CLOCK_MONOTONIC) - t0);
    json_end_object();
    json_finish();
    return 0;
}

int cmd_pause(char **a, int n)
{
    (void)a, (void)n;
    for (;;)
        pause(); /* until a signal with default action "terminate" */
}

/* Die by signal SIG. As PID 1 of a PID namespace the kernel drops signals
 * that have no handler (only SIGKILL/SIGSTOP from an ancestor namespace get
 * through), so raising one would silently do nothing: refuse instead. */
int cmd_signal(char **a, int n)
{
    (void)n;
    int sig = parse_signal(a[0]);
    if (sig < 1)
        usage_fail("SIG must be a signal number or name (1..64)");
    if (getpid() == 1)
        usage_fail("as PID 1 the kernel ignores signals without a handler; "
                   "run the probe under an init (--init) or signal it from outside");
    signal(sig, SIG_DFL); /* fails harmlessly for SIGKILL/SIGSTOP */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), sig);
    /* still here: the default action of SIG is to ignore (or stop, then CONT) */
    json_begin_object();
    jf_int("signal", sig);
    jf_bool("survived", 1);
    json_end_object();
    json_finish();
    return 0;
}

/* exec PATH ARGS...: argv[0] is PATH. On failure report the errno and exit
 * 127 like a shell: a successful exec's status is the new program's anyway. */
int cmd_exec(char **a, int n)
{
    (void)n;
    execv(a[0], a); /* a[n] is NULL: it is the tail of main's argv */
    int err = errno;
    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(err);
    json_end_object();
    json_finish();
    return 127;
}

int cmd_fork(char **a, int n)
{
    long want = (long)parse_int(a[0], "N", 0, 10000000);
    double hold = n > 1 ? parse_seconds(a[1], "HOLD_SECONDS") : 0;
    pid_t parent = getpid();
    pid_t *pids = malloc((size_t)(want ? want : 1) * sizeof *pids);
    if (!pids)
        fatal("fork", ENOMEM);
    long forked = 0;
    int err = 0;
    while (forked < want) {
        pid_t pid = fork();
        if (pid < 0) {
            err = errno; /* EAGAIN: pids.max or RLIMIT_NPROC reached */
            break;
        }
        if (pid == 0) {
            /* Die with the parent, even if it is SIGKILLed before reaping. */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) /* parent died before prctl */
                _exit(0);
            for (;;)
                pause();
        }
        pids[forked++] = pid;
    }
    sleep_ns((int64_t)(hold * 1e9));
    json_begin_object();
    jf_int("requested", want);
    jf_int("forked", forked);
    jf_int("errno", err);
    jf_str("error", err ? errno_name(err) : NULL);
    json_end_object();
    json_finish();
    for (long i = 0; i < forked; i++)
        kill(pids[i], SIGKILL);
    for (long i = 0; i < forked; i++)
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    free(pids);
    return 0;
}

/* A daemon that escapes the probe: new session, no stdio, reparented to the
 * container's init (or subreaper). Teardown must still kill it. */
int cmd_daemon(char **a, int n)
{
    (void)n;
    double seconds = parse_seconds(a[0], "SECONDS");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        fatal("pipe", errno);
    pid_t child = fork();
    if (child < 0)
        fatal("fork", errno);
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            /* Close stdio so whoever reads our stdout sees EOF when the probe exits. */
            close(fds[0]);
            close(fds[1]);
            close(0);
            close(1);
            close(2);
            setsid();
            sleep_ns((int64_t)(seconds * 1e9));
            _exit(0);
        }
        ssize_t w = write(fds[1], &grandchild, sizeof grandchild);
        _exit(w == sizeof grandchild && grandchild > 0 ? 0 : 1);
    }
    close(fds[1]);
    pid_t daemon_pid = -1;
    ssize_t r;
    while ((r = read(fds[0], &daemon_pid, sizeof daemon_pid)) < 0 && errno == EINTR)
        ;
    close(fds[0]);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
        ;
    if (r != sizeof daemon_pid || daemon_pid <= 0)
        fatal("daemon: fork of the grandchild failed", EAGAIN);
    json_begin_object();
    jf_int("daemon_pid", daemon_pid);
    json_end_object();
    json_finish();
    return 0;
}
