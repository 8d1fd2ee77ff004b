/*
 * user.h: the interface between the files of linux-user/.  Generic code
 * is compiled once per guest, against that guest's target_abi.h (found on
 * the include path in linux-user/<target>/).
 */
#ifndef LINUX_USER_USER_H
#define LINUX_USER_USER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "target_abi.h"
#include "tcg/exec.h"

/* ---- byte order of guest data ---------------------------------------- */

#if TARGET_BIG_ENDIAN
#define tswap16(x) __builtin_bswap16(x)
#define tswap32(x) __builtin_bswap32(x)
#define tswap64(x) __builtin_bswap64(x)
#else
#define tswap16(x) (x)
#define tswap32(x) (x)
#define tswap64(x) (x)
#endif

/* Store v into a guest-layout field (any integer width), or read it. */
#define tput(field, v)                                                         \
    do {                                                                       \
        __typeof__(field) tput_v_ = (__typeof__(field))(v);                    \
        switch (sizeof(field)) {                                               \
        case 2: tput_v_ = (__typeof__(field))tswap16((uint16_t)tput_v_); break; \
        case 4: tput_v_ = (__typeof__(field))tswap32((uint32_t)tput_v_); break; \
        case 8: tput_v_ = (__typeof__(field))tswap64((uint64_t)tput_v_); break; \
        default: break;                                                        \
        }                                                                      \
        memcpy(&(field), &tput_v_, sizeof(field));                             \
    } while (0)

/* Each whole 32-bit word of buf between the guest's and the host's
 * byte order (either way). */
static inline void tswap32_words(void *buf, size_t len)
{
    uint8_t *p = buf;
    for (size_t i = 0; i + 4 <= len; i += 4) {
        uint32_t v;
        memcpy(&v, p + i, 4);
        v = tswap32(v);
        memcpy(p + i, &v, 4);
    }
}

#define tget(field)                                                            \
    (sizeof(field) == 2   ? (__typeof__(field))tswap16((uint16_t)(field))      \
     : sizeof(field) == 4 ? (__typeof__(field))tswap32((uint32_t)(field))      \
     : sizeof(field) == 8 ? (__typeof__(field))tswap64((uint64_t)(field))      \
                          : (field))

/* ---- the guest address space (guest-mem.c) --------------------------- */

/* Per-page flags. */
enum {
    PAGE_MAPPED = 1,
    PAGE_READ = 2,
    PAGE_WRITE = 4,
    PAGE_EXEC = 8,
    /* Writable for the guest, but read-only on the host while it holds
     * translated code (self-modifying code: see guest-mem.c). */
    PAGE_CODE_RO = 16,
};

#if TARGET_ABI_BITS == 32
/* 32-bit guests: the whole 4 GiB space is reserved at tcg_guest_base. */
#define GUEST_SPACE_SIZE (1ull << TARGET_ABI_BITS)
#else
/* 64-bit guests: guest addresses are host addresses (tcg_guest_base 0);
 * the guest can name the user half of the 48-bit space. */
#define GUEST_SPACE_SIZE ((uint64_t)TARGET_TASK_SIZE)
#endif

/* The page map (page-map.c): PAGE_* flags of guest ranges, sparse.
 * Addresses and lengths are page aligned; flags 0 means unmapped. */
/* Guest threads: each call below is atomic; a sequence of them (find,
 * then map) holds this recursive lock around it. */
void page_map_lock(void);
void page_map_unlock(void);
void page_map_set(uint64_t start, uint64_t len, int flags);
int page_map_flags(uint64_t addr);
/* Bytes from addr on that are mapped with all the flags in need. */
uint64_t page_map_extent(uint64_t addr, int need);
/* First mapped address at or after addr (UINT64_MAX: none). */
uint64_t page_map_next(uint64_t addr);
/* Every page of the range has the flags in need / some page has one of
 * flags. */
