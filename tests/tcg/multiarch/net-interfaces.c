/* Network interfaces as ifconfig, if_nametoindex and CPython's socket and
 * uuid modules ask about them: index <-> name (SIOCGIFINDEX, SIOCGIFNAME),
 * the loopback interface's flags, hardware address family, MTU and
 * addresses (SIOCGIFFLAGS, SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFADDR,
 * SIOCGIFNETMASK) and the SIOCGIFCONF list.  Prints only what holds in
 * every network namespace: "lo" is index 1, and it has 127.0.0.1/8 when
 * it is up. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *ipv4(const struct sockaddr *sa)
{
    static char text[INET_ADDRSTRLEN + 16];
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    if (sa->sa_family != AF_INET) {
        snprintf(text, sizeof(text), "family %d", sa->sa_family);
        return text;
    }
    return inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
}

static int lo_request(int fd, unsigned long req, struct ifreq *r)
{
    memset(r, 0, sizeof(*r));
    strcpy(r->ifr_name, "lo");
    return ioctl(fd, req, r);
}

int main(void)
{
    printf("lo: %u\n", if_nametoindex("lo"));
    errno = 0;
    unsigned none = if_nametoindex("no-such-if0");
    printf("no-such-if0: %u %s\n", none, strerror(errno));
    char name[IF_NAMESIZE] = "";
    printf("index 1: %s\n", if_indextoname(1, name) ? name : strerror(errno));
    errno = 0;
    char *r = if_indextoname(1000000, name);
    printf("index 1000000: %s\n", r ? r : strerror(errno));

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq req;
    int ok = lo_request(fd, SIOCGIFFLAGS, &req);
    int up = ok == 0 && (req.ifr_flags & IFF_UP);
    printf("flags: %d loopback %d\n", ok, ok == 0 &&
           (req.ifr_flags & IFF_LOOPBACK) != 0);
    ok = lo_request(fd, SIOCGIFHWADDR, &req);
    printf("hwaddr: %d family %s\n", ok,
           req.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK ? "loopback" : "other");
    ok = lo_request(fd, SIOCGIFMTU, &req);
    printf("mtu: %d positive %d\n", ok, req.ifr_mtu > 0);
    if (up) {
        ok = lo_request(fd, SIOCGIFADDR, &req);
        printf("up, address: %d %s\n", ok, ipv4(&req.ifr_addr));
        ok = lo_request(fd, SIOCGIFNETMASK, &req);
        printf("up, netmask: %d %s\n", ok, ipv4(&req.ifr_netmask));
    } else {
        printf("down, address: %d\n", lo_request(fd, SIOCGIFADDR, &req));
    }
    strcpy(req.ifr_name, "no-such-if0");
    errno = 0;
    ok = ioctl(fd, SIOCGIFFLAGS, &req);
    printf("no-such-if0 flags: %d %s\n", ok, strerror(errno));

    /* The list: its length in this ABI's ifreqs, and lo in it when up. */
    struct ifconf conf = { .ifc_len = 0, .ifc_req = NULL };
    ok = ioctl(fd, SIOCGIFCONF, &conf);
    printf("ifconf size query: %d whole ifreqs %d\n", ok,
           conf.ifc_len % (int)sizeof(struct ifreq) == 0);
    struct ifreq list[64];
    conf.ifc_len = sizeof(list);
    conf.ifc_req = list;
    ok = ioctl(fd, SIOCGIFCONF, &conf);
    int listed = 0;
    for (int i = 0; ok == 0 && i < conf.ifc_len / (int)sizeof(list[0]); i++) {
        if (!strcmp(list[i].ifr_name, "lo")) {
            listed = !strcmp(ipv4(&list[i].ifr_addr), "127.0.0.1");
        }
    }
    printf("ifconf: %d lo listed with 127.0.0.1 exactly when up: %s\n", ok,
           listed == up ? "yes" : "no");
    conf.ifc_len = sizeof(list[0]) + 3;
    ok = ioctl(fd, SIOCGIFCONF, &conf);
    printf("ifconf, room for one: %d %d\n", ok,
           conf.ifc_len == (int)sizeof(list[0]) || conf.ifc_len == 0);
    close(fd);
    return 0;
}
