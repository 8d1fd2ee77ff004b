/*
 * initstack.c: the process stack as the kernel's ELF loader builds it.
 * From the top down: the file name (AT_EXECFN), the environment and
 * argument strings, the platform string, 16 random bytes (AT_RANDOM);
 * then, 16-byte aligned, argc, argv[], NULL, envp[], NULL and the aux
 * vector, with the stack pointer at argc.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "linux-user/vdso.h"

#define DEFAULT_STACK_SIZE (8u << 20)
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51 /* linux/auxvec.h */
#endif

typedef struct StackBuilder {
    abi_ulong sp;     /* grows down */
    abi_ulong bottom; /* lowest usable address */
} StackBuilder;

static bool push_bytes(StackBuilder *b, const void *data, size_t len,
                       abi_ulong *addr)
{
    if (b->sp - b->bottom < len + 64) {
        return false;
    }
    b->sp -= len;
    memcpy(g2h(b->sp), data, len);
    *addr = b->sp;
    return true;
}

static void put_word(abi_ulong addr, abi_ulong v)
{
    abi_ulong be;
    tput(be, v);
    memcpy(g2h(addr), &be, sizeof(be));
}

bool initstack_build(ImageInfo *info, int argc, char **argv, char **envp,
                     const char *execfn, char *err, size_t err_size)
{
    abi_ulong size = info->stack_size ? info->stack_size : DEFAULT_STACK_SIZE;
    size = (size + TARGET_PAGE_SIZE - 1) & ~(abi_ulong)(TARGET_PAGE_SIZE - 1);
    if (size >= TARGET_STACK_TOP / 2) {
        snprintf(err, err_size, "stack size too large");
        return false;
    }
    int prot = PROT_READ | PROT_WRITE | (info->exec_stack ? PROT_EXEC : 0);
    /* TARGET_STACK_TOP is a hint: a 64-bit guest shares the host's
     * address space, where the kernel has the last word. */
    int64_t r = guest_mmap(TARGET_STACK_TOP - size, size, prot,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r < 0) {
        snprintf(err, err_size, "cannot map the stack: %s", strerror((int)-r));
        return false;
    }
    abi_ulong top = (abi_ulong)r + size;
    info->stack_lo = (abi_ulong)r;
    info->stack_hi = top;

    int envc = 0;
    while (envp[envc]) {
        envc++;
    }
    abi_ulong *argv_addr = calloc(argc + envc + 1, sizeof(abi_ulong));
    if (!argv_addr) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    abi_ulong *envp_addr = argv_addr + argc;

    StackBuilder b = { .sp = top - sizeof(abi_ulong), .bottom = (abi_ulong)r };
    abi_ulong execfn_addr = 0, platform_addr = 0, random_addr = 0;
    bool ok = push_bytes(&b, execfn, strlen(execfn) + 1, &execfn_addr);
    /* The strings lie back to back: /proc/self/environ and cmdline. */
    info->env_end = b.sp;
    for (int i = envc - 1; ok && i >= 0; i--) {
        ok = push_bytes(&b, envp[i], strlen(envp[i]) + 1, &envp_addr[i]);
    }
    info->env_start = info->arg_end = b.sp;
    for (int i = argc - 1; ok && i >= 0; i--) {
        ok = push_bytes(&b, argv[i], strlen(argv[i]) + 1, &argv_addr[i]);
    }
    info->arg_start = b.sp;
    const char *platform = target_elf_platform();
    if (ok && platform) {
        ok = push_bytes(&b, platform, strlen(platform) + 1, &platform_addr);
    }
    uint8_t random_bytes[16];
    if (getrandom(random_bytes, sizeof(random_bytes), 0) !=
        sizeof(random_bytes)) {
        memset(random_bytes, 0x5a, sizeof(random_bytes));
    }
    if (ok) {
        b.sp &= ~(abi_ulong)15;
        ok = push_bytes(&b, random_bytes, sizeof(random_bytes), &random_addr);
    }

    abi_ulong vdso_ehdr = 0, vdso_sysinfo = 0;
    if (ok && !vdso_map(&vdso_ehdr, &vdso_sysinfo, err, err_size)) {
        free(argv_addr);
        return false;
    }

    abi_ulong auxv[2 * 32];
    int n = 0;
#define AUX(type, val) (auxv[n++] = (type), auxv[n++] = (abi_ulong)(val))
    /* First, as the kernel's ARCH_DLINFO puts them. */
    if (vdso_sysinfo) {
        AUX(AT_SYSINFO, vdso_sysinfo);
    }
    if (vdso_ehdr) {
        AUX(AT_SYSINFO_EHDR, vdso_ehdr);
    }
#ifdef TARGET_CACHE_BLOCK_SIZE
    AUX(AT_DCACHEBSIZE, TARGET_CACHE_BLOCK_SIZE);
    AUX(AT_ICACHEBSIZE, TARGET_CACHE_BLOCK_SIZE);
    AUX(AT_UCACHEBSIZE, 0);
#endif
    AUX(AT_HWCAP, target_elf_hwcap());
    AUX(AT_PAGESZ, TARGET_PAGE_SIZE);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, info->phdr);
    AUX(AT_PHENT, info->phent);
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_BASE, info->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->prog_entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, random_addr);
    AUX(AT_HWCAP2, target_elf_hwcap2());
#ifdef TARGET_AUX_MINSIGSTKSZ
    AUX(AT_MINSIGSTKSZ, TARGET_AUX_MINSIGSTKSZ);
#endif
    AUX(AT_EXECFN, execfn_addr);
    if (platform_addr) {
        AUX(AT_PLATFORM, platform_addr);
    }
    AUX(AT_NULL, 0);
#undef AUX

    /* argc + argv + NULL + envp + NULL + auxv, ending 16-byte aligned. */
    abi_ulong words = 1 + argc + 1 + envc + 1 + n;
    abi_ulong table = (b.sp - words * sizeof(abi_ulong)) & ~(abi_ulong)15;
    if (!ok || table <= b.bottom + 256) {
        free(argv_addr);
        snprintf(err, err_size, "arguments and environment too large for "
                                "the stack");
        return false;
    }
    abi_ulong w = table;
    put_word(w, argc);
    w += sizeof(abi_ulong);
    info->argv = w;
    for (int i = 0; i < argc; i++, w += sizeof(abi_ulong)) {
        put_word(w, argv_addr[i]);
    }
    put_word(w, 0);
    w += sizeof(abi_ulong);
    info->envp = w;
    for (int i = 0; i < envc; i++, w += sizeof(abi_ulong)) {
        put_word(w, envp_addr[i]);
    }
    put_word(w, 0);
    w += sizeof(abi_ulong);
    info->auxv = w;
    info->auxv_len = n * sizeof(abi_ulong);
    for (int i = 0; i < n; i++, w += sizeof(abi_ulong)) {
        put_word(w, auxv[i]);
    }
    free(argv_addr);
    info->sp = table;
    info->argc = argc;
    return true;
}