bool page_map_all(uint64_t start, uint64_t len, int need);
bool page_map_any(uint64_t start, uint64_t len, int flags);
/* Lowest unmapped range of len bytes at or above from, ending at most at
 * limit; 0 if none. */
uint64_t page_map_find_free(uint64_t from, uint64_t len, uint64_t limit);
/* Call fn on each mapped part of the range (the map may change in fn). */
void page_map_foreach(uint64_t start, uint64_t len,
                      void (*fn)(uint64_t start, uint64_t len, void *opaque),
                      void *opaque);

/* Reserve the whole guest address space, at host address base if it is
 * nonzero (-B), and let the guest map nothing at or above limit if it is
 * nonzero (-R); false (errno set) on failure.  64-bit guests reserve
 * nothing (base and limit must be 0). */
bool guest_mem_init(uint64_t base, uint64_t limit);
/* The end of the guest's usable address space: TARGET_TASK_SIZE, or
 * less with -R. */
extern uint64_t guest_task_size;

static inline void *g2h(abi_ulong addr)
{
    return (void *)(tcg_guest_base + addr);
}

/* True if [addr, addr+len) lies in pages that all have the flags in need
 * (PAGE_READ and/or PAGE_WRITE).  len 0 is always fine. */
bool guest_access_ok(abi_ulong addr, uint64_t len, int need);
/* Host pointer for len bytes at addr if guest_access_ok, else NULL. */
void *guest_ptr(abi_ulong addr, uint64_t len, int need);
/* Host pointer for a buffer the host kernel reads or writes itself: only
 * checks that it lies inside the guest space (the kernel then faults on
 * pages the guest has not mapped, as the guest's kernel would). */
void *guest_buf(abi_ulong addr, uint64_t len);
/* Host pointer to the NUL-terminated readable string at addr, or NULL. */
const char *guest_string(abi_ulong addr);

/* Guest structures may sit at any address (nothing makes the guest align
 * its buffers), so no handler reads or writes one in place through a
 * typed pointer: it copies the guest's bytes into an aligned local, or
 * builds the structure in one and copies it out.  0 or -EFAULT. */
static inline int64_t copy_from_guest(void *dst, abi_ulong addr, size_t len)
{
    const void *src = guest_ptr(addr, len, PAGE_READ);
    if (!src) {
        return -EFAULT;
    }
    memcpy(dst, src, len);
    return 0;
}

static inline int64_t copy_to_guest(abi_ulong addr, const void *src,
                                    size_t len)
{
    void *dst = guest_ptr(addr, len, PAGE_WRITE);
    if (!dst) {
        return -EFAULT;
    }
    memcpy(dst, src, len);
    return 0;
}

/* One guest scalar of type T at addr, in guest byte order: store v, or
 * read it into *out.  0 or -EFAULT. */
#define put_guest_val(T, addr, v)                                              \
    __extension__({                                                            \
        T put_guest_v_;                                                        \
        tput(put_guest_v_, (v));                                               \
        copy_to_guest((addr), &put_guest_v_, sizeof(put_guest_v_));            \
    })
#define get_guest_val(T, addr, out)                                            \
    __extension__({                                                            \
        T get_guest_v_;                                                        \
        int64_t get_guest_r_ =                                                 \
            copy_from_guest(&get_guest_v_, (addr), sizeof(get_guest_v_));      \
        if (get_guest_r_ == 0) {                                               \
            *(out) = tget(get_guest_v_);                                       \
        }                                                                      \
        get_guest_r_;                                                          \
    })

/* mmap family in guest terms.  prot is PROT_*, flags host MAP_* (only
 * MAP_SHARED/PRIVATE/FIXED/ANONYMOUS/NORESERVE/FIXED_NOREPLACE matter).
 * Return the guest address or -errno. */
int64_t guest_mmap(abi_ulong addr, uint64_t len, int prot, int flags, int fd,
                   uint64_t offset);
