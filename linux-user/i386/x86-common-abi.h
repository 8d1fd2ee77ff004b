/*
 * x86-common-abi.h: the parts of the Linux ABI that i386 and x86-64 share
 * (included by both target_abi.h files): flag values, socket option
 * numbers, ioctl numbers and the terminal interface.  They are the
 * asm-generic values, which are also the host's, so the tables name the
 * host constants.
 */
#ifndef LINUX_USER_X86_COMMON_ABI_H
#define LINUX_USER_X86_COMMON_ABI_H

#include <stdint.h>

#define TARGET_BIG_ENDIAN 0
#define TARGET_ELF_DATA 1 /* ELFDATA2LSB */
#define TARGET_PAGE_SIZE 4096u

/* The target syscall table includes x86 calls (sys_arch_defs in
 * linux-user/i386/cpu_loop.c: arch_prctl, set_thread_area, ...). */
#define TARGET_HAS_ARCH_SYSCALLS 1

/* AT_MINSIGSTKSZ: a signal frame with the FXSAVE image fits (the CPU
 * model has no XSAVE state). */
#define TARGET_AUX_MINSIGSTKSZ 2048

/* open(2) flags (asm-generic/fcntl.h). */
#define TARGET_O_DIRECTORY 0200000
#define TARGET_O_NOFOLLOW 0400000
#define TARGET_O_LARGEFILE 0100000
#define TARGET_O_DIRECT 040000

/* mmap(2) flags (asm/mman.h). */
#define TARGET_MAP_NORESERVE 0x4000
/* mlockall flags (asm-generic/mman.h). */
#define TARGET_MCL_CURRENT 1
#define TARGET_MCL_FUTURE 2
#define TARGET_MCL_ONFAULT 4
#define TARGET_MAP_LOCKED 0x2000

/* fcntl commands of the 64-bit locks (asm-generic/fcntl.h). */
#define TARGET_F_GETLK64 12
#define TARGET_F_SETLK64 13
#define TARGET_F_SETLKW64 14

/* asm-generic/socket.h */
#define TARGET_SO_PASSCRED 16
#define TARGET_SO_PEERCRED 17
#define TARGET_SO_RCVLOWAT 18
#define TARGET_SO_SNDLOWAT 19
#define TARGET_SO_RCVTIMEO 20
#define TARGET_SO_SNDTIMEO 21

struct target_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

/* struct epoll_event: 12 bytes on both x86 ABIs (packed on x86-64, and
 * 64-bit fields are 4-byte aligned on i386). */
struct target_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

struct target_rlimit64 {
    uint64_t rlim_cur;
    uint64_t rlim_max;
};

struct target_timespec64 { /* __kernel_timespec */
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* ---- terminals: asm-generic/termbits.h and ioctls.h ----------------- */

/* struct termios of TCGETS has no speed fields on x86 (termios2 has). */
#define TARGET_TERMIOS_NO_SPEEDS 1
#define TARGET_NCCS 19
struct target_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[TARGET_NCCS];
};

struct target_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#define TARGET_TCGETS 0x5401u
#define TARGET_TCSETS 0x5402u
#define TARGET_TCSETSW 0x5403u
#define TARGET_TCSETSF 0x5404u
#define TARGET_TIOCGPGRP 0x540fu
#define TARGET_TIOCSPGRP 0x5410u
#define TARGET_TIOCGWINSZ 0x5413u
#define TARGET_TIOCSWINSZ 0x5414u
#define TARGET_FIONREAD 0x541bu
#define TARGET_FIONBIO 0x5421u
#define TARGET_FIONCLEX 0x5450u
#define TARGET_FIOCLEX 0x5451u
/* Requests whose argument is a plain int, an int in or out, or nothing
 * (sys-ioctl.c lists them by kind). */
#define TARGET_TCSBRK 0x5409u
#define TARGET_TCXONC 0x540au
#define TARGET_TCFLSH 0x540bu
#define TARGET_TIOCEXCL 0x540cu
#define TARGET_TIOCNXCL 0x540du
#define TARGET_TIOCSCTTY 0x540eu
#define TARGET_TIOCOUTQ 0x5411u
#define TARGET_TIOCSTI 0x5412u
#define TARGET_TIOCMGET 0x5415u
#define TARGET_TIOCMBIS 0x5416u
#define TARGET_TIOCMBIC 0x5417u
#define TARGET_TIOCMSET 0x5418u
#define TARGET_TIOCNOTTY 0x5422u
#define TARGET_TIOCSETD 0x5423u
#define TARGET_TIOCGETD 0x5424u
#define TARGET_TCSBRKP 0x5425u
#define TARGET_TIOCSBRK 0x5427u
#define TARGET_TIOCCBRK 0x5428u
#define TARGET_TIOCGSID 0x5429u
#define TARGET_TIOCGPTN 0x80045430u
#define TARGET_TIOCSPTLCK 0x40045431u
#define TARGET_TIOCGPTLCK 0x80045439u
#define TARGET_TIOCGPTPEER 0x5441u
#define TARGET_FIOASYNC 0x5452u
#define TARGET_FICLONE 0x40049409u
#define TARGET_IOCTL_VM_SOCKETS_GET_LOCAL_CID 0x7b9u /* _IO(7, 0xb9) */

