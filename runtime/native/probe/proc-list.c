/* proc-list.c — `probe ps` and `probe fds`: the processes this PID namespace
 * shows in /proc, and the file descriptors the container process inherited.
 * Leaked descriptors are a classic container escape (runc CVE-2024-21626). */
#include "probe.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* No /proc mounted in the container: an observation, not a probe failure. */
static int report_unreadable(const char *list)
{
    int err = errno;
    json_begin_object();
    jf_errno(err);
    jf_null(list);
    json_end_object();
    json_finish();
    return 0;
}

struct proc {
    long pid, ppid;
    char comm[64];
};

static int cmp_proc(const void *a, const void *b)
{
    long x = ((const struct proc *)a)->pid, y = ((const struct proc *)b)->pid;
    return (x > y) - (x < y);
}

/* /proc/PID/stat is "pid (comm) state ppid ..."; comm may contain spaces and
 * ')' itself, so it runs from the first '(' to the LAST ')'. */
static int read_proc_stat(const char *pid, struct proc *p)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1; /* exited since readdir */
    ssize_t r = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (r <= 0)
        return -1;
    buf[r] = 0;
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return -1;
    size_t clen = (size_t)(close_paren - open_paren - 1);
    if (clen >= sizeof p->comm)
        clen = sizeof p->comm - 1;
    memcpy(p->comm, open_paren + 1, clen);
    p->comm[clen] = 0;
    p->pid = strtol(buf, NULL, 10);
    char state;
    if (sscanf(close_paren + 1, " %c %ld", &state, &p->ppid) != 2)
        return -1;
    return 0;
}

int cmd_ps(char **a, int n)
{
    (void)a, (void)n;
    DIR *d = opendir("/proc");
    if (!d)
        return report_unreadable("processes");
    struct proc *ps = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 256;
            ps = realloc(ps, cap * sizeof *ps);
            if (!ps)
                fatal("ps", ENOMEM);
        }
        if (read_proc_stat(e->d_name, &ps[cnt]) == 0)
            cnt++;
    }
    closedir(d);
    qsort(ps, cnt, sizeof *ps, cmp_proc);
    json_begin_object();
    jf_errno(0);
    json_key("processes");
    json_begin_array();
    for (size_t i = 0; i < cnt; i++) {
        json_begin_object();
        jf_int("pid", ps[i].pid);
        jf_int("ppid", ps[i].ppid);
        jf_str("comm", ps[i].comm);
        json_end_object();
    }
    json_end_array();
    json_end_object();
    json_finish();
    free(ps);
    return 0;
}

int cmd_fds(char **a, int n)
{
    (void)a, (void)n;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return report_unreadable("fds");
    int self_fd = dirfd(d); /* the directory we are reading is not inherited */
    int fds[1024];
    size_t cnt = 0;
    struct dirent *e;
    while ((e = readdir(d)) && cnt < sizeof fds / sizeof fds[0]) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        int fd = (int)strtol(e->d_name, NULL, 10);
        if (fd != self_fd)
            fds[cnt++] = fd;
    }
    /* sort small ints: insertion sort is enough */
    for (size_t i = 1; i < cnt; i++)
        for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
            int t = fds[j];
            fds[j] = fds[j - 1];
            fds[j - 1] = t;
        }
    json_begin_object();
    jf_errno(0);
    json_key("fds");
    json_begin_array();
    for (size_t i = 0; i < cnt; i++) {
        char name[16], target[PATH_MAX];
        snprintf(name, sizeof name, "%d", fds[i]);
        ssize_t r = readlinkat(self_fd, name, target, sizeof target);
        json_begin_object();
        jf_int("fd", fds[i]);
        json_key("target");
        if (r < 0)
            json_null();
        else
            json_string_n(target, (size_t)r);
        json_end_object();
    }
    json_end_array();
    jf_bool("truncated", e != NULL); /* more than 1024 descriptors */
    json_end_object();
    json_finish();
    closedir(d);
    return 0;
}
