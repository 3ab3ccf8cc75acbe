/* try-net.c — TCP reachability and the listening sentinels.
 *
 * connect-tcp answers "can the container reach a port on the host's loopback?"
 * (it can only when it shares the host network namespace). The listeners are
 * the other side of such checks: they print their JSON line as soon as they
 * listen, then accept-and-close until SECONDS have passed, printing nothing
 * more. Only 127.0.0.0/8 is accepted: this project may send traffic to
 * loopback only, and a typo must not reach the outside. */
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 1000

static struct sockaddr_in loopback_addr(const char *host, const char *port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET };
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
        usage_fail("HOST must be an IPv4 literal (no DNS), got \"%s\"", host);
    if (((const unsigned char *)&sin.sin_addr)[0] != 127)
        usage_fail("HOST must be in 127.0.0.0/8 (loopback only), got \"%s\"", host);
    sin.sin_port = htons((uint16_t)parse_int(port, "PORT", 0, 65535));
    return sin;
}

static int try_connect_tcp(char **a, int n)
{
    (void)n;
    struct sockaddr_in sin = loopback_addr(a[0], a[1]);
    if (sin.sin_port == 0)
        usage_fail("PORT must be 1..65535");
    int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    int err = 0;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        err = errno;
    else if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            int r;
            while ((r = poll(&p, 1, CONNECT_TIMEOUT_MS)) < 0 && errno == EINTR)
                ;
            socklen_t elen = sizeof err;
            if (r == 0)
                err = ETIMEDOUT; /* e.g. a firewall dropping SYNs */
            else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
                err = errno;
        }
    }
    if (fd >= 0)
        close(fd);
    jf_errno(err);
    jf_int("elapsed_ns", clock_ns(CLOCK_MONOTONIC) - t0);
    return 0;
}

/* Accept and close connections until the deadline; print nothing. */
static void serve(int fd, double seconds)
{
    int64_t deadline = clock_ns(CLOCK_MONOTONIC) + (int64_t)(seconds * 1e9);
    for (;;) {
        int64_t left = deadline - clock_ns(CLOCK_MONOTONIC);
        if (left <= 0)
            break;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ms = (int)((left + 999999) / 1000000);
        if (poll(&p, 1, ms) > 0) {
            int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
            if (c >= 0)
                close(c);
        }
    }
    close(fd);
}

/* Bind + listen, report, and serve if listening. */
static int listen_and_serve(int fd, const struct sockaddr *addr, socklen_t len, double seconds)
{
    int err = 0;
    if (fd < 0)
        err = errno;
    else if (bind(fd, addr, len) != 0 || listen(fd, 64) != 0)
        err = errno;
    jf_errno(err);
    jf_bool("listening", err == 0);
    if (!err && addr->sa_family == AF_INET) {
        struct sockaddr_in bound;
        socklen_t blen = sizeof bound;
        if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0)
            jf_int("port", ntohs(bound.sin_port)); /* the real port when 0 was asked */
    }
    jf_int("pid", getpid());
    try_emit(); /* the readiness sentinel: written before we block */
    if (!err)
        serve(fd, seconds);
    else if (fd >= 0)
        close(fd);
    return 0;
}

static int try_listen_tcp(char **a, int n)
{
    (void)n;
    struct sockaddr_in sin = loopback_addr(a[0], a[1]);
    double seconds = parse_seconds(a[2], "SECONDS");
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    return listen_and_serve(fd, (struct sockaddr *)&sin, sizeof sin, seconds);
}

static int try_listen_abstract(char **a, int n)
{
    (void)n;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    size_t nlen = strlen(a[0]);
    if (nlen > sizeof addr.sun_path - 1)
        usage_fail("abstract name longer than %zu bytes", sizeof addr.sun_path - 1);
    memcpy(addr.sun_path + 1, a[0], nlen); /* sun_path[0] stays NUL: abstract */
    double seconds = parse_seconds(a[1], "SECONDS");
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    return listen_and_serve(fd, (struct sockaddr *)&addr,
                            (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + nlen),
                            seconds);
}

const struct command try_net_actions[] = {
    { "connect-tcp", 2, 2, try_connect_tcp, "127.X.Y.Z PORT" },
    { "listen-tcp", 3, 3, try_listen_tcp, "127.X.Y.Z PORT SECONDS" },
    { "listen-abstract", 2, 2, try_listen_abstract, "NAME SECONDS" },
    { NULL, 0, 0, NULL, NULL },
};
