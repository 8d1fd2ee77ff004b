/*
 * vdso.c: the vDSO as glibc and a program see it: AT_SYSINFO_EHDR points
 * at a valid ELF shared object mapped read+exec and named [vdso] in
 * /proc/self/maps, whose dynamic symbol table (found through PT_DYNAMIC,
 * DT_HASH or DT_GNU_HASH) exports the functions glibc looks up; calling
 * them directly and through libc (clock_gettime, gettimeofday, time,
 * clock_getres) gives consistent values; its DT_SONAME is the kernel's.  On i386 also
 * AT_SYSINFO, __kernel_vsyscall, called as glibc calls it.  Prints only
 * what is the same on every run; the oracle is this program run natively
 * (tests/tcg/i386/vdso.c builds it for i386).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ELF_CLASS ELFCLASS64
#define ELF_MACHINE EM_X86_64
#else
#define ELF_CLASS ELFCLASS32
#define ELF_MACHINE EM_386
#endif

static uintptr_t base;        /* where the vDSO is */
static uintptr_t bias;        /* base - the first PT_LOAD's p_vaddr */
static const ElfW(Sym) *symtab;
static const char *strtab;
static size_t nsyms;

/* The number of dynamic symbols from DT_GNU_HASH: past the highest
 * bucket, follow its chain to the entry with the low bit set. */
static size_t gnu_hash_count(const uint32_t *h)
{
    uint32_t nbuckets = h[0], symoffset = h[1], bloom_size = h[2];
    const uint32_t *buckets =
        h + 4 + bloom_size * (sizeof(ElfW(Addr)) / 4);
    const uint32_t *chain = buckets + nbuckets;
    uint32_t last = 0;
    for (uint32_t i = 0; i < nbuckets; i++) {
        if (buckets[i] > last) {
            last = buckets[i];
        }
    }
    if (last < symoffset) {
        return symoffset;
    }
    while (!(chain[last - symoffset] & 1)) {
        last++;
    }
    return last + 1;
}

static int check_elf(void)
{
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0
        || eh->e_ident[EI_CLASS] != ELF_CLASS
        || eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_DYN
        || eh->e_machine != ELF_MACHINE
        || eh->e_phentsize != sizeof(ElfW(Phdr))) {
        printf("bad ELF header\n");
        return 1;
    }
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + eh->e_phoff);
    const ElfW(Dyn) *dyn = NULL;
    int loads = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && loads++ == 0) {
            bias = base - ph[i].p_vaddr;
            if (!(ph[i].p_flags & PF_X) || !(ph[i].p_flags & PF_R)) {
                printf("first PT_LOAD not read+exec\n");
            }
        }
    }
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_DYNAMIC) {
            dyn = (const ElfW(Dyn) *)(bias + ph[i].p_vaddr);
        }
    }
    printf("ELF header valid, PT_LOAD %s, PT_DYNAMIC %s\n",
           loads ? "yes" : "no", dyn ? "yes" : "no");
    if (!dyn) {
        return 1;
    }
    const uint32_t *hash = NULL, *gnu_hash = NULL;
    const ElfW(Dyn) *soname = NULL;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t p = bias + dyn->d_un.d_ptr;
        switch (dyn->d_tag) {
        case DT_SYMTAB: symtab = (const ElfW(Sym) *)p; break;
        case DT_STRTAB: strtab = (const char *)p; break;
        case DT_HASH: hash = (const uint32_t *)p; break;
        case DT_GNU_HASH: gnu_hash = (const uint32_t *)p; break;
        case DT_SONAME: soname = dyn; break;
        }
    }
    /* The name ldd prints for it (the kernel's: i386 linux-gate.so.1). */
    printf("soname %s\n", soname && strtab ? strtab + soname->d_un.d_val
                                           : "(none)");
    nsyms = hash ? hash[1] : gnu_hash ? gnu_hash_count(gnu_hash) : 0;
    printf("symbol table %s, hash table %s\n", symtab && strtab ? "yes" : "no",
           nsyms ? "yes" : "no");
    return !(symtab && strtab && nsyms);
}

static void *vdso_sym(const char *name)
{
    for (size_t i = 0; i < nsyms; i++) {
        const ElfW(Sym) *s = &symtab[i];
        if (s->st_shndx != SHN_UNDEF && ELF64_ST_TYPE(s->st_info) == STT_FUNC
            && strcmp(strtab + s->st_name, name) == 0) {
            return (void *)(bias + s->st_value);
        }
    }
    return NULL;
}

static void check_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long start;
        char perms[8];
        if (strstr(line, "[vdso]") && sscanf(line, "%lx-%*x %7s", &start,
                                             perms) == 2) {
            found = 1;
            printf("maps: [vdso] %s, at AT_SYSINFO_EHDR %s\n", perms,
                   start == base ? "yes" : "no");
        }
    }
    if (f) {
        fclose(f);
    }
    if (!found) {
        printf("maps: no [vdso]\n");
    }
}

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000ll + t->tv_nsec;
}

