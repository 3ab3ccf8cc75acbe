/* try-fs.c — filesystem attempts: open, create, mkdir, unlink, rmdir, rename,
 * write, chown, mknod, sysctl-write, mount, umount.
 * They answer "can the container touch this path?" — read-only rootfs,
 * masked /proc paths, device cgroup, idmapped ownership, mount permission.
 * Whatever an attempt creates stays: the caller owns cleanup. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int result(int rc) { return rc == 0 ? 0 : errno; }

static int try_open(char **a, int n)
{
    const char *mode = n > 1 ? a[1] : "r";
    int flags;
    if (strcmp(mode, "r") == 0)
        flags = O_RDONLY;
    else if (strcmp(mode, "w") == 0)
        flags = O_WRONLY;
    else if (strcmp(mode, "rw") == 0)
        flags = O_RDWR;
    else
        usage_fail("mode must be r, w or rw, got \"%s\"", mode);
    /* O_NONBLOCK: opening a FIFO or a tty must not hang the probe. */
    int fd = open(a[0], flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    jf_errno(fd < 0 ? errno : 0);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) {
        jf_str("type", file_type_name(st.st_mode));
        jf_uint("dev", (uint64_t)st.st_dev);
        jf_uint("ino", (uint64_t)st.st_ino);
    }
    if (fd >= 0)
        close(fd);
    return 0;
}

static int try_create(char **a, int n)
{
    (void)n;
    int fd = open(a[0], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    jf_errno(fd < 0 ? errno : 0);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) {
        /* owner as seen inside: with a user namespace, the mapped ids */
        jf_int("uid", st.st_uid);
        jf_int("gid", st.st_gid);
    }
    if (fd >= 0)
        close(fd);
    return 0;
}

static int try_mkdir(char **a, int n) { (void)n; jf_errno(result(mkdir(a[0], 0755))); return 0; }
static int try_unlink(char **a, int n) { (void)n; jf_errno(result(unlink(a[0]))); return 0; }
static int try_rmdir(char **a, int n) { (void)n; jf_errno(result(rmdir(a[0]))); return 0; }
static int try_rename(char **a, int n) { (void)n; jf_errno(result(rename(a[0], a[1]))); return 0; }

static int write_all(int fd, const char *s, size_t len, size_t *written)
{
    *written = 0;
    while (*written < len) {
        ssize_t w = write(fd, s + *written, len - *written);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        *written += (size_t)w;
    }
    return 0;
}

static int try_write(char **a, int n)
{
    (void)n;
    size_t written = 0;
    int fd = open(a[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = fd < 0 ? errno : write_all(fd, a[1], strlen(a[1]), &written);
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno; /* NFS/overlay may report a write error only at close */
    jf_errno(err);
    jf_int("bytes", (int64_t)written);
    return 0;
}

static int try_chown(char **a, int n)
{
    (void)n;
    uid_t uid = (uid_t)parse_int(a[1], "UID", -1, UINT32_MAX);
    gid_t gid = (gid_t)parse_int(a[2], "GID", -1, UINT32_MAX);
    jf_errno(result(chown(a[0], uid, gid)));
    return 0;
}

static int try_mknod(char **a, int n)
{
    (void)n;
    /* char 1:3 is /dev/null: harmless if it works, and the device cgroup
     * (or a user namespace) is what must refuse it. */
    jf_errno(result(mknod(a[0], S_IFCHR | 0666, makedev(1, 3))));
    return 0;
}

static int try_sysctl_write(char **a, int n)
{
    (void)n;
    char path[PATH_MAX];
    if (a[0][0] == '/')
        snprintf(path, sizeof path, "%s", a[0]);
    else { /* "net.ipv4.ip_forward" -> /proc/sys/net/ipv4/ip_forward */
        snprintf(path, sizeof path, "/proc/sys/%s", a[0]);
        for (char *p = path + strlen("/proc/sys/"); *p; p++)
            if (*p == '.')
                *p = '/';
    }
    size_t written = 0;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int err = fd < 0 ? errno : write_all(fd, a[1], strlen(a[1]), &written);
    if (fd >= 0)
        close(fd);
    jf_errno(err);
    jf_str("path", path);
    return 0;
}

/* OPTIONS words that name mount flags become flags (so "bind" and "remount,ro"
 * can be attempted); everything else is passed to the filesystem as data. */
static const struct {
    const char *word;
    unsigned long flag;
} mount_words[] = {
    { "bind", MS_BIND }, { "rbind", MS_BIND | MS_REC }, { "ro", MS_RDONLY },
    { "remount", MS_REMOUNT }, { "nosuid", MS_NOSUID }, { "nodev", MS_NODEV },
    { "noexec", MS_NOEXEC }, { "private", MS_PRIVATE }, { "shared", MS_SHARED },
    { "slave", MS_SLAVE }, { "rec", MS_REC }, { "move", MS_MOVE },
};

static int try_mount(char **a, int n)
{
    unsigned long flags = 0;
    char data[4096] = "", opts[4096];
    snprintf(opts, sizeof opts, "%s", n > 3 ? a[3] : "");
    char *save = NULL;
    for (char *w = strtok_r(opts, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        size_t i, nw = sizeof mount_words / sizeof mount_words[0];
        for (i = 0; i < nw && strcmp(mount_words[i].word, w) != 0; i++)
            ;
        if (i < nw)
            flags |= mount_words[i].flag;
        else {
            size_t used = strlen(data);
            snprintf(data + used, sizeof data - used, "%s%s", used ? "," : "", w);
        }
    }
    const char *src = strcmp(a[0], "none") == 0 ? NULL : a[0];
    const char *fstype = strcmp(a[2], "none") == 0 ? NULL : a[2];
    jf_errno(result(mount(src, a[1], fstype, flags, data[0] ? data : NULL)));
    jf_uint("flags", flags);
    jf_str("data", data);
    return 0;
}

static int try_umount(char **a, int n) { (void)n; jf_errno(result(umount2(a[0], 0))); return 0; }

const struct command try_fs_actions[] = {
    { "open", 1, 2, try_open, "PATH [r|w|rw]" },
    { "create", 1, 1, try_create, "PATH" },
    { "mkdir", 1, 1, try_mkdir, "PATH" },
    { "unlink", 1, 1, try_unlink, "PATH" },
    { "rmdir", 1, 1, try_rmdir, "PATH" },
    { "rename", 2, 2, try_rename, "FROM TO" },
    { "write", 2, 2, try_write, "PATH TEXT" },
    { "chown", 3, 3, try_chown, "PATH UID GID" },
    { "mknod", 1, 1, try_mknod, "PATH" },
    { "sysctl-write", 2, 2, try_sysctl_write, "PATH|NAME VALUE" },
    { "mount", 3, 4, try_mount, "SOURCE TARGET FSTYPE [OPTIONS]" },
    { "umount", 1, 1, try_umount, "TARGET" },
    { NULL, 0, 0, NULL, NULL },
};
