/*
 * target_abi.h: the Linux ABI of 32-bit big-endian PowerPC as the generic
 * linux-user code sees it: word size and byte order, ELF identity, address
 * space layout, flag values that differ from the host, and the layouts of
 * the structures that cross the system-call boundary.
 *
 * Values are from the kernel uapi headers for powerpc (asm/stat.h,
 * asm/termbits.h, asm/ioctls.h, asm/fcntl.h, asm/mman.h).  Structures are
 * declared with fixed-size fields; on an x86-64 host their natural layout
 * equals the ppc32 one, which the static assertions in syscall-struct.c
 * check.  Every field is stored big-endian (tswap* in user.h).
 */
#ifndef LINUX_USER_PPC_TARGET_ABI_H
#define LINUX_USER_PPC_TARGET_ABI_H

#include <stddef.h>
#include <stdint.h>

#define TARGET_NAME "ppc"
#define TARGET_INFO ppc_target_info /* target-ppc/cpu.h */
#define TARGET_BIG_ENDIAN 1
#define TARGET_ABI_BITS 32
typedef uint32_t abi_ulong;
typedef int32_t abi_long;

/* ELF identity (elf.h values). */
#define TARGET_ELF_CLASS 1    /* ELFCLASS32 */
#define TARGET_ELF_DATA 2     /* ELFDATA2MSB */
#define TARGET_ELF_MACHINE 20 /* EM_PPC */

/* Address space: the kernel's ppc32 TASK_SIZE is 3 GiB. */
#define TARGET_TASK_SIZE 0xc0000000u
#define TARGET_STACK_TOP 0xbfff0000u    /* leaves a guard gap below the top */
#define TARGET_ET_DYN_BASE 0x20000000u  /* static-pie load address */
#define TARGET_MMAP_BASE 0x40000000u    /* first address tried by mmap */
#define TARGET_PAGE_SIZE 4096u

/* uname(2) machine field. */
#define TARGET_UNAME_MACHINE "ppc"
/* swapcontext (linux-user/ppc/signal.c). */
#define TARGET_HAS_ARCH_SYSCALLS 1

/* 64-bit syscall arguments use an aligned register pair (r3:r4, r5:r6,
 * r7:r8, r9:r10): a pair never starts at an odd argument index. */
#define TARGET_ALIGNED_REGPAIRS 1

/* Cache block size the kernel reports in the aux vector (glibc's memset
 * uses dcbz with it). */
#define TARGET_CACHE_BLOCK_SIZE 32

/* open(2) flags that differ from the generic (x86) values. */
#define TARGET_O_DIRECTORY 040000
#define TARGET_O_NOFOLLOW 0100000
#define TARGET_O_LARGEFILE 0200000
#define TARGET_O_DIRECT 0400000

/* mmap(2) flags that differ from x86. */
#define TARGET_MAP_NORESERVE 0x40
/* mlockall flags (arch/powerpc/include/uapi/asm/mman.h). */
#define TARGET_MCL_CURRENT 0x2000
#define TARGET_MCL_FUTURE 0x4000
#define TARGET_MCL_ONFAULT 0x8000
#define TARGET_MAP_LOCKED 0x80

/* Signal numbers equal the host's (x86) ones. */

/* Errno values equal the host's except EDEADLOCK (58 on powerpc), which
 * the x86-64 host never returns (its EDEADLOCK is EDEADLK). */

/* ---- structures ------------------------------------------------------ */

struct target_timespec { /* 32-bit time_t (clock_gettime, nanosleep) */
    int32_t tv_sec;
    int32_t tv_nsec;
};

struct target_timespec64 { /* __kernel_timespec (the *_time64 calls) */
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct target_timeval {
    int32_t tv_sec;
    int32_t tv_usec;
};

struct target_timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};

struct target_iovec {
    uint32_t iov_base;
    uint32_t iov_len;
};

struct target_rlimit {
    uint32_t rlim_cur;
    uint32_t rlim_max;
};

struct target_rlimit64 {
    uint64_t rlim_cur;
    uint64_t rlim_max;
};

