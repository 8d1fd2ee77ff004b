/*
 * proc-views.c: what a program learns about itself from /proc must be
 * about itself, not about an emulator running it: /proc/self/exe is this
 * program, /proc/self/maps lists its stack and its code at the addresses
 * it uses, /proc/self/auxv agrees with getauxval, cmdline and environ
 * are its own, /proc/self/stat names it, /proc/cpuinfo describes a CPU of
 * its architecture.  Every line is "check: yes" when all is well, so the
 * output is the same for every architecture.  Expected output: the
 * native x86-64 run's, all "yes" (qemu-ppc 7.2 says "no" to four: stat of
 * /proc/self/exe, the state in stat, comm and cpuinfo, which it passes
 * through from the host).
 * ARGS: first "second arg" third
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__powerpc__)
#define OWN_MACHINE EM_PPC
#elif defined(__x86_64__)
#define OWN_MACHINE EM_X86_64
#elif defined(__i386__)
#define OWN_MACHINE EM_386
#else
#error "unknown architecture"
#endif

static void report(const char *what, int ok, const char *detail)
{
    printf("%s: %s", what, ok ? "yes" : "no");
    if (!ok && detail && *detail) {
        printf(" (%s)", detail);
    }
    putchar('\n');
}

/* The whole file (NUL-terminated too); *len its size. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r <= 0) {
            break;
        }
        n += r;
    }
    close(fd);
    buf[n] = 0;
    *len = n;
    return buf;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void check_exe(const char *argv0)
{
    char link[4096];
    ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    report("readlink /proc/self/exe names this program",
           n > 0 && strcmp(base_name(link), base_name(argv0)) == 0, link);

    struct stat a, b;
    report("stat /proc/self/exe is this program",
           stat("/proc/self/exe", &a) == 0 && stat(argv0, &b) == 0 &&
               a.st_ino == b.st_ino && a.st_dev == b.st_dev,
           "");

    unsigned char h[20] = { 0 };
    int fd = open("/proc/self/exe", O_RDONLY);
    int got = fd >= 0 && read(fd, h, sizeof(h)) == (ssize_t)sizeof(h);
    if (fd >= 0) {
        close(fd);
    }
    uint16_t machine;
    memcpy(&machine, h + 18, 2);
    report("/proc/self/exe is an ELF file for this machine",
           got && memcmp(h, ELFMAG, SELFMAG) == 0 && machine == OWN_MACHINE,
           "");
}

/* The maps line whose range holds addr: its permissions and name. */
static int find_mapping(const char *maps, uintptr_t addr, char *perms,
                        char *name)
{
    for (const char *line = maps; *line;) {
        unsigned long lo, hi;
        int pos = 0;
        name[0] = 0;
        /* %n right after the inode: a blank after it would skip the end
         * of a line without a name. */
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s%n", &lo, &hi, perms,
                   &pos) >= 3 && pos && addr >= lo && addr < hi) {
            const char *p = line + pos;
            p += strspn(p, " \t");
            size_t len = strcspn(p, "\n");
            memcpy(name, p, len);
            name[len] = 0;
            return 1;
        }
        const char *nl = strchr(line, '\n');
        if (!nl) {
            break;
        }
        line = nl + 1;
    }
    return 0;
}

