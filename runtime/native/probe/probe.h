/* probe.h — shared declarations of the in-container probe.
 *
 * The probe is one static binary with many subcommands. Each subcommand prints
 * exactly one JSON object (built in memory by json.c, written with one write(2)
 * at the end) so a usage error half-way through never leaks a partial object. */
#ifndef ISOLAB_PROBE_H
#define ISOLAB_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

/* A subcommand (or a `try` action): args are the words after its name. */
struct command {
    const char *name;
    int min_args;
    int max_args; /* -1: unbounded */
    int (*run)(char **args, int nargs);
    const char *usage;
};

/* ---- main.c ---- */
extern int64_t entry_monotonic_ns; /* CLOCK_MONOTONIC read first thing in main() */
extern const struct command *current_command;
extern const char *current_prefix; /* "try " while running a try action */
const struct command *find_command(const struct command *table, const char *name);
int invoke_command(const struct command *c, char **args, int nargs);
void list_commands(const struct command *table, const char *prefix);

/* ---- json.c: one object per run, escaped, buffered ---- */
void json_begin_object(void);
void json_end_object(void);
void json_begin_array(void);
void json_end_array(void);
void json_key(const char *key);
void json_string(const char *s);            /* NULL -> null */
void json_string_n(const char *s, size_t n); /* bytes, may contain NUL */
void json_int(int64_t v);
void json_uint(uint64_t v);
void json_double(double v);
void json_bool(int v);
void json_null(void);
void json_finish(void); /* newline + write everything to stdout */
/* key/value shorthands */
void jf_str(const char *key, const char *v);
void jf_int(const char *key, int64_t v);
void jf_uint(const char *key, uint64_t v);
void jf_double(const char *key, double v);
void jf_bool(const char *key, int v);
void jf_null(const char *key);
void jf_errno(int err); /* "ok","errno","error" for an attempt's result */

/* ---- util.c ---- */
_Noreturn void usage_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void fatal(const char *what, int err);
const char *errno_name(int err); /* "ENOENT", or "E<num>" in a static buffer */
int64_t parse_int(const char *s, const char *what, int64_t min, int64_t max);
long parse_ipc_key(const char *s);
double parse_seconds(const char *s, const char *what);
int parse_signal(const char *s);
int64_t clock_ns(clockid_t clk);
void sleep_ns(int64_t ns);
/* Read up to max bytes of a file; returns malloc'd NUL-terminated buffer or NULL
 * with errno set. *len gets the byte count; *truncated is set if more remained. */
char *read_file(const char *path, size_t max, size_t *len, int *truncated);
/* First line of /proc/self/status starting with `field:`, value trimmed. */
int status_field(const char *field, char *out, size_t outlen);
int cmp_strings(const void *a, const void *b);

/* ---- file-info.c ---- */
const char *file_type_name(mode_t mode);
void json_stat_fields(const struct stat *st); /* type, mode, uid, gid, size, rdev, dev, ino */
void json_dir_names(const char *path);        /* sorted array of names, or null */

/* ---- subcommands (observations) ---- */
int cmd_ns(char **a, int n);
int cmd_nsids(char **a, int n);
int cmd_self(char **a, int n);
int cmd_cgroup(char **a, int n);
int cmd_clock(char **a, int n);
int cmd_stamp(char **a, int n);
void json_cgroup_list(void);
int cmd_ps(char **a, int n);
int cmd_fds(char **a, int n);
int cmd_mounts(char **a, int n);
int cmd_net(char **a, int n);
int cmd_cat(char **a, int n);
int cmd_ls(char **a, int n);
int cmd_stat(char **a, int n);

/* ---- try.c and the try-*.c action files ---- */
int cmd_try(char **a, int n);
void try_emit(void); /* end and print the try object now (before blocking) */
extern const struct command try_fs_actions[];
extern const struct command try_ipc_actions[];
extern const struct command try_net_actions[];
extern const struct command try_proc_actions[];
extern const struct command try_escape_actions[];

/* ---- workloads ---- */
int cmd_exit(char **a, int n);
int cmd_true(char **a, int n);
int cmd_sleep(char **a, int n);
int cmd_pause(char **a, int n);
int cmd_signal(char **a, int n);
int cmd_exec(char **a, int n);
int cmd_fork(char **a, int n);
int cmd_daemon(char **a, int n);
int cmd_alloc(char **a, int n);
int cmd_spin(char **a, int n);
int cmd_burst(char **a, int n);
int cmd_write(char **a, int n);
int cmd_read(char **a, int n);
int cmd_files(char **a, int n);
int cmd_files_stat(char **a, int n);
int cmd_files_rm(char **a, int n);

#endif
