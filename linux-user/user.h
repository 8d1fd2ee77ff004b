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
 * nonzero (-B); false (errno set) on failure.  64-bit guests reserve
 * nothing (base must be 0). */
bool guest_mem_init(uint64_t base);

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

/* mmap family in guest terms.  prot is PROT_*, flags host MAP_* (only
 * MAP_SHARED/PRIVATE/FIXED/ANONYMOUS/NORESERVE/FIXED_NOREPLACE matter).
 * Return the guest address or -errno. */
int64_t guest_mmap(abi_ulong addr, uint64_t len, int prot, int flags, int fd,
                   uint64_t offset);
int guest_munmap(abi_ulong addr, uint64_t len);
int guest_mprotect(abi_ulong addr, uint64_t len, int prot);
int64_t guest_mremap(abi_ulong old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, abi_ulong new_addr);

/* The program break: set up by the loader after the last segment. */
void guest_brk_init(abi_ulong brk);
abi_ulong guest_brk(abi_ulong new_brk);

/* ---- the loaded program (elfload.c, initstack.c) --------------------- */

typedef struct ImageInfo {
    abi_ulong entry;      /* entry point, load bias applied */
    abi_ulong phdr;       /* guest address of the program headers */
    unsigned phnum, phent;
    abi_ulong brk;        /* end of the highest segment */
    bool exec_stack;      /* PT_GNU_STACK asks for an executable stack */
    abi_ulong stack_size; /* -s, or the default */
    abi_ulong sp;         /* initial stack pointer (argc) */
    abi_ulong argv, envp, auxv; /* where initstack put them */
    int argc;
} ImageInfo;

/* Load the ELF at path.  On failure returns false with the reason (no
 * file name) in err. */
bool elf_load(const char *path, ImageInfo *info, char *err, size_t err_size);

/* Map the stack and build argc/argv/envp/auxv on it (ABI of the kernel's
 * ELF loader).  execfn is AT_EXECFN. */
bool initstack_build(ImageInfo *info, int argc, char **argv, char **envp,
                     const char *execfn, char *err, size_t err_size);

/* ---- per-target hooks (linux-user/<target>/) ------------------------- */

/* The frontend (target-<arch>/cpu.h). */
extern const TargetInfo TARGET_INFO;
/* Absolute path of the guest program (/proc/self/exe). */
extern const char *user_exe_path;
/* How execve starts a new guest program: this mimic binary, and the
 * options to hand on (NULL-terminated). */
extern const char *user_mimic_path;
extern const char *const *user_exec_options;

/* The CPU state of the (only) guest thread, and its common part. */
extern CPUCommon *user_cpu;

/* -cpu: list models / check a name. */
void target_cpu_list(FILE *out);
bool target_cpu_model_ok(const char *name);
/* Create and reset the CPU with model name (NULL: default). */
void target_cpu_create(const char *model);
/* Registers at process start (pc, stack pointer, ...). */
void target_cpu_start(const ImageInfo *info);
/* In the child of a fork-like clone: switch to stack sp if nonzero. */
void target_cpu_clone_child(abi_ulong sp);
/* Run the guest forever (exit through syscalls or fatal signals). */
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

/* One implemented call.  args: one character per argument for -strace:
 * d signed, u unsigned, x hex, p pointer, s string, o octal mode,
 * F open flags, P mmap prot, M mmap flags, A directory fd, S signal,
 * W lseek whence; ret: 'd' (decimal) or 'p' (address). */
typedef struct SyscallDef {
    const char *name;
    SyscallFn *fn;
    const char *args;
    char ret;
} SyscallDef;

/* Tables of each topic file, ended by a NULL name. */
extern const SyscallDef sys_file_defs[], sys_path_defs[], sys_stat_defs[],
    sys_ioctl_defs[], sys_mem_defs[], sys_time_defs[], sys_proc_defs[],
    sys_signal_defs[], sys_socket_defs[], sys_exec_defs[];
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

/* Open flags between the target's and the host's values. */
int target_to_host_open_flags(uint32_t f);
uint32_t host_to_target_open_flags(int f);

/* Run guest syscall nr; returns the result, or -errno (guest numbering). */
int64_t do_syscall(int nr, const uint64_t args[SYSCALL_ARGS]);
/* Build the number -> handler table; call once before the first syscall. */
void syscall_init(void);

/* ---- signals (signal.c) ---------------------------------------------- */

/* Install the host fault handlers (on an alternate stack). */
void signal_init(void);
/* Leave the process killed by host signal sig, like a native one would
 * be (flushes the log first). */
_Noreturn void die_by_signal(int sig);
/* Exit with status after flushing the log and printing -d stats. */
_Noreturn void user_exit(int status);
/* Guest signal dispositions (recorded for issue 4's delivery). */
bool guest_signal_handled(int sig);
/* The guest sent sig to itself: take the default action if it has no
 * handler (dies for fatal signals); returns 0 or -errno. */
int64_t guest_signal_self(int sig);
/* Nonzero while the cpu loop runs guest code (for the fault handler). */
extern volatile sig_atomic_t user_in_guest_code;

/* ---- -strace (strace.c) ---------------------------------------------- */

/* Format "PID name(args...)"; a NULL argfmt prints the raw registers. */
void strace_syscall_start(int nr, const char *name, const char *argfmt,
                          const uint64_t args[SYSCALL_ARGS]);
/* Finish the line with " = result" (ret: 'd' or 'p' as in SyscallDef). */
void strace_syscall_end(int64_t result, char ret);
/* A call that does not return (exit): finish the pending line as is. */
void strace_syscall_noreturn(void);

#endif
