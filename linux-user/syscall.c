/*
 * syscall.c: system-call dispatch.  Handlers are found by name: each topic
 * file (sys-*.c, signal.c) lists the calls it implements under their
 * kernel names, and the target lists its numbers and names; syscall_init
 * joins the two, so a new guest only brings its number table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "linux-user/user.h"
#include "util/log.h"

static const SyscallDef *const *handlers; /* by guest number */
static int num_handlers;

static const SyscallDef *const def_tables[] = {
    sys_file_defs, sys_path_defs, sys_stat_defs,   sys_ioctl_defs,
    sys_mem_defs,  sys_time_defs, sys_proc_defs,   sys_signal_defs,
    sys_socket_defs, sys_exec_defs, sys_fsinfo_defs, sys_poll_defs,
    sys_signalfd_defs, sys_futex_defs, sys_splice_defs, sys_eventfd_defs,
    sys_sched_defs, sys_timer_defs, sys_ipc_defs,
#ifdef TARGET_HAS_ARCH_SYSCALLS
    sys_arch_defs,
#endif
};

static const SyscallDef *find_def(const char *name)
{
    for (size_t t = 0; t < sizeof(def_tables) / sizeof(def_tables[0]); t++) {
        for (const SyscallDef *d = def_tables[t]; d->name; d++) {
            if (strcmp(d->name, name) == 0) {
                return d;
            }
        }
    }
    return NULL;
}

void syscall_init(void)
{
    num_handlers = target_syscall_count();
    const SyscallDef **h = calloc(num_handlers, sizeof(*h));
    if (!h) {
        fprintf(stderr, "mimic: out of memory\n");
        exit(1);
    }
    for (int nr = 0; nr < num_handlers; nr++) {
        const char *name = target_syscall_name(nr);
        h[nr] = name ? find_def(name) : NULL;
    }
    handlers = h;
}

uint64_t syscall_arg64(const uint64_t *a, int *i)
{
#if TARGET_ABI_BITS == 32
#if TARGET_ALIGNED_REGPAIRS
    *i += *i & 1;
#endif
    uint32_t first = (uint32_t)a[*i], second = (uint32_t)a[*i + 1];
    *i += 2;
#if TARGET_BIG_ENDIAN
    return ((uint64_t)first << 32) | second;
#else
    return ((uint64_t)second << 32) | first;
#endif
#else
    return a[(*i)++];
#endif
}

/* Open flags: only four bits differ between powerpc and x86; the kernel
 * value of O_LARGEFILE on x86-64 is 0100000 (glibc defines it as 0). */
#define HOST_O_LARGEFILE 0100000

static const struct {
    uint32_t target;
    int host;
} open_flag_bits[] = {
    { TARGET_O_DIRECTORY, O_DIRECTORY },
    { TARGET_O_NOFOLLOW, O_NOFOLLOW },
    { TARGET_O_LARGEFILE, HOST_O_LARGEFILE },
    { TARGET_O_DIRECT, O_DIRECT },
};

int target_to_host_open_flags(uint32_t f)
{
    int h = 0;
    uint32_t special = 0;
    for (size_t i = 0; i < sizeof(open_flag_bits) / sizeof(open_flag_bits[0]);
         i++) {
        special |= open_flag_bits[i].target;
        if (f & open_flag_bits[i].target) {
            h |= open_flag_bits[i].host;
        }
    }
    return h | (int)(f & ~special);
}

uint32_t host_to_target_open_flags(int f)
{
    uint32_t t = 0;
    int special = 0;
    for (size_t i = 0; i < sizeof(open_flag_bits) / sizeof(open_flag_bits[0]);
         i++) {
        special |= open_flag_bits[i].host;
        if (f & open_flag_bits[i].host) {
            t |= open_flag_bits[i].target;
        }
    }
    return t | (uint32_t)(f & ~special);
}

int64_t do_syscall(int nr, const uint64_t args[SYSCALL_ARGS])
{
    const SyscallDef *d = nr >= 0 && nr < num_handlers ? handlers[nr] : NULL;
    const char *name = d ? d->name : target_syscall_name(nr);
    bool trace = log_enabled(LOG_STRACE);
    if (!d) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("Unsupported syscall: %d (%s)\n", nr,
                       name ? name : "unknown");
        }
        if (trace) {
            strace_syscall_start(nr, name, NULL, args);
            strace_syscall_end(-ENOSYS, 'd');
        }
        return -ENOSYS;
    }
    if (trace) {
        strace_syscall_start(nr, name, d->args, args);
    }
    int64_t ret = d->fn(args);
    if (trace) {
        strace_syscall_end(ret, d->ret);
    }
    return ret;
}
