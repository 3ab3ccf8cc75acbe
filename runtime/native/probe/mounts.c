/* mounts.c — `probe mounts`: the mount table as this mount namespace sees it.
 *
 * /proc/self/mountinfo line (proc(5)):
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   id parent maj:min root target options [optional fields...] - fstype source super
 * Paths escape space, tab, newline and backslash as \ooo octal. */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In place: "\040" -> ' '. Only the four escapes the kernel emits are octal. */
static char *unescape(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
            r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else
            *w++ = *r++;
    }
    *w = 0;
    return s;
}

static char *next_field(char **cursor)
{
    char *s = *cursor;
    if (!s)
        return NULL;
    char *sp = strchr(s, ' ');
    if (sp) {
        *sp = 0;
        *cursor = sp + 1;
    } else
        *cursor = NULL;
    return s;
}

static void json_mount_line(char *line)
{
    char *cur = line;
    char *id = next_field(&cur), *parent = next_field(&cur), *dev = next_field(&cur);
    char *root = next_field(&cur), *target = next_field(&cur), *opts = next_field(&cur);
    if (!opts)
        return; /* not a mountinfo line */
    /* optional fields ("shared:1 master:2") run until the lone "-" */
    char propagation[256] = "";
    char *f;
    while ((f = next_field(&cur)) && strcmp(f, "-") != 0) {
        size_t used = strlen(propagation);
        snprintf(propagation + used, sizeof propagation - used, "%s%s", used ? " " : "", f);
    }
    char *fstype = next_field(&cur), *source = next_field(&cur), *super = next_field(&cur);

    json_begin_object();
    jf_int("id", strtoll(id, NULL, 10));
    jf_int("parent", strtoll(parent, NULL, 10));
    jf_str("dev", dev);
    jf_str("root", unescape(root));
    jf_str("target", unescape(target));
    jf_str("fstype", fstype);
    jf_str("source", source ? unescape(source) : NULL);
    jf_str("options", opts);
    jf_str("super_options", super);
    jf_str("propagation", propagation);
    json_end_object();
}

int cmd_mounts(char **a, int n)
{
    (void)a, (void)n;
    size_t len;
    int trunc;
    /* Hosts with thousands of mounts exceed 1 MiB; read up to 64 MiB. */
    char *text = read_file("/proc/self/mountinfo", 64u << 20, &len, &trunc);
    json_begin_object();
    jf_errno(text ? 0 : errno); /* no /proc in the container is an observation */
    json_key("mounts");
    if (!text) {
        json_null();
        json_end_object();
        json_finish();
        return 0;
    }
    json_begin_array();
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        json_mount_line(line);
        line = nl ? nl + 1 : NULL;
    }
    json_end_array();
    json_end_object();
    json_finish();
    free(text);
    return 0;
}
