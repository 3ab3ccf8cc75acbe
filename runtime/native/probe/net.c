/* net.c — `probe net`: the interfaces this network namespace holds.
 * A fresh network namespace has only "lo", and it is down until someone
 * brings it up. if_nameindex and getifaddrs use netlink, so they work in a
 * static binary without NSS or /sys. */
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int prefix_len(const struct sockaddr *mask)
{
    const unsigned char *b;
    size_t n;
    if (!mask)
        return -1;
    if (mask->sa_family == AF_INET) {
        b = (const unsigned char *)&((const struct sockaddr_in *)mask)->sin_addr;
        n = 4;
    } else if (mask->sa_family == AF_INET6) {
        b = (const unsigned char *)&((const struct sockaddr_in6 *)mask)->sin6_addr;
        n = 16;
    } else
        return -1;
    int bits = 0;
    for (size_t i = 0; i < n; i++)
        bits += __builtin_popcount(b[i]);
    return bits;
}

/* "127.0.0.1/8", "::1/128" for each address on the interface `name`. */
static void json_addresses(struct ifaddrs *all, const char *name)
{
    json_begin_array();
    for (struct ifaddrs *ifa = all; ifa; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || strcmp(ifa->ifa_name, name) != 0)
            continue;
        int fam = ifa->ifa_addr->sa_family;
        const void *addr;
        if (fam == AF_INET)
            addr = &((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
        else if (fam == AF_INET6)
            addr = &((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
        else
            continue; /* AF_PACKET link-layer entries */
        char ip[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 16];
        if (!inet_ntop(fam, addr, ip, sizeof ip))
            continue;
        int plen = prefix_len(ifa->ifa_netmask);
        if (plen >= 0)
            snprintf(text, sizeof text, "%s/%d", ip, plen);
        else
            snprintf(text, sizeof text, "%s", ip);
        json_string(text);
    }
    json_end_array();
}

int cmd_net(char **a, int n)
{
    (void)a, (void)n;
    struct if_nameindex *ifs = if_nameindex();
    json_begin_object();
    jf_errno(ifs ? 0 : errno);
    json_key("interfaces");
    if (!ifs) {
        json_null();
        json_end_object();
        json_finish();
        return 0;
    }
    struct ifaddrs *addrs = NULL;
    if (getifaddrs(&addrs) != 0)
        addrs = NULL;
    /* Interface ioctls work on any socket; AF_UNIX if AF_INET is filtered. */
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    json_begin_array();
    for (struct if_nameindex *i = ifs; i->if_index; i++) {
        struct ifreq req;
        memset(&req, 0, sizeof req);
        snprintf(req.ifr_name, sizeof req.ifr_name, "%s", i->if_name);
        int have_flags = sock >= 0 && ioctl(sock, SIOCGIFFLAGS, &req) == 0;
        int flags = req.ifr_flags;
        json_begin_object();
        jf_str("name", i->if_name);
        jf_int("index", i->if_index);
        if (have_flags) {
            jf_bool("up", flags & IFF_UP);
            jf_bool("loopback", flags & IFF_LOOPBACK);
        } else {
            jf_null("up");
            jf_null("loopback");
        }
        memset(&req.ifr_ifru, 0, sizeof req.ifr_ifru);
        if (sock >= 0 && ioctl(sock, SIOCGIFMTU, &req) == 0)
            jf_int("mtu", req.ifr_mtu);
        else
            jf_null("mtu");
        json_key("addresses");
        json_addresses(addrs, i->if_name);
        json_end_object();
    }
    json_end_array();
    json_end_object();
    json_finish();
    if (sock >= 0)
        close(sock);
    if (addrs)
        freeifaddrs(addrs);
    if_freenameindex(ifs);
    return 0;
}
