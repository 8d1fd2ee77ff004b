/* Network interface names and indexes (SIOCGIFINDEX, SIOCGIFNAME through
 * if_nametoindex and if_indextoname; CPython's test_socket uses them for
 * IPv6 scope ids): the loopback interface is index 1 in every network
 * namespace. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

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
    return 0;
}