struct target_tms {
    int32_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

struct target_rusage {
    struct target_timeval ru_utime, ru_stime;
    int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt;
    int32_t ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv;
    int32_t ru_nsignals, ru_nvcsw, ru_nivcsw;
};

struct target_stat { /* asm/stat.h struct stat, ppc32 */
    uint32_t st_dev;
    uint32_t st_ino;
    uint32_t st_mode;
    uint16_t st_nlink;
    uint16_t pad0;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t st_rdev;
    int32_t st_size;
    uint32_t st_blksize;
    uint32_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec;
    uint32_t st_mtime_sec, st_mtime_nsec;
    uint32_t st_ctime_sec, st_ctime_nsec;
    uint32_t unused4, unused5;
};

struct target_stat64 { /* asm/stat.h struct stat64 */
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint16_t pad2;
    uint16_t pad3[3];
    int64_t st_size;
    int32_t st_blksize;
    uint32_t pad4;
    int64_t st_blocks;
    int32_t st_atime_sec;
    uint32_t st_atime_nsec;
    int32_t st_mtime_sec;
    uint32_t st_mtime_nsec;
    int32_t st_ctime_sec;
    uint32_t st_ctime_nsec;
    uint32_t unused4, unused5;
};

struct target_flock { /* F_GETLK/F_SETLK/F_SETLKW with 32-bit off_t */
    int16_t l_type;
    int16_t l_whence;
    int32_t l_start;
    int32_t l_len;
    int32_t l_pid;
};

struct target_flock64 { /* F_GETLK64/F_SETLK64/F_SETLKW64 */
    int16_t l_type;
    int16_t l_whence;
    uint32_t pad;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
    uint32_t pad2;
};
#define TARGET_F_GETLK64 12
#define TARGET_F_SETLK64 13
#define TARGET_F_SETLKW64 14

struct target_sigaction { /* rt_sigaction's struct sigaction */
    uint32_t handler; /* sa_handler etc. are host macros */
    uint32_t flags;
    uint32_t restorer;
    uint32_t mask[2];
};

struct target_stack_t { /* sigaltstack */
    uint32_t ss_sp;
    int32_t ss_flags;
    uint32_t ss_size;
};

struct target_sysinfo {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh;
    uint32_t mem_unit;
    char f[8];
};

struct target_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

/* struct epoll_event: the 64-bit data is 8-byte aligned on ppc32. */
struct target_epoll_event {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
};

_Static_assert(sizeof(struct target_stat64) == 104, "ppc32 stat64 layout");
_Static_assert(offsetof(struct target_stat64, st_size) == 48, "stat64 size");
_Static_assert(offsetof(struct target_stat64, st_atime_sec) == 72,
               "stat64 atime");
_Static_assert(sizeof(struct target_stat) == 72, "ppc32 stat layout");

/* ---- sockets: asm/socket.h options that differ from x86 ------------ */

#define TARGET_SO_RCVLOWAT 16
#define TARGET_SO_SNDLOWAT 17
#define TARGET_SO_RCVTIMEO 18
#define TARGET_SO_SNDTIMEO 19
#define TARGET_SO_PASSCRED 20
#define TARGET_SO_PEERCRED 21

struct target_msghdr {
    uint32_t msg_name;
    uint32_t msg_namelen;
    uint32_t msg_iov;
    uint32_t msg_iovlen;
    uint32_t msg_control;
    uint32_t msg_controllen;
    int32_t msg_flags;
};

/* ---- terminals: asm/termbits.h, asm/ioctls.h ------------------------ */

#define TARGET_NCCS 19
struct target_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_cc[TARGET_NCCS];
    uint8_t c_line;
    uint32_t c_ispeed, c_ospeed;
};

struct target_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* ioctl numbers: _IOR/_IOW with the ppc encoding (dir in bits 29-31). */
#define TARGET_TCGETS 0x402c7413u
#define TARGET_TCSETS 0x802c7414u
#define TARGET_TCSETSW 0x802c7415u
#define TARGET_TCSETSF 0x802c7416u
#define TARGET_TIOCGWINSZ 0x40087468u
#define TARGET_TIOCSWINSZ 0x80087467u
#define TARGET_FIONREAD 0x4004667fu
#define TARGET_FIONBIO 0x8004667eu
#define TARGET_FIOCLEX 0x20006601u
#define TARGET_FIONCLEX 0x20006602u
#define TARGET_TIOCGPGRP 0x40047477u
#define TARGET_TIOCSPGRP 0x80047476u
/* Requests whose argument is a plain int, an int in or out, or nothing
 * (sys-ioctl.c lists them by kind); pseudo-terminals need TIOCGPTN and
 * TIOCSPTLCK (posix_openpt, openpty). */
