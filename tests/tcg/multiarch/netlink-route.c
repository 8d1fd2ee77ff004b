/*
 * NETLINK_ROUTE: what glibc's getaddrinfo (AI_ADDRCONFIG), getifaddrs and
 * if_nametoindex ask the kernel, and the same requests by hand: link and
 * address dumps, an error reply, through sendto/recvfrom, sendmsg/recvmsg
 * (the message split over two iovecs) and read.  Only the loopback
 * interface is looked at (every network namespace has it, as index 1,
 * with 127.0.0.1/8), so the output is the same on any machine.
 * Expected output: the program run natively on the host (checked by
 * hand); qemu-ppc 7.2 agrees up to the sendmsg with the request split
 * over two iovecs, which it converts piecewise: the kernel never answers
 * and qemu waits forever.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char buf[65536] __attribute__((aligned(4)));

static void glibc_users(void)
{
    printf("if_nametoindex(lo) = %u\n", if_nametoindex("lo"));
    char name[IF_NAMESIZE];
    printf("if_indextoname(1) = %s\n", if_indextoname(1, name) ? name : "-");

    int sfd = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr = {0};
    strcpy(ifr.ifr_name, "lo");
    int r = ioctl(sfd, SIOCGIFFLAGS, &ifr);
    printf("SIOCGIFFLAGS lo: %d up %d loopback %d\n", r, !!(ifr.ifr_flags & IFF_UP),
           !!(ifr.ifr_flags & IFF_LOOPBACK));
    r = ioctl(sfd, SIOCGIFADDR, &ifr);
    struct sockaddr_in *in = (struct sockaddr_in *)&ifr.ifr_addr;
    char a[16];
    printf("SIOCGIFADDR lo: %d family inet %d %s\n", r, in->sin_family == AF_INET,
           inet_ntop(AF_INET, &in->sin_addr, a, 16));
    r = ioctl(sfd, SIOCGIFMTU, &ifr);
    printf("SIOCGIFMTU lo: %d in range %d\n", r, ifr.ifr_mtu >= 1280 && ifr.ifr_mtu <= 65536);
    strcpy(ifr.ifr_name, "no-such-if0");
    r = ioctl(sfd, SIOCGIFINDEX, &ifr);
    printf("SIOCGIFINDEX no-such-if0: %d %s\n", r, r < 0 ? strerrorname_np(errno) : "ok");
    close(sfd);

    struct ifaddrs *list, *i;
    if (getifaddrs(&list) != 0) {
        printf("getifaddrs: %s\n", strerror(errno));
        return;
    }
    for (i = list; i; i = i->ifa_next) {
        if (strcmp(i->ifa_name, "lo") != 0 || !i->ifa_addr)
            continue;
        if (i->ifa_addr->sa_family == AF_INET) {
            char a[16], m[16];
            inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, a, 16);
            inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, m, 16);
            printf("getifaddrs lo inet %s netmask %s up %d loopback %d\n", a, m,
                   !!(i->ifa_flags & IFF_UP), !!(i->ifa_flags & IFF_LOOPBACK));
        } else if (i->ifa_addr->sa_family == AF_PACKET) {
            printf("getifaddrs lo packet: stats %s\n", i->ifa_data ? "yes" : "no");
        }
    }
    freeifaddrs(list);

    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_ADDRCONFIG | AI_NUMERICHOST}, *res;
    r = getaddrinfo("127.0.0.1", "80", &hints, &res);
    if (r == 0) {
        struct sockaddr_in *s = (struct sockaddr_in *)res->ai_addr;
        printf("getaddrinfo(127.0.0.1, AI_ADDRCONFIG): port %d\n", ntohs(s->sin_port));
        freeaddrinfo(res);
    } else {
        printf("getaddrinfo: %s\n", gai_strerror(r));
    }
}

/* A request: header, a struct of size fixed_len, nothing else. */
static size_t request(int type, int flags, int seq, const void *fixed, size_t fixed_len)
{
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    memset(buf, 0, NLMSG_SPACE(fixed_len));
    h->nlmsg_len = NLMSG_LENGTH(fixed_len);
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST | flags;
    h->nlmsg_seq = seq;
    memcpy(NLMSG_DATA(h), fixed, fixed_len);
    return h->nlmsg_len;
}