int guest_munmap(abi_ulong addr, uint64_t len);
int guest_mprotect(abi_ulong addr, uint64_t len, int prot);
int64_t guest_mremap(abi_ulong old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, abi_ulong new_addr);

/* Self-modifying code (guest-mem.c), from the host fault handler: what a
 * write fault at guest address addr is. */
typedef enum CodeWriteFault {
    CODE_WRITE_NONE,      /* a fault of the guest */
    CODE_WRITE_PROTECTED, /* a write to a page holding translated code */
    CODE_WRITE_RETRY,     /* that, but the page is writable again by now */
} CodeWriteFault;
CodeWriteFault guest_code_write_fault(abi_ulong addr);
/* CODE_WRITE_PROTECTED from guest code, which the handler leaves with the
 * writing instruction at pc: it runs again, alone, after the page's
 * translated code is dropped (guest_code_write_pending). */
void guest_code_write_leave(abi_ulong addr, uint64_t pc);
/* CODE_WRITE_PROTECTED from mimic itself: the page is writable now; its
 * translated code goes before the thread runs guest code again. */
void guest_code_write_now(abi_ulong addr);
/* The cpu loop, before guest code runs again: drop the code of written
 * pages (above). */
void guest_code_write_pending(void);

/* The program break: set up by the loader after the last segment. */
void guest_brk_init(abi_ulong brk);
abi_ulong guest_brk(abi_ulong new_brk);

/* ---- the loaded program (elfload.c, initstack.c) --------------------- */

typedef struct ImageInfo {
    abi_ulong entry;      /* where the guest starts: the interpreter's entry
                           * point if there is one, else the program's */
    abi_ulong prog_entry; /* the program's entry point (AT_ENTRY) */
    abi_ulong interp_base; /* where the interpreter is (AT_BASE), or 0 */
    abi_ulong start_code, end_code, start_data, end_data; /* the program's
                           * text and data (/proc/self/stat) */
    abi_ulong phdr;       /* guest address of the program headers */
    unsigned phnum, phent;
    abi_ulong brk;        /* end of the highest segment */
    bool exec_stack;      /* PT_GNU_STACK asks for an executable stack */
    abi_ulong stack_size; /* -s, or the default */
    abi_ulong sp;         /* initial stack pointer (argc) */
    abi_ulong argv, envp, auxv; /* where initstack put them */
    abi_ulong auxv_len;   /* bytes of the aux vector, AT_NULL included */
    abi_ulong arg_start, arg_end, env_start, env_end; /* the strings */
    abi_ulong stack_lo, stack_hi; /* the stack mapping */
    int argc;
} ImageInfo;

/* Load the ELF at path.  On failure returns false with the reason (no
 * file name) in err. */
bool elf_load(const char *path, ImageInfo *info, char *err, size_t err_size);

/* Map the stack and build argc/argv/envp/auxv on it (ABI of the kernel's
 * ELF loader).  execfn is AT_EXECFN. */
bool initstack_build(ImageInfo *info, int argc, char **argv, char **envp,
                     const char *execfn, char *err, size_t err_size);

/* ---- files as the guest sees them (guest-path.c, proc.c) ------------ */

/* -L / MIMIC_LD_PREFIX: the guest's root for absolute paths, or NULL. */
extern const char *user_ld_prefix;
/* The host file for guest path p: the guest program for its own
 * /proc/self/exe, an absolute path that exists under the sysroot from
 * there (as qemu-user does), else p itself.  buf (PATH_MAX bytes is
 * enough) holds the result when it is not p. */
const char *user_path(const char *p, char *buf, size_t size);
/* The part of a file the loader copied to [start, start+len) (for
 * /proc/self/maps). */
void proc_add_file_range(uint64_t start, uint64_t len, uint64_t offset,
                         const char *path);
/* The loaded program and its stack (for /proc/self/...). */
void proc_set_image(const ImageInfo *info);
/* open/openat of a /proc file that mimic makes for the guest (maps,
 * auxv, cmdline, environ, stat of itself, /proc/cpuinfo): true with the
 * new descriptor or -errno in *ret; false for every other path. */
