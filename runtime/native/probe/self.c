/* self.c — `probe self`, `cgroup`, `clock`, `stamp`: this process's identity
 * as the kernel presents it inside the container (ids, maps, caps, cgroup,
 * clocks). Each field is read independently; a missing source gives null. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

static void jf_file_text(const char *key, const char *path)
{
    size_t len;
    int trunc;
    char *text = read_file(path, 1 << 16, &len, &trunc);
    json_key(key);
    if (text)
        json_string_n(text, len);
    else
        json_null();
    free(text);
}

static void jf_status(const char *key, const char *field)
{
    char value[256];
    json_key(key);
    if (status_field(field, value, sizeof value) == 0)
        json_string(value);
    else
        json_null();
}

static void json_clocks(void)
{
    /* Time namespaces offset MONOTONIC and BOOTTIME but never REALTIME. */
    jf_int("monotonic_ns", clock_ns(CLOCK_MONOTONIC));
    jf_int("boottime_ns", clock_ns(CLOCK_BOOTTIME));
    jf_int("realtime_ns", clock_ns(CLOCK_REALTIME));
}

/* /proc/self/cgroup: "ID:CONTROLLERS:PATH" per line; PATH may contain ':'. */
void json_cgroup_list(void)
{
    size_t len;
    int trunc;
    char *text = read_file("/proc/self/cgroup", 1 << 16, &len, &trunc);
    if (!text) {
        json_null();
        return;
    }
    json_begin_array();
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (c2) {
            *c1 = *c2 = 0;
            json_begin_object();
            jf_int("id", strtoll(line, NULL, 10));
            jf_str("controllers", c1 + 1);
            jf_str("path", c2 + 1);
            json_end_object();
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    json_end_array();
    free(text);
}

int cmd_self(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    jf_int("entry_monotonic_ns", entry_monotonic_ns);
    jf_int("pid", getpid());
    jf_int("ppid", getppid());
    jf_int("uid", getuid());
    jf_int("gid", getgid());
    jf_int("euid", geteuid());
    jf_int("egid", getegid());

    int ng = getgroups(0, NULL);
    gid_t *groups = calloc(ng > 0 ? (size_t)ng : 1, sizeof *groups);
    ng = groups ? getgroups(ng, groups) : -1;
    json_key("groups");
    json_begin_array();
    for (int i = 0; i < ng; i++)
        json_int(groups[i]);
    json_end_array();
    free(groups);

    struct utsname u;
    int have_uts = uname(&u) == 0;
    jf_str("hostname", have_uts ? u.nodename : NULL);
    jf_str("domainname", have_uts ? u.domainname : NULL);

    char cwd[PATH_MAX];
    /* getcwd fails (ENOENT) or prefixes "(unreachable)" when cwd is outside root */
    jf_str("cwd", getcwd(cwd, sizeof cwd));

    jf_file_text("uid_map", "/proc/self/uid_map");
    jf_file_text("gid_map", "/proc/self/gid_map");

    size_t len;
    int trunc;
    char *sg = read_file("/proc/self/setgroups", 64, &len, &trunc);
    if (sg)
        sg[strcspn(sg, "\n")] = 0;
    jf_str("setgroups", sg);
    free(sg);

    json_key("cgroup");
    json_cgroup_list();

    jf_status("caps_eff", "CapEff");
    jf_status("caps_prm", "CapPrm");
    jf_status("caps_bnd", "CapBnd");
    int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    if (nnp < 0)
        jf_null("no_new_privs");
    else
        jf_int("no_new_privs", nnp);
    /* Seccomp mode from status: prctl(PR_GET_SECCOMP) would kill us in strict mode. */
    char seccomp[32];
    if (status_field("Seccomp", seccomp, sizeof seccomp) == 0)
        jf_int("seccomp", strtoll(seccomp, NULL, 10));
    else
        jf_null("seccomp");

    json_clocks();
    json_end_object();
    json_finish();
    return 0;
}

int cmd_cgroup(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    json_key("cgroup");
    json_cgroup_list();
    json_key("root_entries");
    json_dir_names("/sys/fs/cgroup");
    json_end_object();
    json_finish();
    return 0;
}

int cmd_clock(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    json_clocks();
    json_end_object();
    json_finish();
    return 0;
}

int cmd_stamp(char **a, int n)
{
    (void)a, (void)n;
    json_begin_object();
    jf_int("monotonic_ns", entry_monotonic_ns);
    jf_int("entry_monotonic_ns", entry_monotonic_ns);
    json_end_object();
    json_finish();
    return 0;
}
