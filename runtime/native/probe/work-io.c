/* work-io.c — sequential IO workloads for overlay and blkio measurements.
 * `write` ends with fsync so the figure includes getting data to the device
 * (overlay upper dir), not just into the page cache; `read` reads to EOF. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t block_size(char **a, int n, int idx)
{
    return (size_t)(n > idx ? parse_int(a[idx], "BS_KIB", 1, 1 << 20) : 1024) * 1024;
}

int cmd_write(char **a, int n)
{
    int64_t mib = parse_int(a[1], "MIB", 0, 1 << 24);
    size_t bs = block_size(a, n, 2);
    uint64_t total = (uint64_t)mib << 20, done = 0;
    char *buf = malloc(bs);
    if (!buf)
        fatal("write buffer", ENOMEM);
    for (size_t i = 0; i < bs; i++)
        buf[i] = (char)(i * 31 + 7); /* not zeros: some filesystems special-case them */

    int64_t t0 = clock_ns(CLOCK_MONOTONIC), t1 = t0;
    int err = 0;
    int fd = open(a[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        err = errno;
    while (!err && done < total) {
        size_t chunk = total - done < bs ? (size_t)(total - done) : bs;
        ssize_t w = write(fd, buf, chunk);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            err = errno; /* ENOSPC, EDQUOT, EFBIG: the limit is the observation */
        else
            done += (size_t)w;
    }
    t1 = clock_ns(CLOCK_MONOTONIC);
    if (fd >= 0 && !err && fsync(fd) != 0)
        err = errno;
    int64_t t2 = clock_ns(CLOCK_MONOTONIC);
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno;

    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(err);
    jf_uint("bytes", done);
    jf_int("bs_kib", (int64_t)(bs / 1024));
    jf_int("write_ns", t1 - t0);
    jf_int("fsync_ns", t2 - t1);
    jf_int("ns", t2 - t0);
    json_end_object();
    json_finish();
    free(buf);
    return 0;
}

int cmd_read(char **a, int n)
{
    size_t bs = block_size(a, n, 1);
    char *buf = malloc(bs);
    if (!buf)
        fatal("read buffer", ENOMEM);
    uint64_t done = 0;
    int err = 0;
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    int fd = open(a[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        err = errno;
    while (!err) {
        ssize_t r = read(fd, buf, bs);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            err = errno;
        if (r <= 0)
            break;
        done += (size_t)r;
    }
    int64_t t1 = clock_ns(CLOCK_MONOTONIC);
    if (fd >= 0)
        close(fd);

    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(err);
    jf_uint("bytes", done);
    jf_int("bs_kib", (int64_t)(bs / 1024));
    jf_int("ns", t1 - t0);
    json_end_object();
    json_finish();
    free(buf);
    return 0;
}
