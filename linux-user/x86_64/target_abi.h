/*
 * target_abi.h: the Linux ABI of x86-64 as the generic linux-user code
 * sees it (see linux-user/ppc/target_abi.h for the pattern).  The layouts
 * are the host's own (the host is x86-64); they are spelled out with
 * fixed-size fields like every other target's, and pinned by the static
 * assertions below.
 *
 * The address space: guest addresses are host addresses (guest base 0);
 * the kernel picks where mappings go and guest-mem.c records which ranges
 * belong to the guest.
 */
#ifndef LINUX_USER_X86_64_TARGET_ABI_H
#define LINUX_USER_X86_64_TARGET_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "linux-user/i386/x86-common-abi.h"

#define TARGET_NAME "x86_64"
#define TARGET_INFO x86_64_target_info /* target-x86/cpu.h */
#define TARGET_ABI_BITS 64
typedef uint64_t abi_ulong;
typedef int64_t abi_long;

#define TARGET_ELF_CLASS 2    /* ELFCLASS64 */
#define TARGET_ELF_MACHINE 62 /* EM_X86_64 */

/* The user half of the 48-bit address space.  The other addresses are
 * hints: the kernel may place things elsewhere. */
#define TARGET_TASK_SIZE 0x7ffffffff000ull
#define TARGET_STACK_TOP 0x7ff000000000ull
#define TARGET_ET_DYN_BASE 0x555555554000ull /* static-pie load address */
#define TARGET_MMAP_BASE 0x7f0000000000ull

#define TARGET_UNAME_MACHINE "x86_64"

/* clone(flags, stack, parent_tid, child_tid, tls): the x86-64 order. */
#define TARGET_CLONE_CHILD_TID_ARG 3

/* ---- structures ------------------------------------------------------ */

struct target_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct target_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct target_timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};

struct target_iovec {
    uint64_t iov_base;
    uint64_t iov_len;
};

struct target_rlimit {
    uint64_t rlim_cur;
    uint64_t rlim_max;
};

struct target_tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

struct target_rusage {
    struct target_timeval ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt;
    int64_t ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv;
    int64_t ru_nsignals, ru_nvcsw, ru_nivcsw;
};

struct target_stat { /* asm/stat.h struct stat, x86-64 */
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;
    uint64_t st_atime_sec, st_atime_nsec;
    uint64_t st_mtime_sec, st_mtime_nsec;
    uint64_t st_ctime_sec, st_ctime_nsec;
    int64_t unused[3];
};

/* No stat64 calls on x86-64; the type keeps the generic code whole. */
#define target_stat64 target_stat

struct target_flock { /* 64-bit off_t: F_GETLK and F_GETLK64 agree */
    int16_t l_type;
    int16_t l_whence;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
};
#define target_flock64 target_flock

struct target_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint32_t mask[2];
};

struct target_stack_t {
    uint64_t ss_sp;
    int32_t ss_flags;
    uint64_t ss_size;
};

struct target_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
};

struct target_msghdr {
    uint64_t msg_name;
    uint32_t msg_namelen;
    uint64_t msg_iov;
    uint64_t msg_iovlen;
    uint64_t msg_control;
    uint64_t msg_controllen;
    int32_t msg_flags;
};

_Static_assert(sizeof(struct target_stat) == 144, "x86-64 stat");
_Static_assert(offsetof(struct target_stat, st_size) == 48, "stat size");
_Static_assert(sizeof(struct target_flock) == 32, "x86-64 flock");
_Static_assert(sizeof(struct target_sysinfo) == 112, "x86-64 sysinfo");
_Static_assert(sizeof(struct target_msghdr) == 56, "x86-64 msghdr");

#endif