static void check_calls(void)
{
    int (*vgettime)(clockid_t, struct timespec *) =
        (int (*)(clockid_t, struct timespec *))vdso_sym("__vdso_clock_gettime");
    int (*vgettimeofday)(struct timeval *, void *) =
        (int (*)(struct timeval *, void *))vdso_sym("__vdso_gettimeofday");
    time_t (*vtime)(time_t *) = (time_t (*)(time_t *))vdso_sym("__vdso_time");
    int (*vgetres)(clockid_t, struct timespec *) =
        (int (*)(clockid_t, struct timespec *))vdso_sym("__vdso_clock_getres");

    printf("symbols: clock_gettime %d gettimeofday %d time %d getres %d\n",
           vgettime != NULL, vgettimeofday != NULL, vtime != NULL,
           vgetres != NULL);
    if (!vgettime || !vgettimeofday || !vtime || !vgetres) {
        return;
    }
    /* libc, vDSO, libc: in order on the monotonic clock. */
    struct timespec a, b, c, res;
    int ra = clock_gettime(CLOCK_MONOTONIC, &a);
    int rb = vgettime(CLOCK_MONOTONIC, &b);
    int rc = clock_gettime(CLOCK_MONOTONIC, &c);
    printf("monotonic: %d %d %d ordered %d\n", ra, rb, rc,
           ns(&a) <= ns(&b) && ns(&b) <= ns(&c));
    /* The real-time clock three ways, within a second of each other. */
    struct timespec rt;
    struct timeval tv;
    vgettime(CLOCK_REALTIME, &rt);
    int rtv = vgettimeofday(&tv, NULL);
    time_t t1 = vtime(NULL), t2 = time(NULL), t3;
    vtime(&t3);
    /* time() reads the kernel's coarse clock, which may lag a tick. */
    long long d1 = tv.tv_sec - rt.tv_sec, d2 = t1 - rt.tv_sec;
    printf("realtime: gettimeofday %d close %d, time close %d %d %d\n", rtv,
           d1 >= 0 && d1 <= 1, d2 >= -1 && d2 <= 1, t2 >= t1, t3 >= t1);
    printf("realtime after 2020: %d, usec in range %d\n",
           rt.tv_sec > 1577836800, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    int rr = vgetres(CLOCK_MONOTONIC, &res);
    struct timespec res2;
    clock_getres(CLOCK_MONOTONIC, &res2);
    printf("getres: %d same as libc %d\n", rr,
           res.tv_sec == res2.tv_sec && res.tv_nsec == res2.tv_nsec);
    /* An invalid clock: the error comes back as the kernel's. */
    printf("bad clock: %d\n", vgettime((clockid_t)1234, &b));
    /* getcpu through the vDSO and as a system call: a CPU this thread
     * may run on (numbers differ from run to run, the check does not). */
    int (*vgetcpu)(unsigned *, unsigned *, void *) =
        (int (*)(unsigned *, unsigned *, void *))vdso_sym("__vdso_getcpu");
    unsigned cpu = ~0u, node = ~0u, cpu2 = ~0u;
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    sched_getaffinity(0, sizeof(allowed), &allowed);
    int rg = vgetcpu ? vgetcpu(&cpu, &node, NULL) : -1;
    long rs = syscall(SYS_getcpu, &cpu2, NULL, NULL);
    printf("getcpu: exported %d, vdso %d allowed %d node %d, syscall %ld "
           "allowed %d\n", vgetcpu != NULL, rg,
           cpu < CPU_SETSIZE && CPU_ISSET(cpu, &allowed), node < 1024, rs,
           cpu2 < CPU_SETSIZE && CPU_ISSET(cpu2, &allowed));
}

#if defined(__i386__)
/* AT_SYSINFO: __kernel_vsyscall, called the way glibc calls it (number
 * and arguments in registers). */
static void check_sysinfo(void)
{
    uintptr_t entry = getauxval(AT_SYSINFO);
    printf("AT_SYSINFO: %s, is __kernel_vsyscall %d\n",
           entry ? "set" : "missing",
           entry && (void *)entry == vdso_sym("__kernel_vsyscall"));
    if (!entry) {
        return;
    }
    long pid;
    __asm__ volatile("call *%1" : "=a"(pid) : "r"(entry), "0"(SYS_getpid)
                     : "memory");
    printf("getpid through __kernel_vsyscall: %d\n", pid == getpid());
    static const char msg[] = "write through __kernel_vsyscall\n";
    long n;
    fflush(stdout);
    __asm__ volatile("push %%ebx\n\t"
                     "mov %2, %%ebx\n\t"
                     "call *%1\n\t"
                     "pop %%ebx"
                     : "=a"(n)
                     : "r"(entry), "r"(1), "c"(msg), "d"(sizeof(msg) - 1),
                       "0"(SYS_write)
                     : "memory");
    printf("wrote %ld\n", n);
}
#endif

int main(void)
{
    base = getauxval(AT_SYSINFO_EHDR);
    printf("AT_SYSINFO_EHDR: %s\n", base ? "set" : "missing");
    if (!base || check_elf()) {
        return 1;
    }
    check_maps();
    check_calls();
#if defined(__i386__)
    check_sysinfo();
#endif
    return 0;
}
