/*
 * sys-ifreq.c: the network interface requests on a socket (glibc's
 * if_nametoindex is SIOCGIFINDEX, if_indextoname SIOCGIFNAME).  struct
 * ifreq is a 16-byte name and a union read or written as the request
 * says: an int, a short of flags, or a sockaddr whose family is in the
 * guest's byte order.  The request numbers are the same on every Linux
 * architecture; only the first 16 bytes of the union are used, which
 * holds every member these requests touch.
 */
#include <errno.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include "linux-user/user.h"

enum { IFREQ_GUEST_SIZE = IFNAMSIZ + 16 };

typedef enum { INT_OUT, INT_IN_NAME_OUT, FLAGS_OUT, FLAGS_IN, ADDR_OUT } IfreqKind;

static const struct {
    uint32_t req;
    IfreqKind kind;
} ifreq_requests[] = {
    { SIOCGIFINDEX, INT_OUT },   { SIOCGIFMTU, INT_OUT },
    { SIOCGIFTXQLEN, INT_OUT },  { SIOCGIFMETRIC, INT_OUT },
    { SIOCGIFNAME, INT_IN_NAME_OUT },
    { SIOCGIFFLAGS, FLAGS_OUT }, { SIOCSIFFLAGS, FLAGS_IN },
    { SIOCGIFADDR, ADDR_OUT },   { SIOCGIFDSTADDR, ADDR_OUT },
    { SIOCGIFBRDADDR, ADDR_OUT }, { SIOCGIFNETMASK, ADDR_OUT },
    { SIOCGIFHWADDR, ADDR_OUT },
};

bool ifreq_ioctl(int fd, uint32_t req, abi_ulong addr, int64_t *ret)
{
    size_t i = 0, n = sizeof(ifreq_requests) / sizeof(ifreq_requests[0]);
    while (i < n && ifreq_requests[i].req != req) {
        i++;
    }
    if (i == n) {
        return false;
    }
    IfreqKind kind = ifreq_requests[i].kind;
    uint8_t g[IFREQ_GUEST_SIZE];
    if (copy_from_guest(g, addr, sizeof(g)) < 0) {
        *ret = -EFAULT;
        return true;
    }
    struct ifreq h;
    memset(&h, 0, sizeof(h));
    memcpy(h.ifr_name, g, IFNAMSIZ);
    int32_t v32;
    int16_t v16;
    memcpy(&v32, g + IFNAMSIZ, 4);
    memcpy(&v16, g + IFNAMSIZ, 2);
    if (kind == INT_IN_NAME_OUT) {
        h.ifr_ifindex = tget(v32);
    } else if (kind == FLAGS_IN) {
        h.ifr_flags = tget(v16);
    }
    if (ioctl(fd, req, &h) < 0) {
        *ret = -errno;
        return true;
    }
    switch (kind) {
    case INT_OUT:
        tput(v32, h.ifr_ifindex); /* ifindex, mtu, qlen, metric: one int */
        memcpy(g + IFNAMSIZ, &v32, 4);
        break;
    case INT_IN_NAME_OUT:
        memcpy(g, h.ifr_name, IFNAMSIZ);
        break;
    case FLAGS_OUT:
        tput(v16, h.ifr_flags);
        memcpy(g + IFNAMSIZ, &v16, 2);
        break;
    case ADDR_OUT:
        memcpy(g + IFNAMSIZ, &h.ifr_addr, sizeof(h.ifr_addr));
        tput(v16, h.ifr_addr.sa_family);
        memcpy(g + IFNAMSIZ, &v16, 2);
        break;
    case FLAGS_IN:
        *ret = 0;
        return true;
    }
    *ret = copy_to_guest(addr, g, sizeof(g));
    return true;
}
