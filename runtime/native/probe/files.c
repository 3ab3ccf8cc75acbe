/* files.c — `probe cat`, `ls`, `stat`: what a path looks like from inside.
 * A missing or unreadable path is an observation (ok:false + errno), not a
 * probe failure. lstat is used throughout so symlinks are reported as such. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAT_MAX (1u << 20)

int cmd_cat(char **a, int n)
{
    (void)n;
    size_t len = 0;
    int trunc = 0;
    char *text = read_file(a[0], CAT_MAX, &len, &trunc);
    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(text ? 0 : errno);
    json_key("content");
    if (text)
        json_string_n(text, len); /* invalid UTF-8 bytes become U+FFFD */
    else
        json_null();
    jf_int("bytes", (int64_t)len);
    jf_bool("truncated", trunc);
    json_end_object();
    json_finish();
    free(text);
    return 0;
}

static void jf_link_target(int dirfd, const char *name, const struct stat *st)
{
    if (!S_ISLNK(st->st_mode))
        return;
    char target[PATH_MAX];
    ssize_t r = readlinkat(dirfd, name, target, sizeof target);
    json_key("link_target");
    if (r < 0)
        json_null();
    else
        json_string_n(target, (size_t)r);
}

struct entry {
    char *name;
    struct stat st;
    int err;
};

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int cmd_ls(char **a, int n)
{
    (void)n;
    DIR *d = opendir(a[0]);
    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(d ? 0 : errno);
    json_key("entries");
    if (!d) {
        json_null();
        json_end_object();
        json_finish();
        return 0;
    }
    struct entry *es = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 64;
            es = realloc(es, cap * sizeof *es);
            if (!es)
                fatal("ls", ENOMEM);
        }
        es[cnt].name = strdup(de->d_name);
        if (!es[cnt].name)
            fatal("ls", ENOMEM);
        es[cnt].err = fstatat(dirfd(d), de->d_name, &es[cnt].st, AT_SYMLINK_NOFOLLOW) ? errno : 0;
        cnt++;
    }
    qsort(es, cnt, sizeof *es, cmp_entry);
    json_begin_array();
    for (size_t i = 0; i < cnt; i++) {
        json_begin_object();
        jf_str("name", es[i].name);
        if (es[i].err) /* entry vanished or is hidden by permissions */
            jf_errno(es[i].err);
        else {
            json_stat_fields(&es[i].st);
            jf_link_target(dirfd(d), es[i].name, &es[i].st);
        }
        json_end_object();
        free(es[i].name);
    }
    json_end_array();
    json_end_object();
    json_finish();
    closedir(d);
    free(es);
    return 0;
}

int cmd_stat(char **a, int n)
{
    (void)n;
    struct stat st;
    int err = lstat(a[0], &st) ? errno : 0;
    json_begin_object();
    jf_str("path", a[0]);
    jf_errno(err);
    if (!err) {
        json_stat_fields(&st);
        jf_link_target(AT_FDCWD, a[0], &st);
    }
    json_end_object();
    json_finish();
    return 0;
}
