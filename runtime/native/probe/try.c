/* try.c — `probe try ACTION ARGS...`: attempt one privileged or cross-boundary
 * operation and report how the kernel answered.
 *
 * Output: {"action","args":[...],"ok","errno","error", ...action data}.
 * The errno IS the evidence a check reads (EPERM, ESRCH, ECONNREFUSED...), so
 * a failed attempt exits 0; only a malformed command line exits 2.
 * The action tables live in try-*.c, one file per concern. */
#include "probe.h"

#include <stdio.h>

static const struct command *const tables[] = {
    try_fs_actions, try_ipc_actions, try_net_actions, try_proc_actions, try_escape_actions,
};
#define NTABLES (sizeof tables / sizeof tables[0])

static int emitted;

/* End the object and write it now. Long-running actions (listen-*) call this
 * before they block so the caller can use the line as a readiness sentinel. */
void try_emit(void)
{
    if (emitted)
        return;
    json_end_object();
    json_finish();
    emitted = 1;
}

static void list_actions(void)
{
    for (size_t i = 0; i < NTABLES; i++)
        list_commands(tables[i], "try ");
}

int cmd_try(char **a, int n)
{
    const struct command *action = NULL;
    for (size_t i = 0; i < NTABLES && !action; i++)
        action = find_command(tables[i], a[0]);
    if (!action) {
        fprintf(stderr, "probe: unknown try action \"%s\"\nactions:\n", a[0]);
        list_actions();
        return 2;
    }
    current_prefix = "try ";

    json_begin_object();
    jf_str("action", a[0]);
    json_key("args");
    json_begin_array();
    for (int i = 1; i < n; i++)
        json_string(a[i]);
    json_end_array();

    /* The action adds "ok"/"errno"/"error" and its own fields, or calls
     * usage_fail (exit 2) before anything was written to stdout. */
    int rc = invoke_command(action, a + 1, n - 1);
    try_emit();
    return rc;
}