#define TARGET_TCSBRK 0x2000741du
#define TARGET_TCXONC 0x2000741eu
#define TARGET_TCFLSH 0x2000741fu
#define TARGET_TIOCEXCL 0x540cu
#define TARGET_TIOCNXCL 0x540du
#define TARGET_TIOCSCTTY 0x540eu
#define TARGET_TIOCOUTQ 0x40047473u
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
#define TARGET_TIOCGPTN 0x40045430u
#define TARGET_TIOCSPTLCK 0x80045431u
#define TARGET_TIOCGPTLCK 0x40045439u
#define TARGET_TIOCGPTPEER 0x20005441u
#define TARGET_FIOASYNC 0x8004667du
#define TARGET_FICLONE 0x80049409u

/*
 * Termios flag translation, host name -> ppc value.  BIT(name, value) for
 * single bits; FIELD(host mask, host value, ppc mask, ppc value) for
 * multi-bit fields.  The includer defines BIT and FIELD.
 */
#define TARGET_TERMIOS_IFLAG                                                   \
    BIT(IGNBRK, 0x1) BIT(BRKINT, 0x2) BIT(IGNPAR, 0x4) BIT(PARMRK, 0x8)        \
    BIT(INPCK, 0x10) BIT(ISTRIP, 0x20) BIT(INLCR, 0x40) BIT(IGNCR, 0x80)       \
    BIT(ICRNL, 0x100) BIT(IXON, 0x200) BIT(IXOFF, 0x400) BIT(IXANY, 0x800)     \
    BIT(IUCLC, 0x1000) BIT(IMAXBEL, 0x2000) BIT(IUTF8, 0x4000)

#define TARGET_TERMIOS_OFLAG                                                   \
    BIT(OPOST, 0x1) BIT(ONLCR, 0x2) BIT(OLCUC, 0x4) BIT(OCRNL, 0x8)            \
    BIT(ONOCR, 0x10) BIT(ONLRET, 0x20) BIT(OFILL, 0x40) BIT(OFDEL, 0x80)       \
    FIELD(NLDLY, NL1, 0x300, 0x100)                                            \
    FIELD(TABDLY, TAB1, 0xc00, 0x400) FIELD(TABDLY, TAB2, 0xc00, 0x800)        \
    FIELD(TABDLY, TAB3, 0xc00, 0xc00)                                          \
    FIELD(CRDLY, CR1, 0x3000, 0x1000) FIELD(CRDLY, CR2, 0x3000, 0x2000)        \
    FIELD(CRDLY, CR3, 0x3000, 0x3000)                                          \
    BIT(FFDLY, 0x4000) BIT(BSDLY, 0x8000) BIT(VTDLY, 0x10000)

#define TARGET_TERMIOS_CFLAG                                                   \
    FIELD(CSIZE, CS6, 0x300, 0x100) FIELD(CSIZE, CS7, 0x300, 0x200)            \
    FIELD(CSIZE, CS8, 0x300, 0x300)                                            \
    BIT(CSTOPB, 0x400) BIT(CREAD, 0x800) BIT(PARENB, 0x1000)                   \
    BIT(PARODD, 0x2000) BIT(HUPCL, 0x4000) BIT(CLOCAL, 0x8000)                 \
    BIT(CMSPAR, 0x40000000) BIT(CRTSCTS, 0x80000000)

#define TARGET_TERMIOS_LFLAG                                                   \
    BIT(ECHOKE, 0x1) BIT(ECHOE, 0x2) BIT(ECHOK, 0x4) BIT(ECHO, 0x8)            \
    BIT(ECHONL, 0x10) BIT(ECHOPRT, 0x20) BIT(ECHOCTL, 0x40) BIT(ISIG, 0x80)    \
    BIT(ICANON, 0x100) BIT(IEXTEN, 0x400) BIT(XCASE, 0x4000)                   \
    BIT(TOSTOP, 0x400000) BIT(FLUSHO, 0x800000) BIT(EXTPROC, 0x10000000)       \
    BIT(PENDIN, 0x20000000) BIT(NOFLSH, 0x80000000)

