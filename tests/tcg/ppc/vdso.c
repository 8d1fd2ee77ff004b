/*
 * The ppc32 vDSO: AT_SYSINFO_EHDR names a big-endian 32-bit PowerPC ELF
 * shared object whose dynamic symbols are the kernel's (each at version
 * LINUX_2.6.15), whose functions follow the system call convention that
 * glibc calls them with (result in r3; on error CR0.SO set and the errno
 * in r3), and whose PT_GNU_EH_FRAME covers the signal trampolines; glibc's
 * clock_gettime, clock_getres, gettimeofday, time and the time base
 * frequency work with it.
 * The expected lines about the vDSO are the kernel's ABI, written by hand:
 * qemu-ppc 7.2 maps no vDSO for ppc (its AT_SYSINFO_EHDR is 0) and so
 * cannot be the oracle for them; the lines about glibc's time functions
 * are the same under qemu-ppc.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/platform/ppc.h>
#include <sys/time.h>
#include <time.h>

static const unsigned char *vdso;
static const Elf32_Sym *symtab;
static const char *strtab;
static const Elf32_Half *versym;
static const Elf32_Verdef *verdef;
static unsigned nsyms;

/* The dynamic table's pointers are link-time addresses: the image's own. */
static const void *at(Elf32_Addr addr)
{
    return vdso + addr;
}

static void read_dynamic(const Elf32_Ehdr *e)
{
    const Elf32_Phdr *ph = (const Elf32_Phdr *)(vdso + e->e_phoff);
    int eh_frame = 0;
    for (int i = 0; i < e->e_phnum; i++) {
        if (ph[i].p_type == PT_GNU_EH_FRAME && ph[i].p_memsz > 0) {
            eh_frame = 1;
        }
        if (ph[i].p_type != PT_DYNAMIC) {
            continue;
        }
        for (const Elf32_Dyn *d = at(ph[i].p_vaddr); d->d_tag != DT_NULL; d++) {
            switch (d->d_tag) {
            case DT_SYMTAB: symtab = at(d->d_un.d_ptr); break;
            case DT_STRTAB: strtab = at(d->d_un.d_ptr); break;
            case DT_VERSYM: versym = at(d->d_un.d_ptr); break;
            case DT_VERDEF: verdef = at(d->d_un.d_ptr); break;
            case DT_HASH: nsyms = ((const Elf32_Word *)at(d->d_un.d_ptr))[1];
                break;
            }
        }
    }
    printf("PT_GNU_EH_FRAME: %s\n", eh_frame ? "yes" : "no");
    printf("dynamic symbols, strings, versions, hash: %s\n",
           symtab && strtab && versym && verdef && nsyms ? "yes" : "no");
}

/* The name of version index idx. */
static const char *version_name(unsigned idx)
{
    const Elf32_Verdef *v = verdef;
    for (;;) {
        if ((v->vd_ndx & 0x7fff) == idx) {
            const Elf32_Verdaux *aux =
                (const Elf32_Verdaux *)((const char *)v + v->vd_aux);
            return strtab + aux->vda_name;
        }
        if (!v->vd_next) {
            return "?";
        }
        v = (const Elf32_Verdef *)((const char *)v + v->vd_next);
    }
}

static void *lookup(const char *name)
{
    for (unsigned i = 1; i < nsyms; i++) {
        if (strcmp(strtab + symtab[i].st_name, name) == 0 &&
            symtab[i].st_shndx != SHN_UNDEF) {
            printf("  %s: %s, version %s\n", name,
                   ELF32_ST_TYPE(symtab[i].st_info) == STT_FUNC ? "function"
                                                                : "not a function",
                   version_name(versym[i] & 0x7fff));
            return (void *)(vdso + symtab[i].st_value);
        }
    }
    printf("  %s: missing\n", name);
    return NULL;
}

/* A vDSO function called as glibc calls it: *so is CR0.SO afterwards,
 * *r4 the second result word. */
static unsigned long call(void *fn, unsigned long a0, unsigned long a1,
                          unsigned long a2, unsigned long *r4out, int *so)
{
    register unsigned long r3 __asm__("r3") = a0;
    register unsigned long r4 __asm__("r4") = a1;
    register unsigned long r5 __asm__("r5") = a2;
    unsigned long cr;
    __asm__ volatile("mtctr %[fn]\n\tbctrl\n\tmfcr %[cr]"
                     : "+r"(r3), "+r"(r4), "+r"(r5), [cr] "=r"(cr)
                     : [fn] "r"(fn)
                     : "r0", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
                       "ctr", "lr", "cr0", "xer", "memory");
    if (r4out) {
        *r4out = r4;
    }
    *so = (cr >> 28) & 1;
    return r3;
}