bool proc_open(const char *p, int host_flags, int64_t *ret);
/* readlink of /proc/self/exe (or /proc/<own pid>/exe): true with the
 * result in *ret; false for every other path. */
bool proc_readlink(const char *p, char *buf, size_t size, int64_t *ret);
/* /proc/cpuinfo for the guest CPU (linux-user/<target>/cpuinfo.c). */
void target_cpuinfo(FILE *out);

/* ---- per-target hooks (linux-user/<target>/) ------------------------- */

/* The frontend (target-<arch>/cpu.h). */
extern const TargetInfo TARGET_INFO;
/* Absolute path of the guest program (/proc/self/exe). */
extern const char *user_exe_path;
/* How execve starts a new guest program: this mimic binary, and the
 * options to hand on (NULL-terminated). */
extern const char *user_mimic_path;
extern const char *const *user_exec_options;

/* The CPU state of the calling guest thread (each guest thread is one
 * host thread). */
extern __thread CPUCommon *user_cpu;

/* -cpu: list models / check a name. */
void target_cpu_list(FILE *out);
bool target_cpu_model_ok(const char *name);
/* Create and reset the CPU with model name (NULL: default). */
void target_cpu_create(const char *model);
/* Registers at process start (pc, stack pointer, ...). */
void target_cpu_start(const ImageInfo *info);
/* In the child of a fork-like clone: switch to stack sp if nonzero. */
void target_cpu_clone_child(abi_ulong sp);
/* A new guest thread's CPU: a copy of the caller's whose clone returns 0,
 * on stack sp if nonzero, with the thread pointer tls (ppc r2, x86-64 FS
 * base, i386 a user_desc for set_thread_area) if set_tls.  NULL if it
 * cannot be made (a bad user_desc, no memory). */
CPUCommon *target_cpu_thread_copy(abi_ulong sp, bool set_tls, abi_ulong tls);
/* Run the calling thread's guest CPU forever (exit through syscalls or
 * fatal signals). */
_Noreturn void target_cpu_loop(void);
/* AT_PLATFORM string and AT_HWCAP/AT_HWCAP2 for the selected CPU. */
const char *target_elf_platform(void);
uint32_t target_elf_hwcap(void);
uint32_t target_elf_hwcap2(void);
/* Guest pc (for messages). */
uint64_t target_cpu_pc(void);

/* Guest syscall number -> name, NULL if the number is unknown. */
const char *target_syscall_name(int nr);
int target_syscall_count(void);

/* ---- system calls (syscall.c, sys-*.c) ------------------------------- */

#define SYSCALL_ARGS 6

/* A handler gets the raw argument registers and returns the result or
 * -errno (host errno values; the target's cpu loop converts). */
typedef int64_t SyscallFn(const uint64_t *a);

/* The guest termios at addr as the host's (sys-ioctl.c; -strace shows
 * it with the host's names); -EFAULT if it cannot be read. */
struct termios;
int64_t termios_from_guest(abi_ulong addr, struct termios *h);

