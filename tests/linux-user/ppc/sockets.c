/* sockets.c: socket calls over loopback and AF_UNIX; output checked
 * against qemu-ppc and the same program on the host (sockets.expected). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <sys/time.h>
int main(void) {
  int sv[2]; if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) { perror("socketpair"); return 1; }
  write(sv[0], "hi", 2); char b[8] = {0}; read(sv[1], b, 8); printf("pair %s\n", b);
  int s = socket(AF_INET, SOCK_STREAM, 0); int one = 1;
  printf("reuse %d\n", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  printf("bind %d\n", bind(s, (struct sockaddr*)&a, sizeof a)); listen(s, 1);
  socklen_t l = sizeof a; getsockname(s, (struct sockaddr*)&a, &l); printf("family %d len %d addr %s port>0 %d\n", a.sin_family, l, inet_ntoa(a.sin_addr), ntohs(a.sin_port) > 0);
  int c = socket(AF_INET, SOCK_STREAM, 0); printf("connect %d\n", connect(c, (struct sockaddr*)&a, sizeof a));
  struct sockaddr_in p; l = sizeof p; int d = accept(s, (struct sockaddr*)&p, &l); printf("accept ok %d family %d\n", d >= 0, p.sin_family);
  send(c, "ping", 4, 0); memset(b, 0, 8); recv(d, b, 8, 0); printf("recv %s\n", b);
  int v = 0; l = sizeof v; getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &l); printf("type %d len %d\n", v, l);
  struct timeval tv = { 3, 500000 }; setsockopt(d, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv); struct timeval tv2; l = sizeof tv2; getsockopt(d, SOL_SOCKET, SO_RCVTIMEO, &tv2, &l); printf("timeo %ld %ld\n", (long)tv2.tv_sec, (long)tv2.tv_usec);
  struct msghdr m = {0}; struct iovec io = { "msg!", 4 }; m.msg_iov = &io; m.msg_iovlen = 1; printf("sendmsg %zd\n", sendmsg(c, &m, 0));
  char rb[8] = {0}; struct iovec ri = { rb, 8 }; struct msghdr rm = {0}; rm.msg_iov = &ri; rm.msg_iovlen = 1; printf("recvmsg %zd %s\n", recvmsg(d, &rm, 0), rb);
  int u = socket(AF_UNIX, SOCK_DGRAM, 0); struct sockaddr_un ua = { .sun_family = AF_UNIX }; strcpy(ua.sun_path, "/tmp/mimic-sock-test"); unlink(ua.sun_path);
  printf("unix bind %d\n", bind(u, (struct sockaddr*)&ua, sizeof ua)); unlink(ua.sun_path);
  return 0; }