/* Termios flags equal the host's: each maps to itself. */
#define TARGET_TERMIOS_IFLAG                                                   \
    BIT(IGNBRK, IGNBRK) BIT(BRKINT, BRKINT) BIT(IGNPAR, IGNPAR)                \
    BIT(PARMRK, PARMRK) BIT(INPCK, INPCK) BIT(ISTRIP, ISTRIP)                  \
    BIT(INLCR, INLCR) BIT(IGNCR, IGNCR) BIT(ICRNL, ICRNL) BIT(IUCLC, IUCLC)    \
    BIT(IXON, IXON) BIT(IXANY, IXANY) BIT(IXOFF, IXOFF)                        \
    BIT(IMAXBEL, IMAXBEL) BIT(IUTF8, IUTF8)

#define TARGET_TERMIOS_OFLAG                                                   \
    BIT(OPOST, OPOST) BIT(OLCUC, OLCUC) BIT(ONLCR, ONLCR) BIT(OCRNL, OCRNL)    \
    BIT(ONOCR, ONOCR) BIT(ONLRET, ONLRET) BIT(OFILL, OFILL) BIT(OFDEL, OFDEL)  \
    FIELD(NLDLY, NL1, NLDLY, NL1)                                              \
    FIELD(CRDLY, CR1, CRDLY, CR1) FIELD(CRDLY, CR2, CRDLY, CR2)                \
    FIELD(CRDLY, CR3, CRDLY, CR3)                                              \
    FIELD(TABDLY, TAB1, TABDLY, TAB1) FIELD(TABDLY, TAB2, TABDLY, TAB2)        \
    FIELD(TABDLY, TAB3, TABDLY, TAB3)                                          \
    BIT(BSDLY, BSDLY) BIT(VTDLY, VTDLY) BIT(FFDLY, FFDLY)

#define TARGET_TERMIOS_CFLAG                                                   \
    FIELD(CSIZE, CS6, CSIZE, CS6) FIELD(CSIZE, CS7, CSIZE, CS7)                \
    FIELD(CSIZE, CS8, CSIZE, CS8)                                              \
    BIT(CSTOPB, CSTOPB) BIT(CREAD, CREAD) BIT(PARENB, PARENB)                  \
    BIT(PARODD, PARODD) BIT(HUPCL, HUPCL) BIT(CLOCAL, CLOCAL)                  \
    BIT(CMSPAR, CMSPAR) BIT(CRTSCTS, CRTSCTS)

#define TARGET_TERMIOS_LFLAG                                                   \
    BIT(ISIG, ISIG) BIT(ICANON, ICANON) BIT(XCASE, XCASE) BIT(ECHO, ECHO)      \
    BIT(ECHOE, ECHOE) BIT(ECHOK, ECHOK) BIT(ECHONL, ECHONL)                    \
    BIT(NOFLSH, NOFLSH) BIT(TOSTOP, TOSTOP) BIT(ECHOCTL, ECHOCTL)              \
    BIT(ECHOPRT, ECHOPRT) BIT(ECHOKE, ECHOKE) BIT(FLUSHO, FLUSHO)              \
    BIT(PENDIN, PENDIN) BIT(IEXTEN, IEXTEN) BIT(EXTPROC, EXTPROC)

#define TARGET_TERMIOS_CC                                                      \
    CC(VINTR, VINTR) CC(VQUIT, VQUIT) CC(VERASE, VERASE) CC(VKILL, VKILL)      \
    CC(VEOF, VEOF) CC(VTIME, VTIME) CC(VMIN, VMIN) CC(VSWTC, VSWTC)            \
    CC(VSTART, VSTART) CC(VSTOP, VSTOP) CC(VSUSP, VSUSP) CC(VEOL, VEOL)        \
    CC(VREPRINT, VREPRINT) CC(VDISCARD, VDISCARD) CC(VWERASE, VWERASE)         \
    CC(VLNEXT, VLNEXT) CC(VEOL2, VEOL2)

#define TARGET_CBAUD CBAUD
#define TARGET_TERMIOS_SPEEDS                                                  \
    SPEED(B0, B0) SPEED(B50, B50) SPEED(B75, B75) SPEED(B110, B110)            \
    SPEED(B134, B134) SPEED(B150, B150) SPEED(B200, B200) SPEED(B300, B300)    \
    SPEED(B600, B600) SPEED(B1200, B1200) SPEED(B1800, B1800)                  \
    SPEED(B2400, B2400) SPEED(B4800, B4800) SPEED(B9600, B9600)                \
    SPEED(B19200, B19200) SPEED(B38400, B38400) SPEED(B57600, B57600)          \
    SPEED(B115200, B115200) SPEED(B230400, B230400)                            \
    SPEED(B460800, B460800) SPEED(B500000, B500000)                            \
    SPEED(B576000, B576000) SPEED(B921600, B921600)                            \
    SPEED(B1000000, B1000000)

#endif