/* One implemented call.  args: one character per argument for -strace:
 * d signed, # int (the register's upper half ignored), u unsigned, x hex, p pointer, s string, o octal mode,
 * F open flags, q open flags without the access mode, O open's mode
 * (shown only with O_CREAT), P mmap prot, M mmap flags, C clone flags,
 * A directory fd, l AT_* flags, a access mode, S signal, W lseek whence,
 * f fcntl command, c clock id, h sigprocmask how, w wait options,
 * X futex operation, D socket domain, Y socket type, e epoll_ctl op,
 * i ioctl request, b data (length in the next argument), g sigset,
 * t timespec, T 64-bit timespec, n struct sigaction, v string array,
 * L rlimit resource, r struct rlimit64, j struct rlimit (words),
 * y socket address (length in the next argument), m MSG_* flags,
 * Z socket protocol, E struct epoll_event, z statx mask, 1 statx flags,
 * 3 pollfd array (count in the next argument; revents shown after the
 * result), 4 struct itimerval, 6 struct msghdr, 9 itimer which,
 * 0 epoll_create1 flags, [ iovec array (count in the next argument);
 * filled in by the call, shown after it: B data (length: the result),
 * G sigset, I two descriptors, k struct stat, K struct stat64,
 * N struct sigaction, U timespec, R struct rlimit64, J struct rlimit,
 * H struct utsname, V wait status, Q ioctl argument (as the request
 * says), 2 struct statx, 5 struct itimerval, 7 struct msghdr (data: the
 * result), 8 epoll_event array (entries: the result), ] readv's iovec
 * array (count in the third argument, data: the result).
 * ret: 'd' (decimal) or 'p' (address). */
typedef struct SyscallDef {
    const char *name;
    SyscallFn *fn;
    const char *args;
    char ret;
} SyscallDef;

/* Tables of each topic file, ended by a NULL name. */
extern const SyscallDef sys_file_defs[], sys_path_defs[], sys_stat_defs[],
    sys_ioctl_defs[], sys_mem_defs[], sys_time_defs[], sys_proc_defs[],
    sys_signal_defs[], sys_socket_defs[], sys_exec_defs[],
    sys_fsinfo_defs[], sys_poll_defs[], sys_signalfd_defs[],
    sys_futex_defs[], sys_splice_defs[], sys_eventfd_defs[],
    sys_sched_defs[], sys_timer_defs[], sys_ipc_defs[];
#ifdef TARGET_HAS_ARCH_SYSCALLS
/* Calls only this architecture has (linux-user/<target>/). */
extern const SyscallDef sys_arch_defs[];
#endif

/* Result of a host call that returns -1 and sets errno on failure. */
static inline int64_t host_ret(int64_t r)
{
    return r < 0 ? -errno : r;
}

/* The 64-bit argument starting at register *i (a register pair on 32-bit
 * targets, aligned if the ABI says so); advances *i past it. */
uint64_t syscall_arg64(const uint64_t *a, int *i);

/* The guest's 32-bit or (time64) 64-bit timespec at addr (sys-time.c);
 * 0 or -EFAULT. */
int64_t get_timespec(abi_ulong addr, struct timespec *ts, bool time64);
int64_t put_timespec(abi_ulong addr, const struct timespec *ts, bool time64);
/* A struct itimerspec (interval, then value: two guest timespecs). */
int64_t get_itimerspec(abi_ulong addr, struct itimerspec *it, bool time64);
int64_t put_itimerspec(abi_ulong addr, const struct itimerspec *it,
                       bool time64);
/* The settime/gettime calls of POSIX timers and timerfds, whose
 * arguments have the same shape; nr is the host call. */
int64_t itimerspec_settime(long nr, const uint64_t *a, bool time64);
int64_t itimerspec_gettime(long nr, const uint64_t *a, bool time64);

/* Network interface ioctls on a struct ifreq or SIOCGIFCONF's list
 * (ioctl-ifreq.c). */
bool is_ifreq_ioctl(uint32_t req);
int64_t ifreq_ioctl(int fd, uint32_t req, abi_ulong arg);

/* The host iovec array (malloc'd) for the guest's array of count
 * iovecs at addr; NULL with -errno in *err on failure (sys-file.c). */
struct iovec;
struct iovec *guest_iovec(abi_ulong addr, abi_ulong count, int *err);

/* Descriptors whose reads return kernel structures (fd-kind.c): what
 * read returns from them goes through fd_kind_read_done (signalfd: host
 * -> guest numbers and byte order; eventfd and timerfd counters and
 * inotify headers: the guest's byte order), and a write to an eventfd
 * takes its counter from fd_kind_write_buf (the host's byte order, in
 * *tmp); close and dup keep the kinds up to date. */
