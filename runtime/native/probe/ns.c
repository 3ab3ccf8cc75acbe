/* ns.c — `probe ns` and `probe nsids`: which namespaces this process is in.
 *
 * Two processes share a namespace exactly when the (dev, ino) of their
 * /proc/PID/ns/TYPE files match; the readlink text "pid:[4026532201]" carries
 * the inode only, which is enough within one host and easy to read. */
#include "probe.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const ns_types[] = {
    "pid", "mnt", "uts", "ipc", "net", "user", "cgroup", "time", NULL,
};

/* nsids also reports the namespaces that children will get (after unshare). */
static const char *const ns_types_children[] = {
    "pid_for_children", "time_for_children", NULL,
};

int cmd_ns(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    for (const char *const *t = ns_types; *t; t++) {
        char path[64], target[PATH_MAX];
        snprintf(path, sizeof path, "/proc/self/ns/%s", *t);
        ssize_t r = readlink(path, target, sizeof target - 1);
        json_key(*t);
        if (r < 0)
            json_null(); /* kernel without this namespace type, or no /proc */
        else
            json_string_n(target, (size_t)r);
    }
    json_end_object();
    json_finish();
    return 0;
}

static void json_ns_id(const char *type)
{
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/self/ns/%s", type);
    json_key(type);
    if (stat(path, &st) != 0) {
        json_null();
        return;
    }
    json_begin_object();
    jf_uint("dev", (uint64_t)st.st_dev);
    jf_uint("ino", (uint64_t)st.st_ino);
    json_end_object();
}

int cmd_nsids(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    for (const char *const *t = ns_types; *t; t++)
        json_ns_id(*t);
    for (const char *const *t = ns_types_children; *t; t++)
        json_ns_id(*t);
    json_end_object();
    json_finish();
    return 0;
}
