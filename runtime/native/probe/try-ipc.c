/* try-ipc.c — IPC reachability: SysV shm/msg/sem and POSIX mqueues (isolated
 * by the IPC namespace), and AF_UNIX sockets. Abstract unix sockets belong to
 * the NETWORK namespace, not the mount namespace: a container sharing the host
 * network can reach host abstract sockets even with a private filesystem. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Attach to an existing object by key: no IPC_CREAT, so success means the
 * object the other side created is visible from here. */
static void report_ipc_id(int id, long key)
{
    jf_errno(id < 0 ? errno : 0);
    jf_uint("key", (uint32_t)key); /* as ipcs prints it (0x... unsigned) */
    if (id >= 0)
        jf_int("id", id);
}

static int try_shmget(char **a, int n)
{
    (void)n;
    long key = parse_ipc_key(a[0]);
    report_ipc_id(shmget((key_t)key, 0, 0), key);
    return 0;
}

static int try_msgget(char **a, int n)
{
    (void)n;
    long key = parse_ipc_key(a[0]);
    report_ipc_id(msgget((key_t)key, 0), key);
    return 0;
}

static int try_semget(char **a, int n)
{
    (void)n;
    long key = parse_ipc_key(a[0]);
    report_ipc_id(semget((key_t)key, 0, 0), key);
    return 0;
}

static int try_mq_open(char **a, int n)
{
    (void)n;
    char name[256];
    /* mq names are "/name"; accept "name" too */
    snprintf(name, sizeof name, "%s%s", a[0][0] == '/' ? "" : "/", a[0]);
    mqd_t q = mq_open(name, O_RDONLY);
    jf_errno(q == (mqd_t)-1 ? errno : 0);
    jf_str("name", name);
    if (q != (mqd_t)-1)
        mq_close(q);
    return 0;
}

/* Connect a stream socket; if the peer is a datagram socket, retry as one. */
static int connect_unix(const struct sockaddr_un *addr, socklen_t len)
{
    int types[] = { SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM };
    int err = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        int fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return errno;
        err = connect(fd, (const struct sockaddr *)addr, len) == 0 ? 0 : errno;
        close(fd);
        if (err != EPROTOTYPE)
            break;
    }
    return err;
}

static int try_connect_abstract(char **a, int n)
{
    (void)n;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    size_t nlen = strlen(a[0]);
    if (nlen > sizeof addr.sun_path - 1)
        usage_fail("abstract name longer than %zu bytes", sizeof addr.sun_path - 1);
    addr.sun_path[0] = 0; /* abstract: leading NUL, no filesystem entry */
    memcpy(addr.sun_path + 1, a[0], nlen);
    jf_errno(connect_unix(&addr, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + nlen)));
    return 0;
}

static int try_connect_unix(char **a, int n)
{
    (void)n;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(a[0]) >= sizeof addr.sun_path)
        usage_fail("socket path longer than %zu bytes", sizeof addr.sun_path - 1);
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", a[0]);
    jf_errno(connect_unix(&addr, sizeof addr));
    return 0;
}

const struct command try_ipc_actions[] = {
    { "shmget", 1, 1, try_shmget, "KEY" },
    { "msgget", 1, 1, try_msgget, "KEY" },
    { "semget", 1, 1, try_semget, "KEY" },
    { "mq_open", 1, 1, try_mq_open, "NAME" },
    { "connect-abstract", 1, 1, try_connect_abstract, "NAME" },
    { "connect-unix", 1, 1, try_connect_unix, "PATH" },
    { NULL, 0, 0, NULL, NULL },
};