typedef enum FdKind {
    FD_PLAIN,
    FD_SIGNALFD, /* signalfd.c */
    FD_COUNTER,  /* eventfd, timerfd: one 64-bit counter */
    FD_INOTIFY,
    FD_NETLINK_ROUTE, /* netlink.c: messages in the guest's byte order */
} FdKind;
FdKind fd_kind(int fd);
void fd_kind_set(int fd, FdKind kind);
void fd_kind_close_range(unsigned first, unsigned last);
void fd_kind_read_done(int fd, void *buf, size_t len);
const void *fd_kind_write_buf(int fd, const void *buf, size_t len,
                              uint64_t *tmp);
/* NETLINK_ROUTE messages in buf converted in place, from the guest's
 * byte order to the host's or back (netlink.c). */
void netlink_route_to_host(void *buf, size_t len);
void netlink_route_to_guest(void *buf, size_t len);
/* signalfd records in buf (host layout) as the guest's (signalfd.c). */
void signalfd_convert(void *buf, size_t len);

/* Open flags between the target's and the host's values. */
int target_to_host_open_flags(uint32_t f);
uint32_t host_to_target_open_flags(int f);

/* Run guest syscall nr; returns the result, or -errno (guest numbering). */
int64_t do_syscall(int nr, const uint64_t args[SYSCALL_ARGS]);
/* Build the number -> handler table; call once before the first syscall. */
void syscall_init(void);

/* ---- signals (signal.c) ---------------------------------------------- */

#define TARGET_NSIG 64
#define TARGET_SIG_DFL 0
#define TARGET_SIG_IGN 1
/* sa_flags and sigaltstack values are the generic Linux ones on every
 * guest mimic has (ppc, i386, x86_64 use the asm-generic numbers). */
#define TARGET_MINSIGSTKSZ 2048

/* Kernel-internal results of a guest syscall, never seen by the guest:
 * the call was interrupted by a signal and runs again unless a handler
 * without SA_RESTART is entered; a sigreturn restored every register. */
#define USER_ERESTARTSYS 512
#define USER_ESIGRETURN 513

/* siginfo as the guest's kernel lays it out (128 bytes; the union starts
 * after three ints, aligned to the guest word). */
typedef union target_siginfo {
    uint8_t raw[128];
    struct {
        int32_t si_signo, si_errno, si_code;
        union {
            struct { int32_t pid; uint32_t uid; } kill;
            struct { int32_t tid, overrun; abi_ulong value; } timer;
            struct { int32_t pid; uint32_t uid; abi_ulong value; } rt;
            struct { int32_t pid; uint32_t uid; int32_t status;
                     abi_long utime, stime; } chld;
            struct { abi_ulong addr; } fault;
            struct { abi_long band; int32_t fd; } poll;
        } __attribute__((aligned(sizeof(abi_ulong)))) f;
    } s;
} target_siginfo;

/* Guest signal number -> host signal number and back (the same below 32;
 * real-time ones shifted past the host C library's own); -1 if there is
 * none. */
int host_signal(int guest_sig);
int guest_signal(int host_sig);
/* Host siginfo h of guest signal sig as the guest's (async-signal-safe). */
void host_to_target_siginfo(target_siginfo *t, int sig, const siginfo_t *h);
/* A wait status of the host (killed or stopped by a host signal) as the
 * guest sees it. */
int guest_wait_status(int status);
/* The host sigset of the host twins of the guest signals in set. */
void signal_host_sigset(sigset_t *out, uint64_t set);

/* Install the host signal handlers (faults on an alternate stack) and take
 * the inherited mask and ignored signals as the guest's. */
void signal_init(void);
/* Leave the process killed by host signal sig, like a native one would
 * be (flushes the log first). */
_Noreturn void die_by_signal(int sig);
/* Exit with status after flushing the log and printing -d stats. */
_Noreturn void user_exit(int status);
/* True if a synchronous sig (a fault of the guest) would enter a guest
 * handler: one is installed and sig is not blocked.  Otherwise the cpu
 * loop prints its one-line message and dies by the signal. */