/* The replies to seq until NLMSG_DONE or an error, through how. */
static void replies(int fd, int seq, int how)
{
    int done = 0, other_seq = 0;
    while (!done) {
        ssize_t n;
        if (how == 0) {
            n = recvfrom(fd, buf, sizeof(buf), 0, NULL, NULL);
        } else if (how == 1) {
            struct iovec iov[2] = {{buf, 37}, {buf + 37, sizeof(buf) - 37}};
            struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};
            n = recvmsg(fd, &m, 0);
        } else {
            n = read(fd, buf, sizeof(buf));
        }
        if (n <= 0) {
            printf("  receive: %s\n", n < 0 ? strerror(errno) : "end");
            return;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != (unsigned)seq)
                other_seq++;
            if (h->nlmsg_type == NLMSG_DONE) {
                printf("  done, status %d\n", *(int *)NLMSG_DATA(h));
                done = 1;
            } else if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(h);
                printf("  error %s, echoed request type %d seq %u\n",
                       strerrorname_np(-e->error), e->msg.nlmsg_type, e->msg.nlmsg_seq);
                done = 1;
            } else if (h->nlmsg_type == RTM_NEWLINK) {
                struct ifinfomsg *ifi = NLMSG_DATA(h);
                if (ifi->ifi_index != 1)
                    continue;
                printf("  link 1: loopback type %d flag %d", ifi->ifi_type == ARPHRD_LOOPBACK,
                       !!(ifi->ifi_flags & IFF_LOOPBACK));
                int len = IFLA_PAYLOAD(h);
                for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                    if (a->rta_type == IFLA_IFNAME)
                        printf(" name %s", (char *)RTA_DATA(a));
                    else if (a->rta_type == IFLA_MTU)
                        printf(" mtu in range %d", *(unsigned *)RTA_DATA(a) >= 1280 &&
                                                    *(unsigned *)RTA_DATA(a) <= 65536);
                    else if (a->rta_type == IFLA_STATS64)
                        printf(" stats64 %d", RTA_PAYLOAD(a) >= sizeof(struct rtnl_link_stats64));
                }
                printf("\n");
            } else if (h->nlmsg_type == RTM_NEWADDR) {
                struct ifaddrmsg *ifa = NLMSG_DATA(h);
                if (ifa->ifa_index != 1 || ifa->ifa_family != AF_INET)
                    continue;
                printf("  addr on 1: prefix %d", ifa->ifa_prefixlen);
                int len = IFA_PAYLOAD(h);
                for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                    char s[16];
                    if (a->rta_type == IFA_LOCAL)
                        printf(" local %s", inet_ntop(AF_INET, RTA_DATA(a), s, 16));
                    else if (a->rta_type == IFA_LABEL)
                        printf(" label %s", (char *)RTA_DATA(a));
                    else if (a->rta_type == IFA_CACHEINFO)
                        printf(" valid forever %d",
                               ((struct ifa_cacheinfo *)RTA_DATA(a))->ifa_valid == 0xffffffffu);
                    else if (a->rta_type == IFA_FLAGS)
                        printf(" permanent %d", !!(*(unsigned *)RTA_DATA(a) & IFA_F_PERMANENT));
                }
                printf("\n");
            }
        }
    }
    printf("  replies with another seq: %d\n", other_seq);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    glibc_users();

    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (fd < 0) {
        printf("socket: %s\n", strerror(errno));
        return 1;
    }
    struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
    size_t len = request(RTM_GETLINK, NLM_F_DUMP, 1001, &ifi, sizeof(ifi));
    printf("link dump (sendto, recvfrom): sent %d\n",
           sendto(fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) == (ssize_t)len);
    replies(fd, 1001, 0);

    struct ifaddrmsg ifa = {.ifa_family = AF_INET};
    len = request(RTM_GETADDR, NLM_F_DUMP, 70000, &ifa, sizeof(ifa));
    struct iovec iov[2] = {{buf, 5}, {buf + 5, len - 5}};
    struct msghdr m = {.msg_name = &kernel, .msg_namelen = sizeof(kernel),
                       .msg_iov = iov, .msg_iovlen = 2};
    printf("address dump (sendmsg, recvmsg): sent %d\n", sendmsg(fd, &m, 0) == (ssize_t)len);
    replies(fd, 70000, 1);

    ifi.ifi_index = 999999;
    len = request(RTM_GETLINK, NLM_F_ACK, 0x12345678, &ifi, sizeof(ifi));
    printf("link 999999 (send, read): sent %d\n", send(fd, buf, len, 0) == (ssize_t)len);
    replies(fd, 0x12345678, 2);
    close(fd);
    return 0;
}
