/* try-proc.c — attempts on processes, identity and namespaces: kill, ptrace,
 * setuid, sethostname, setdomainname, setns, unshare.
 * A container must not signal or trace host processes (PID namespace hides
 * them: ESRCH), nor rename the host (UTS namespace), nor join other
 * namespaces (capabilities / user namespace: EPERM). */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

static int try_kill(char **a, int n)
{
    pid_t pid = (pid_t)parse_int(a[0], "PID", INT_MIN + 1, INT_MAX);
    int sig = n > 1 ? parse_signal(a[1]) : 0; /* 0: existence/permission check only */
    jf_errno(kill(pid, sig) == 0 ? 0 : errno);
    jf_int("pid", pid);
    jf_int("signal", sig);
    return 0;
}

/* PTRACE_SEIZE, not PTRACE_ATTACH: the permission check is the same
 * (__ptrace_may_access), but SEIZE does not SIGSTOP the target, so a
 * successful attempt cannot leave a host process stopped behind. A seized
 * tracee that is running cannot be PTRACE_DETACHed (ESRCH); the kernel
 * detaches it silently when the probe exits, which it does right after. */
static int try_ptrace(char **a, int n)
{
    (void)n;
    pid_t pid = (pid_t)parse_int(a[0], "PID", 1, INT_MAX);
    int err = ptrace(PTRACE_SEIZE, pid, 0, 0) == 0 ? 0 : errno;
    jf_errno(err);
    jf_int("pid", pid);
    return 0;
}

static int try_setuid(char **a, int n)
{
    (void)n;
    uid_t uid = (uid_t)parse_int(a[0], "UID", 0, UINT32_MAX - 1);
    jf_errno(setuid(uid) == 0 ? 0 : errno);
    jf_int("uid", getuid());
    jf_int("euid", geteuid());
    return 0;
}

static int try_sethostname(char **a, int n)
{
    (void)n;
    jf_errno(sethostname(a[0], strlen(a[0])) == 0 ? 0 : errno);
    return 0;
}

static int try_setdomainname(char **a, int n)
{
    (void)n;
    jf_errno(setdomainname(a[0], strlen(a[0])) == 0 ? 0 : errno);
    return 0;
}

static int try_setns(char **a, int n)
{
    (void)n;
    char target[PATH_MAX];
    ssize_t r = readlink(a[0], target, sizeof target - 1);
    int fd = open(a[0], O_RDONLY | O_CLOEXEC);
    int err = fd < 0 ? errno : (setns(fd, 0) == 0 ? 0 : errno);
    if (fd >= 0)
        close(fd);
    jf_errno(err);
    json_key("target"); /* "net:[4026531840]": which namespace was asked for */
    if (r < 0)
        json_null();
    else
        json_string_n(target, (size_t)r);
    return 0;
}

static const struct {
    const char *name;
    int flag;
} ns_flags[] = {
    { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS },
    { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
    { "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

static int try_unshare(char **a, int n)
{
    (void)n;
    char list[256];
    int flags = 0;
    if (strlen(a[0]) >= sizeof list)
        usage_fail("FLAGS too long");
    strcpy(list, a[0]);
    char *save = NULL;
    for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        size_t i, nf = sizeof ns_flags / sizeof ns_flags[0];
        for (i = 0; i < nf && strcmp(ns_flags[i].name, w) != 0; i++)
            ;
        if (i == nf)
            usage_fail("unknown namespace \"%s\" (pid,mnt,uts,ipc,net,user,cgroup,time)", w);
        flags |= ns_flags[i].flag;
    }
    if (!flags)
        usage_fail("FLAGS must name at least one namespace");
    jf_errno(unshare(flags) == 0 ? 0 : errno);
    jf_int("flags", flags);
    return 0;
}

const struct command try_proc_actions[] = {
    { "kill", 1, 2, try_kill, "PID [SIG]" },
    { "ptrace", 1, 1, try_ptrace, "PID" },
    { "setuid", 1, 1, try_setuid, "UID" },
    { "sethostname", 1, 1, try_sethostname, "NAME" },
    { "setdomainname", 1, 1, try_setdomainname, "NAME" },
    { "setns", 1, 1, try_setns, "PATH" },
    { "unshare", 1, 1, try_unshare, "FLAGS" },
    { NULL, 0, 0, NULL, NULL },
};