bool guest_signal_handled(int sig);
/* The guest sent sig to itself (kill) or to its own thread (tgkill,
 * tkill): it arrives like any other signal; returns 0 or -errno. */
int64_t guest_signal_self(int sig);
int64_t guest_signal_self_thread(int sig);
/* Nonzero while this thread's cpu loop runs guest code (for the fault
 * handler). */
extern __thread volatile sig_atomic_t user_in_guest_code;

/* The cpu loop's side.  A synchronous exception of guest instruction at
 * the current pc becomes signal sig with si_code code and si_addr addr. */
void signal_queue_fault(int sig, int code, abi_ulong addr);
/* After a guest syscall returned ret: -EINTR from a call the kernel would
 * restart becomes -USER_ERESTARTSYS when a signal is pending.  The target
 * then moves pc back to the syscall instruction (arguments untouched) so
 * that it runs again unless a handler without SA_RESTART is entered. */
int64_t signal_syscall_result(int nr, int64_t ret);
/* Deliver every pending unblocked signal: enter handlers (frames through
 * the target hooks below), take default actions.  Call after each
 * cpu_exec return and each syscall; cheap when nothing is pending. */
void signal_deliver_pending(CPUCommon *cpu);

/* Stack for a signal frame of handler ka, given the guest sp: the top of
 * the alternate stack if ka asks for it and it is not in use, else sp. */
abi_ulong signal_frame_stack(const struct target_sigaction *ka, abi_ulong sp);
/* uc_stack of a ucontext: the alternate stack as seen at sp. */
void signal_save_altstack(struct target_stack_t *out, abi_ulong sp);
/* rt_sigreturn: the alternate stack from the frame's uc_stack, seen from
 * the restored stack pointer sp (a handler may change it through its
 * ucontext). */
void signal_restore_altstack(const struct target_stack_t *uc_stack,
                             abi_ulong sp);

/* The guest's 64-bit sigset at addr (two 32-bit words in guest order);
 * 0 or -EFAULT. */
int64_t get_guest_sigset(abi_ulong addr, uint64_t *set);
/* Calls that wait under a mask of their own (ppoll, pselect6,
 * epoll_pwait), as rt_sigsuspend: _begin sets the guest mask to set for
 * the wait; _end(ret) puts the old mask back, unless the wait ended for a
 * signal that is now deliverable: then the handler's frame saves the old
 * mask and its sigreturn restores it. */
void signal_wait_mask_begin(uint64_t set);
void signal_wait_mask_end(int64_t ret);

/* Guest address of a read-only executable page that holds code (len
 * bytes, the target's sigreturn sequences, the same on every call) for
 * handlers that return without a restorer of their own (the kernel's
 * vDSO or trampoline page); 0 if it cannot be mapped. */
abi_ulong signal_trampoline_page(const void *code, size_t len);

/* Per-target signal frames (linux-user/<target>/signal.c). */
/* Build the frame of handler ka for sig with siginfo info and the mask
 * to restore (oldmask, bit n-1 = signal n) on the guest stack, and point
 * the CPU at the handler.  False if the frame cannot be written (the
 * process then dies by SIGSEGV, as with the kernel). */
bool target_setup_frame(CPUCommon *cpu, int sig,
                        const struct target_sigaction *ka,
                        const target_siginfo *info, uint64_t oldmask);
/* rt_sigreturn / sigreturn: restore every register and *mask from the
 * frame the guest's sp points at; false if it is unreadable. */
bool target_rt_sigreturn(CPUCommon *cpu, uint64_t *mask);
bool target_sigreturn(CPUCommon *cpu, uint64_t *mask);
/* The syscall whose restart is pending (pc moved back) returns -EINTR
 * instead: pc after it, the target's error convention. */
