/* Pseudo-terminals through their ioctls: openpty (TIOCGPTPEER or
 * TIOCGPTN and TIOCSPTLCK), line discipline and lock queries, TIOCOUTQ
 * and FIONREAD counts, TIOCSTI, TCFLSH, TCXONC, TIOCEXCL/TIOCNXCL, and a
 * child that becomes a session leader with the pty as its controlling
 * terminal (TIOCSCTTY, TIOCGSID, TIOCNOTTY).  Also built for i386. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int m, s;
    if (openpty(&m, &s, NULL, NULL, NULL) < 0) {
        printf("openpty failed %d\n", errno);
        return 1;
    }
    printf("isatty %d %d name %.9s\n", isatty(m), isatty(s), ttyname(s));
    unsigned n = 0;
    printf("TIOCGPTN %d\n", ioctl(m, TIOCGPTN, &n));
    char name[32];
    snprintf(name, sizeof name, "/dev/pts/%u", n);
    printf("TIOCGPTN names the slave %d\n", strcmp(name, ttyname(s)) == 0);
    int lock = -1;
    int r = ioctl(m, TIOCGPTLCK, &lock);
    printf("TIOCGPTLCK %d locked %d\n", r, lock);
    int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    printf("TIOCGPTPEER %d cloexec %d\n", peer >= 0,
           peer >= 0 && (fcntl(peer, F_GETFD) & FD_CLOEXEC));
    close(peer);
    int ldisc = -1;
    r = ioctl(s, TIOCGETD, &ldisc);
    printf("TIOCGETD %d %d\n", r, ldisc);
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    write(m, "abc", 3);
    usleep(20000);
    int avail = -1;
    r = ioctl(s, FIONREAD, &avail);
    printf("FIONREAD %d %d\n", r, avail);
    printf("TCFLSH %d\n", tcflush(s, TCIFLUSH));
    avail = -1;
    ioctl(s, FIONREAD, &avail);
    printf("after flush %d\n", avail);
    int outq = -1;
    r = ioctl(s, TIOCOUTQ, &outq);
    printf("TIOCOUTQ %d %d\n", r, outq);
    printf("TCXONC %d %d\n", tcflow(s, TCOOFF), tcflow(s, TCOON));
    printf("TIOCEXCL %d TIOCNXCL %d\n", ioctl(s, TIOCEXCL), ioctl(s, TIOCNXCL));
    char c = 'z';
    r = ioctl(s, TIOCSTI, &c);
    printf("TIOCSTI %d %s\n", r, r < 0 ? (errno == EPERM || errno == EIO ? "denied" : "?") : "ok");
    errno = 0;
    r = ioctl(0, TIOCGPTN, &n);
    printf("not a pty %d %d\n", r, errno == ENOTTY || errno == EINVAL);
    pid_t p = fork();
    if (p == 0) {
        signal(SIGHUP, SIG_IGN);
        setsid();
        int rr = ioctl(s, TIOCSCTTY, 0);
        pid_t sid = -1;
        int rs = ioctl(s, TIOCGSID, &sid);
        printf("child TIOCSCTTY %d TIOCGSID %d same %d\n", rr, rs, sid == getsid(0));
        printf("child TIOCNOTTY %d\n", ioctl(s, TIOCNOTTY));
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("child status %d\n", st);
    return 0;
}
