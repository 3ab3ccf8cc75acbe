/* file-info.c — how the probe describes a file or a directory listing.
 * Shared by `ls`, `stat`, `cgroup` and the chroot escape attempt. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

const char *file_type_name(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return "file";
    case S_IFDIR: return "dir";
    case S_IFLNK: return "symlink";
    case S_IFCHR: return "chardev"; /* overlay whiteouts are chardev 0/0 */
    case S_IFBLK: return "blockdev";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "socket";
    default: return "unknown";
    }
}

void json_stat_fields(const struct stat *st)
{
    jf_str("type", file_type_name(st->st_mode));
    jf_int("mode", st->st_mode & 07777); /* permission bits incl. setuid/sticky */
    jf_int("uid", st->st_uid);
    jf_int("gid", st->st_gid);
    jf_int("size", st->st_size);
    jf_int("nlink", (int64_t)st->st_nlink);
    jf_int("rdev_major", major(st->st_rdev));
    jf_int("rdev_minor", minor(st->st_rdev));
    jf_uint("dev", (uint64_t)st->st_dev);
    jf_uint("ino", (uint64_t)st->st_ino);
}

/* Sorted names of a directory (no . and ..), or null if it cannot be read. */
void json_dir_names(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        json_null();
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                fatal("listing", ENOMEM);
            names = nn;
        }
        names[n] = strdup(e->d_name);
        if (!names[n])
            fatal("listing", ENOMEM);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_strings);
    json_begin_array();
    for (size_t i = 0; i < n; i++) {
        json_string(names[i]);
        free(names[i]);
    }
    json_end_array();
    free(names);
}