static unsigned long long timebase(void)
{
    unsigned hi, lo, hi2;
    do {
        __asm__ volatile("mftbu %0\n\tmftb %1\n\tmftbu %2"
                         : "=r"(hi), "=r"(lo), "=r"(hi2));
    } while (hi != hi2);
    return (unsigned long long)hi << 32 | lo;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Whether freq is within 10% of the time base's rate, measured over 50 ms;
   up to five tries, since a preemption between reading the time base and
   the clock spoils one measurement on a loaded machine. */
static int rate_matches(unsigned long long freq)
{
    for (int try = 0; try < 5; try++) {
        double t0 = now();
        unsigned long long tb0 = timebase();
        while (now() - t0 < 0.05) {
        }
        double rate = (timebase() - tb0) / (now() - t0);
        if (rate > freq * 0.9 && rate < freq * 1.1)
            return 1;
    }
    return 0;
}

static void test_functions(void)
{
    static const char *const names[] = {
        "__kernel_clock_gettime", "__kernel_clock_getres",
        "__kernel_gettimeofday", "__kernel_time", "__kernel_getcpu",
        "__kernel_get_tbfreq", "__kernel_sync_dicache",
        "__kernel_sigtramp_rt32", "__kernel_sigtramp32",
    };
    void *fn[9];
    int have_all = 1;
    for (int i = 0; i < 9; i++) {
        fn[i] = lookup(names[i]);
        have_all &= fn[i] != NULL;
    }
    if (!have_all) {
        return;
    }
    int so;
    struct timespec ts = { 0, -1 };
    unsigned long r = call(fn[0], CLOCK_REALTIME, (unsigned long)&ts, 0, NULL,
                           &so);
    printf("__kernel_clock_gettime(CLOCK_REALTIME): %lu, SO %d, "
           "agrees with time(): %s\n", r, so,
           ts.tv_sec - time(NULL) <= 0 && ts.tv_sec - time(NULL) >= -1 ? "yes"
                                                                       : "no");
    r = call(fn[0], 12345, (unsigned long)&ts, 0, NULL, &so);
    printf("__kernel_clock_gettime(12345): %s, SO %d\n",
           r == EINVAL ? "EINVAL" : "other", so);
    r = call(fn[1], CLOCK_MONOTONIC, (unsigned long)&ts, 0, NULL, &so);
    printf("__kernel_clock_getres(CLOCK_MONOTONIC): %lu, SO %d, positive: "
           "%s\n", r, so, ts.tv_sec > 0 || ts.tv_nsec > 0 ? "yes" : "no");
    struct timeval tv;
    r = call(fn[2], (unsigned long)&tv, 0, 0, NULL, &so);
    printf("__kernel_gettimeofday: %lu, SO %d, agrees with time(): %s\n", r,
           so, tv.tv_sec - time(NULL) <= 0 && tv.tv_sec - time(NULL) >= -1
                   ? "yes" : "no");
    time_t t = 0;
    r = call(fn[3], (unsigned long)&t, 0, 0, NULL, &so);
    printf("__kernel_time: result and *t agree: %s, SO %d\n",
           (time_t)r == t && t - time(NULL) <= 0 && t - time(NULL) >= -1
               ? "yes" : "no", so);
    unsigned cpu = ~0u;
    r = call(fn[4], (unsigned long)&cpu, 0, 0, NULL, &so);
    printf("__kernel_getcpu: %lu, SO %d, a CPU number: %s\n", r, so,
           cpu < 4096 ? "yes" : "no");
    unsigned long lo;
    unsigned long hi = call(fn[5], 0, 0, 0, &lo, &so);
    unsigned long long freq = (unsigned long long)hi << 32 | lo;
    printf("__kernel_get_tbfreq: SO %d, the time base's measured rate: %s\n",
           so, rate_matches(freq) ? "yes" : "no");
    printf("__ppc_get_timebase_freq agrees: %s\n",
           __ppc_get_timebase_freq() == freq ? "yes" : "no");
    r = call(fn[6], (unsigned long)fn[0], 64, 0, NULL, &so);
    printf("__kernel_sync_dicache: %lu, SO %d\n", r, so);
}

/* glibc's own calls (through the vDSO when it has one). */
static void test_glibc(void)
{
    struct timespec a, b, res;
    int ra = clock_gettime(CLOCK_MONOTONIC, &a);
    int rb = clock_gettime(CLOCK_MONOTONIC, &b);
    printf("clock_gettime(CLOCK_MONOTONIC): %d %d, not backwards: %s\n", ra,
           rb, b.tv_sec > a.tv_sec ||
                   (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)
               ? "yes" : "no");
    errno = 0;
    int rbad = clock_gettime((clockid_t)12345, &a);
    printf("clock_gettime(12345): %d, errno %s\n", rbad,
           errno == EINVAL ? "EINVAL" : "other");
    printf("clock_getres(CLOCK_REALTIME): %d\n",
           clock_getres(CLOCK_REALTIME, &res));
    struct timeval tv;
    int rt = gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("gettimeofday: %d, agrees with time(): %s\n", rt,
           t - tv.tv_sec >= 0 && t - tv.tv_sec <= 1 ? "yes" : "no");
}

int main(void)
{
    vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
    test_glibc();
    if (!vdso) {
        printf("AT_SYSINFO_EHDR: none\n");
        return 0;
    }
    const Elf32_Ehdr *e = (const Elf32_Ehdr *)vdso;
    printf("AT_SYSINFO_EHDR: ELF %s, class %s, %s, type %s, machine %s\n",
           memcmp(e->e_ident, ELFMAG, SELFMAG) == 0 ? "magic" : "no magic",
           e->e_ident[EI_CLASS] == ELFCLASS32 ? "32" : "other",
           e->e_ident[EI_DATA] == ELFDATA2MSB ? "big-endian" : "other",
           e->e_type == ET_DYN ? "DYN" : "other",
           e->e_machine == EM_PPC ? "PPC" : "other");
    read_dynamic(e);
    test_functions();
    return 0;
}
