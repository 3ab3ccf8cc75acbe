/* work-files.c — small-file workloads: metadata-heavy IO is where overlayfs
 * differs most from a plain filesystem (copy-up, whiteouts, lookups through
 * lower layers). `files` creates DIR/f000000..., `files-stat` stats every
 * entry of DIR, `files-rm` removes what `files` created (only names of that
 * form) and then DIR itself if it is empty. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_workload_name(const char *name)
{
    if (name[0] != 'f' || strlen(name) != 7)
        return 0;
    return strspn(name + 1, "0123456789") == 6;
}

static void report(const char *dir, int err, const char *count_key, long count, int64_t ns)
{
    json_begin_object();
    jf_str("dir", dir);
    jf_errno(err);
    jf_int(count_key, count);
    jf_int("ns", ns);
}

int cmd_files(char **a, int n)
{
    (void)n;
    long want = (long)parse_int(a[1], "COUNT", 0, 999999);
    size_t size = (size_t)parse_int(a[2], "SIZE_BYTES", 0, 1 << 26);
    char *buf = malloc(size ? size : 1);
    if (!buf)
        fatal("files buffer", ENOMEM);
    memset(buf, 'x', size);
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    int err = 0;
    long made = 0;
    if (mkdir(a[0], 0755) != 0 && errno != EEXIST)
        err = errno;
    int dfd = err ? -1 : open(a[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!err && dfd < 0)
        err = errno;
    for (; !err && made < want; made++) {
        char name[32];
        snprintf(name, sizeof name, "f%06ld", made);
        int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            err = errno;
            break;
        }
        ssize_t w = size ? write(fd, buf, size) : 0;
        if (w < 0 || (size_t)w != size)
            err = w < 0 ? errno : ENOSPC; /* a short write here means the disk is full */
        close(fd);
        if (err)
            break; /* the partial file is not counted */
    }
    int64_t ns = clock_ns(CLOCK_MONOTONIC) - t0;
    if (dfd >= 0)
        close(dfd);
    report(a[0], err, "created", made, ns);
    jf_int("size_bytes", (int64_t)size);
    json_end_object();
    json_finish();
    free(buf);
    return 0;
}

/* Walk DIR calling fn(dirfd, name) on each entry (not . and ..). */
static int walk(const char *dir, int (*fn)(int, const char *), long *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno;
    struct dirent *e;
    int err = 0;
    while (!err && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        err = fn(dirfd(d), e->d_name);
        if (err < 0)
            err = 0; /* skipped */
        else if (!err)
            (*count)++;
    }
    closedir(d);
    return err;
}

static int stat_one(int dfd, const char *name)
{
    struct stat st;
    return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
}

static int remove_one(int dfd, const char *name)
{
    if (!is_workload_name(name))
        return -1; /* not ours: leave it */
    return unlinkat(dfd, name, 0) == 0 ? 0 : errno;
}

int cmd_files_stat(char **a, int n)
{
    (void)n;
    long count = 0;
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    int err = walk(a[0], stat_one, &count);
    report(a[0], err, "statted", count, clock_ns(CLOCK_MONOTONIC) - t0);
    json_end_object();
    json_finish();
    return 0;
}

int cmd_files_rm(char **a, int n)
{
    (void)n;
    long count = 0;
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    int err = walk(a[0], remove_one, &count);
    int64_t ns = clock_ns(CLOCK_MONOTONIC) - t0;
    int dir_removed = !err && rmdir(a[0]) == 0; /* fails (ENOTEMPTY) if others remain */
    report(a[0], err, "removed", count, ns);
    jf_bool("dir_removed", dir_removed);
    json_end_object();
    json_finish();
    return 0;
}