void target_syscall_set_eintr(CPUCommon *cpu);
/* The guest stack pointer (sigaltstack's SS_ONSTACK). */
abi_ulong target_signal_sp(CPUCommon *cpu);
/* A guest data access faulted (host SIGSEGV/SIGBUS at guest address
 * addr); pf_error_code is the host's page-fault error code (x86 layout:
 * bit 0 page present, 1 write, 2 user), which is what the guest's kernel
 * would have seen too.  The target keeps what its signal frames report
 * about the fault (x86 trapno/err/cr2, ppc DSISR's store bit). */
void target_note_data_fault(abi_ulong addr, uint32_t pf_error_code);

/* A host system call that a signal can interrupt without a race: if a
 * guest signal is already pending when it would block, it returns -EINTR
 * without entering the kernel (safe-syscall.c).  Returns the raw kernel
 * result (-errno on failure). */
long safe_syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
                  long a6);
/* safe_syscall(nr, args...): up to six arguments, the missing ones 0 (a
 * variadic function would read six whatever the caller passed). */
#define safe_syscall(...) safe_syscall_pad_(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
#define safe_syscall_pad_(nr, a1, a2, a3, a4, a5, a6, ...)                    \
    safe_syscall6((long)(nr), (long)(a1), (long)(a2), (long)(a3),            \
                  (long)(a4), (long)(a5), (long)(a6))
/* From the host signal handler (its ucontext): a signal that came between
 * safe_syscall's pending check and the kernel entry makes it return
 * -EINTR. */
void safe_syscall_fixup(void *host_ucontext);
/* Nonzero while a guest signal queued for this thread is deliverable
 * (safe_syscall checks it). */
extern __thread volatile sig_atomic_t signal_pending_deliverable;

/* A new guest thread's signal state (signal.c): the guest mask it starts
 * with (its creator's), no alternate stack, nothing queued; the host
 * alternate stack for faults.  Call on the new thread. */
void signal_thread_init(uint64_t guest_mask);
/* The thread is about to end: block every signal, drop the host
 * alternate stack. */
void signal_thread_end(void);
/* The calling thread's guest signal mask. */
uint64_t signal_thread_mask(void);
/* The guest siginfo at addr, as rt_sigqueueinfo and pidfd_send_signal
 * pass it on: its code, pid, uid and value with host_sig as the signal;
 * 0 or -EFAULT. */
int64_t get_guest_queued_siginfo(abi_ulong addr, int host_sig, siginfo_t *h);
/* The end of a call that loaded every register (sigreturn, ppc's
 * swapcontext): set the guest mask (ok) or kill the process with SIGSEGV
 * (!ok, an unreadable context); returns -USER_ESIGRETURN, which leaves
 * the registers alone. */
int64_t signal_finish_sigreturn(bool ok, uint64_t mask);

/* ---- threads (thread.c) ---------------------------------------------- */

/* clone with CLONE_VM|CLONE_THREAD: a host thread runs a copy of the
 * caller's CPU.  Returns the new thread id or -errno. */
int64_t thread_clone(uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                     abi_ulong tls, abi_ulong ctid);
/* exit (not exit_group): the calling thread ends (CLONE_CHILD_CLEARTID /
 * set_tid_address: 0 written and a futex wake at that address); the
 * process ends with the last thread. */
_Noreturn void thread_exit(int status);
/* set_tid_address: where to clear and wake when this thread ends. */
void thread_set_clear_tid(abi_ulong addr);

/* ---- -strace (strace.c) ---------------------------------------------- */

/* Format "PID name(args...)"; a NULL argfmt prints the raw registers. */
void strace_syscall_start(int nr, const char *name, const char *argfmt,
                          const uint64_t args[SYSCALL_ARGS]);
/* Finish the line with " = result" (ret: 'd' or 'p' as in SyscallDef). */
void strace_syscall_end(int64_t result, char ret);
/* A call that does not return (exit): finish the pending line as is. */
void strace_syscall_noreturn(void);

#endif