static void check_maps(const char *argv0)
{
    size_t len;
    char *maps = slurp("/proc/self/maps", &len);
    char perms[8], name[4096], detail[4200];
    int local = 0;
    int found = maps && find_mapping(maps, (uintptr_t)&local, perms, name);
    snprintf(detail, sizeof(detail), "%s %s", found ? perms : "-", name);
    report("maps: a local variable is in the rw [stack]",
           found && strcmp(name, "[stack]") == 0 && perms[0] == 'r' &&
               perms[1] == 'w',
           detail);

    found = maps && find_mapping(maps, (uintptr_t)&check_maps, perms, name);
    snprintf(detail, sizeof(detail), "%s %s", found ? perms : "-", name);
    report("maps: this function is in r-x memory of this program",
           found && perms[0] == 'r' && perms[2] == 'x' &&
               strcmp(base_name(name), base_name(argv0)) == 0,
           detail);

    void *big = malloc(1 << 20); /* from mmap */
    found = maps && big;
    free(maps);
    maps = slurp("/proc/self/maps", &len);
    found = found && maps &&
            find_mapping(maps, (uintptr_t)big + 4096, perms, name);
    report("maps: a large malloc block is anonymous rw memory",
           found && perms[0] == 'r' && perms[1] == 'w' && name[0] == 0, name);
    free(big);

    int ordered = maps != NULL, lines = 0;
    unsigned long prev_hi = 0;
    for (const char *line = maps; ordered && line && *line; lines++) {
        unsigned long lo, hi;
        ordered = sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo < hi &&
                  lo >= prev_hi;
        prev_hi = hi;
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    report("maps: lines are sorted, disjoint ranges", ordered && lines > 3,
           "");
    free(maps);
}

static void check_auxv(void)
{
    size_t len;
    unsigned long *aux = (unsigned long *)slurp("/proc/self/auxv", &len);
    size_t n = aux ? len / sizeof(unsigned long) : 0;
    int ends = n >= 2 && n % 2 == 0 && aux[n - 2] == AT_NULL;
    report("auxv: pairs ending with AT_NULL", ends, "");
    static const struct {
        unsigned long type;
        const char *name;
    } types[] = { { AT_PAGESZ, "AT_PAGESZ" }, { AT_PHDR, "AT_PHDR" },
                  { AT_ENTRY, "AT_ENTRY" }, { AT_RANDOM, "AT_RANDOM" },
                  { AT_EXECFN, "AT_EXECFN" } };
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        int ok = 0;
        for (size_t i = 0; i + 1 < n; i += 2) {
            if (aux[i] == types[t].type) {
                ok = aux[i + 1] == getauxval(types[t].type);
            }
        }
        char what[64];
        snprintf(what, sizeof(what), "auxv: %s as getauxval says",
                 types[t].name);
        report(what, ok, "");
    }
    free(aux);
}

static void check_cmdline(int argc, char **argv)
{
    size_t len, want = 0;
    char *cmd = slurp("/proc/self/cmdline", &len);
    for (int i = 0; i < argc; i++) {
        want += strlen(argv[i]) + 1;
    }
    int ok = cmd && len == want;
    size_t off = 0;
    for (int i = 0; ok && i < argc; i++) {
        ok = strcmp(cmd + off, argv[i]) == 0;
        off += strlen(argv[i]) + 1;
    }
    report("cmdline: argv with NULs between", ok, "");
    printf("arguments:");
    for (int i = 1; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    putchar('\n');
    free(cmd);

    char *env = slurp("/proc/self/environ", &len);
    int found = 0;
    for (size_t i = 0; env && i < len; i += strlen(env + i) + 1) {
        found |= strcmp(env + i, "MIMIC_TEST_GREETING=hello world") == 0;
    }
    report("environ: has MIMIC_TEST_GREETING", found, "");
    free(env);
}

static void check_stat(const char *argv0)
{
    size_t len;
    char *st = slurp("/proc/self/stat", &len);
    char *open = st ? strchr(st, '(') : NULL;
    char *close = st ? strrchr(st, ')') : NULL;
    char comm[32] = "";
    if (open && close && close > open && close - open - 1 < 32) {
        memcpy(comm, open + 1, close - open - 1);
        comm[close - open - 1] = 0;
    }
    report("stat: pid is ours", st && atoi(st) == getpid(), "");
    report("stat: comm is this program",
           strncmp(comm, base_name(argv0), 15) == 0, comm);
    report("stat: state is running", close && close[1] == ' ' && close[2] == 'R',
           "");
    free(st);

    char *c = slurp("/proc/self/comm", &len);
    if (c) {
        c[strcspn(c, "\n")] = 0;
    }
    report("comm: this program",
           c && strncmp(c, base_name(argv0), 15) == 0, c);
    free(c);
}

static void check_cpuinfo(void)
{
    size_t len;
    char *info = slurp("/proc/cpuinfo", &len);
    int ok = info && strncmp(info, "processor", 9) == 0;
#if defined(__powerpc__)
    /* glibc's __ppc_get_timebase_freq reads this line. */
    char *tb = info ? strstr(info, "\ntimebase") : NULL;
    ok = ok && strstr(info, "\ncpu\t") && tb &&
         strtoull(strchr(tb, ':') + 1, NULL, 10) > 0;
#else
    ok = ok && strstr(info, "\nvendor_id\t") && strstr(info, "\nflags\t");
#endif
    report("cpuinfo: describes a CPU of this architecture", ok, "");
    free(info);
}

int main(int argc, char **argv)
{
    check_exe(argv[0]);
    check_maps(argv[0]);
    check_auxv();
    check_cmdline(argc, argv);
    check_stat(argv[0]);
    check_cpuinfo();
    return 0;
}
