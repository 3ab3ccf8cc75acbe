/* names.c — symbolic errno and signal names.
 *
 * Checks compare errors by name ("ESRCH"), not by number, so results read the
 * same everywhere and in reports. strerrorname_np exists in glibc >= 2.32 but
 * the table keeps the probe independent of the libc it was built against. */
#include "probe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define E(x) { x, #x }
static const struct {
    int num;
    const char *name;
} errnos[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
    E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
    E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
    E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ETXTBSY), E(EFBIG),
    E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(ERANGE),
    E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EOVERFLOW),
    E(ENOTSOCK), E(EPROTOTYPE), E(EAFNOSUPPORT), E(EADDRINUSE),
    E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ECONNRESET),
    E(EISCONN), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTUNREACH),
    E(EALREADY), E(EINPROGRESS), E(EDQUOT), E(ESTALE), E(EIDRM),
    E(ENOMSG), E(EOWNERDEAD), E(ENOTTY),
    /* EOPNOTSUPP == ENOTSUP on Linux; the first match wins. */
    E(EOPNOTSUPP), E(ENOTSUP),
};

const char *errno_name(int err)
{
    static char fallback[24];
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (errnos[i].num == err)
            return errnos[i].name;
    snprintf(fallback, sizeof fallback, "E%d", err);
    return fallback;
}

#define S(x) { x, #x + 3 }
static const struct {
    int num;
    const char *name; /* without the SIG prefix */
} signals[] = {
    S(SIGHUP), S(SIGINT), S(SIGQUIT), S(SIGILL), S(SIGTRAP), S(SIGABRT),
    S(SIGBUS), S(SIGFPE), S(SIGKILL), S(SIGUSR1), S(SIGSEGV), S(SIGUSR2),
    S(SIGPIPE), S(SIGALRM), S(SIGTERM), S(SIGCHLD), S(SIGCONT), S(SIGSTOP),
    S(SIGTSTP), S(SIGTTIN), S(SIGTTOU), S(SIGURG), S(SIGXCPU), S(SIGXFSZ),
    S(SIGVTALRM), S(SIGPROF), S(SIGWINCH), S(SIGIO), S(SIGSYS),
};

/* "TERM", "SIGTERM", "15" or "0" (the existence check of kill(2)). */
int parse_signal(const char *s)
{
    const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (strcasecmp(signals[i].name, name) == 0)
            return signals[i].num;
    return (int)parse_int(s, "signal", 0, 64);
}
