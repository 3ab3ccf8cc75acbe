/* main.c — entry point and subcommand table of the in-container probe.
 *
 * The probe runs inside containers built from any rootfs, so it is static and
 * needs no files besides /proc. Each subcommand prints one JSON object on stdout
 * and exits 0 when the probe did its job (an attempt that failed with an errno
 * is a success: the errno is the observation). Usage errors exit 2. */
#include "probe.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t entry_monotonic_ns;
const struct command *current_command;
const char *current_prefix = "";

static const struct command commands[] = {
    /* observations */
    { "ns", 0, 0, cmd_ns, "" },
    { "nsids", 0, 0, cmd_nsids, "" },
    { "self", 0, 0, cmd_self, "" },
    { "ps", 0, 0, cmd_ps, "" },
    { "net", 0, 0, cmd_net, "" },
    { "mounts", 0, 0, cmd_mounts, "" },
    { "fds", 0, 0, cmd_fds, "" },
    { "cgroup", 0, 0, cmd_cgroup, "" },
    { "clock", 0, 0, cmd_clock, "" },
    { "stamp", 0, 0, cmd_stamp, "" },
    { "cat", 1, 1, cmd_cat, "PATH" },
    { "ls", 1, 1, cmd_ls, "PATH" },
    { "stat", 1, 1, cmd_stat, "PATH" },
    /* attempts */
    { "try", 1, -1, cmd_try, "ACTION ARGS..." },
    /* workloads */
    { "exit", 0, 1, cmd_exit, "[CODE]" },
    { "true", 0, 0, cmd_true, "" },
    { "sleep", 1, 1, cmd_sleep, "SECONDS" },
    { "pause", 0, 0, cmd_pause, "" },
    { "signal", 1, 1, cmd_signal, "SIG" },
    { "exec", 1, -1, cmd_exec, "PATH [ARGS...]" },
    { "fork", 1, 2, cmd_fork, "N [HOLD_SECONDS]" },
    { "daemon", 1, 1, cmd_daemon, "SECONDS" },
    { "alloc", 1, 2, cmd_alloc, "MIB [HOLD_SECONDS]" },
    { "spin", 2, 2, cmd_spin, "THREADS SECONDS" },
    { "burst", 3, 3, cmd_burst, "PERIOD_US BURST_US COUNT" },
    { "write", 2, 3, cmd_write, "PATH MIB [BS_KIB]" },
    { "read", 1, 2, cmd_read, "PATH [BS_KIB]" },
    { "files", 3, 3, cmd_files, "DIR COUNT SIZE_BYTES" },
    { "files-stat", 1, 1, cmd_files_stat, "DIR" },
    { "files-rm", 1, 1, cmd_files_rm, "DIR" },
    { NULL, 0, 0, NULL, NULL },
};

void list_commands(const struct command *table, const char *prefix)
{
    for (const struct command *c = table; c->name; c++)
        fprintf(stderr, "  probe %s%s %s\n", prefix, c->name, c->usage);
}

const struct command *find_command(const struct command *table, const char *name)
{
    for (const struct command *c = table; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* Check the argument count and run c; args are the words after its name. */
int invoke_command(const struct command *c, char **args, int nargs)
{
    current_command = c;
    if (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args))
        usage_fail("%s: wrong number of arguments (%d)", c->name, nargs);
    return c->run(args, nargs);
}

int main(int argc, char **argv)
{
    /* First instruction: start-to-first-instruction benchmarks read this. */
    struct timespec entry;
    clock_gettime(CLOCK_MONOTONIC, &entry);
    entry_monotonic_ns = (int64_t)entry.tv_sec * 1000000000LL + entry.tv_nsec;

    const struct command *c = argc > 1 ? find_command(commands, argv[1]) : NULL;
    if (!c) {
        if (argc > 1)
            fprintf(stderr, "probe: unknown subcommand \"%s\"\n", argv[1]);
        fputs("usage: probe SUBCOMMAND ARGS...; each prints one JSON object\n", stderr);
        list_commands(commands, "");
        return 2;
    }
    return invoke_command(c, argv + 2, argc - 2);
}
