/*
 * target_abi.h: the Linux ABI of i386 as the generic linux-user code sees
 * it (see linux-user/ppc/target_abi.h for the pattern).  Values are from
 * the kernel uapi headers for x86 (asm/stat.h, asm/posix_types_32.h,
 * asm-generic/fcntl.h, ...).  i386 aligns 64-bit members of structures
 * to 4 bytes only, so structures with such members are declared packed
 * here; the static assertions pin every size that matters.
 */
#ifndef LINUX_USER_I386_TARGET_ABI_H
#define LINUX_USER_I386_TARGET_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "linux-user/i386/x86-common-abi.h"

#define TARGET_NAME "i386"
#define TARGET_INFO i386_target_info /* target-x86/cpu.h */
#define TARGET_ABI_BITS 32
typedef uint32_t abi_ulong;
typedef int32_t abi_long;

#define TARGET_ELF_CLASS 1   /* ELFCLASS32 */
#define TARGET_ELF_MACHINE 3 /* EM_386 */

/* A 32-bit process on a 64-bit kernel has (almost) all 4 GiB. */
#define TARGET_TASK_SIZE 0xffffe000u
#define TARGET_STACK_TOP 0xfffdd000u
#define TARGET_ET_DYN_BASE 0x56555000u /* static-pie load address */
#define TARGET_MMAP_BASE 0x40000000u   /* first address tried by mmap */

#define TARGET_UNAME_MACHINE "i686"

/* 64-bit syscall arguments: a register pair, low word first, any start. */
#define TARGET_ALIGNED_REGPAIRS 0

/* ---- structures ------------------------------------------------------ */

struct target_timespec {
    int32_t tv_sec;
    int32_t tv_nsec;
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

struct target_tms {
    int32_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

struct target_rusage {
    struct target_timeval ru_utime, ru_stime;
    int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt;
    int32_t ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv;
    int32_t ru_nsignals, ru_nvcsw, ru_nivcsw;
};

struct target_stat { /* asm/stat.h struct stat, i386 */
    uint32_t st_dev;
    uint32_t st_ino;
    uint16_t st_mode;
    uint16_t st_nlink;
    uint16_t st_uid;
    uint16_t st_gid;
    uint32_t st_rdev;
    uint32_t st_size;
    uint32_t st_blksize;
    uint32_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec;
    uint32_t st_mtime_sec, st_mtime_nsec;
    uint32_t st_ctime_sec, st_ctime_nsec;
    uint32_t unused4, unused5;
};

/* asm/stat.h struct stat64: the inode number twice (32-bit and full). */
#define TARGET_STAT64_HAS_INO32 1
struct target_stat64 {
    uint64_t st_dev;
    uint8_t pad0[4];
    uint32_t st_ino32;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint8_t pad3[4];
    int64_t st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;
    uint32_t st_atime_sec, st_atime_nsec;
    uint32_t st_mtime_sec, st_mtime_nsec;
    uint32_t st_ctime_sec, st_ctime_nsec;
    uint64_t st_ino;
} __attribute__((packed));

struct target_flock {
    int16_t l_type;
    int16_t l_whence;
    int32_t l_start;
    int32_t l_len;
    int32_t l_pid;
};

struct target_flock64 {
    int16_t l_type;
    int16_t l_whence;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
} __attribute__((packed));

struct target_sigaction { /* rt_sigaction's struct sigaction */
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    uint32_t mask[2];
};

struct target_stack_t {
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

struct target_msghdr {
    uint32_t msg_name;
    uint32_t msg_namelen;
    uint32_t msg_iov;
    uint32_t msg_iovlen;
    uint32_t msg_control;
    uint32_t msg_controllen;
    int32_t msg_flags;
};

_Static_assert(sizeof(struct target_stat) == 64, "i386 stat");
_Static_assert(sizeof(struct target_stat64) == 96, "i386 stat64");
_Static_assert(offsetof(struct target_stat64, st_size) == 44, "stat64 size");
_Static_assert(offsetof(struct target_stat64, st_blocks) == 56, "blocks");
_Static_assert(offsetof(struct target_stat64, st_ino) == 88, "stat64 ino");
_Static_assert(sizeof(struct target_flock64) == 24, "i386 flock64");
_Static_assert(sizeof(struct target_sysinfo) == 64, "i386 sysinfo");

/* ---- System V IPC (asm-generic ipcbuf/shmbuf/sembuf/msgbuf, 32-bit) --- */

/* The old layouts (a ctl command without IPC_64): struct ipc_perm's ids
 * and mode, and the pids of linux/shm.h and linux/msg.h, are 16-bit. */
typedef uint16_t target_old_uid_t;
typedef uint16_t target_old_mode_t;
typedef uint16_t target_ipc_pid_t;
#define TARGET_OLD_UID16 1 /* ids above 65535 read as the overflow id */

struct target_ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint16_t mode, pad1;
    uint16_t seq, pad2;
    uint32_t unused1, unused2;
};

/* Times: the low word first, then the high one. */
struct target_shmid64_ds {
    struct target_ipc64_perm shm_perm;
    uint32_t shm_segsz;
    uint32_t shm_atime, shm_atime_high;
    uint32_t shm_dtime, shm_dtime_high;
    uint32_t shm_ctime, shm_ctime_high;
    int32_t shm_cpid, shm_lpid;
    uint32_t shm_nattch;
    uint32_t unused4, unused5;
};

struct target_semid64_ds {
    struct target_ipc64_perm sem_perm;
    uint32_t sem_otime, sem_otime_high;
    uint32_t sem_ctime, sem_ctime_high;
    uint32_t sem_nsems;
    uint32_t unused3, unused4;
};

struct target_msqid64_ds {
    struct target_ipc64_perm msg_perm;
    uint32_t msg_stime, msg_stime_high;
    uint32_t msg_rtime, msg_rtime_high;
    uint32_t msg_ctime, msg_ctime_high;
    uint32_t msg_cbytes, msg_qnum, msg_qbytes;
    int32_t msg_lspid, msg_lrpid;
    uint32_t unused4, unused5;
};

_Static_assert(sizeof(struct target_ipc64_perm) == 36, "i386 ipc64_perm");
_Static_assert(sizeof(struct target_shmid64_ds) == 84, "i386 shmid64_ds");
_Static_assert(sizeof(struct target_semid64_ds) == 64, "i386 semid64_ds");
_Static_assert(sizeof(struct target_msqid64_ds) == 88, "i386 msqid64_ds");

#endif