/* c_cc: CC(host index name, ppc index). */
#define TARGET_TERMIOS_CC                                                      \
    CC(VINTR, 0) CC(VQUIT, 1) CC(VERASE, 2) CC(VKILL, 3) CC(VEOF, 4)           \
    CC(VMIN, 5) CC(VEOL, 6) CC(VTIME, 7) CC(VEOL2, 8) CC(VSWTC, 9)             \
    CC(VWERASE, 10) CC(VREPRINT, 11) CC(VSUSP, 12) CC(VSTART, 13)              \
    CC(VSTOP, 14) CC(VLNEXT, 15) CC(VDISCARD, 16)

/* Baud rates in c_cflag's CBAUD field: SPEED(host Bxxx, ppc value). */
#define TARGET_CBAUD 0xff
#define TARGET_TERMIOS_SPEEDS                                                  \
    SPEED(B0, 0) SPEED(B50, 1) SPEED(B75, 2) SPEED(B110, 3) SPEED(B134, 4)     \
    SPEED(B150, 5) SPEED(B200, 6) SPEED(B300, 7) SPEED(B600, 8)                \
    SPEED(B1200, 9) SPEED(B1800, 10) SPEED(B2400, 11) SPEED(B4800, 12)         \
    SPEED(B9600, 13) SPEED(B19200, 14) SPEED(B38400, 15) SPEED(B57600, 16)     \
    SPEED(B115200, 17) SPEED(B230400, 18) SPEED(B460800, 19)                   \
    SPEED(B500000, 20) SPEED(B576000, 21) SPEED(B921600, 22)                   \
    SPEED(B1000000, 23)

/* ---- System V IPC (asm/ipcbuf.h, shmbuf.h, sembuf.h, msgbuf.h) ------- */

/* The old layouts (a ctl command without IPC_64): struct ipc_perm's ids
 * and mode are 32-bit, the pids of linux/shm.h and linux/msg.h 16-bit. */
typedef uint32_t target_old_uid_t;
typedef uint32_t target_old_mode_t;
typedef int16_t target_ipc_pid_t;

struct target_ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;
    uint32_t seq, pad1;
    uint64_t unused1, unused2;
};

/* Times: the high word first, then the low one; shm_segsz after them. */
struct target_shmid64_ds {
    struct target_ipc64_perm shm_perm;
    uint32_t shm_atime_high, shm_atime;
    uint32_t shm_dtime_high, shm_dtime;
    uint32_t shm_ctime_high, shm_ctime;
    uint32_t unused4;
    uint32_t shm_segsz;
    int32_t shm_cpid, shm_lpid;
    uint32_t shm_nattch;
    uint32_t unused5, unused6;
};

struct target_semid64_ds {
    struct target_ipc64_perm sem_perm;
    uint32_t sem_otime_high, sem_otime;
    uint32_t sem_ctime_high, sem_ctime;
    uint32_t sem_nsems;
    uint32_t unused3, unused4;
};

struct target_msqid64_ds {
    struct target_ipc64_perm msg_perm;
    uint32_t msg_stime_high, msg_stime;
    uint32_t msg_rtime_high, msg_rtime;
    uint32_t msg_ctime_high, msg_ctime;
    uint32_t msg_cbytes, msg_qnum, msg_qbytes;
    int32_t msg_lspid, msg_lrpid;
    uint32_t unused4, unused5;
};

/* The 64-bit words of ipc64_perm make each structure 8-byte aligned, as
 * in the ppc32 ABI (the kernel copies the tail padding too). */
_Static_assert(sizeof(struct target_ipc64_perm) == 48, "ppc32 ipc64_perm");
_Static_assert(offsetof(struct target_shmid64_ds, shm_segsz) == 76, "segsz");
_Static_assert(sizeof(struct target_shmid64_ds) == 104, "ppc32 shmid64_ds");
_Static_assert(sizeof(struct target_semid64_ds) == 80, "ppc32 semid64_ds");
_Static_assert(sizeof(struct target_msqid64_ds) == 104, "ppc32 msqid64_ds");

#endif
