/*
 * proc.c: the /proc files in which a guest would see mimic instead of
 * itself.  Opening one of them gives a memfd holding what the guest's
 * kernel would show: its own mappings at guest addresses (maps), its aux
 * vector, command line and environment as they lie on its stack, its
 * process status with guest addresses, its CPU (cpuinfo).  readlink of
 * /proc/self/exe names the guest program (and opening it, through
 * user_path, opens the program).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "linux-user/vdso.h"

/* Part of a file the loader copied into anonymous memory. */
typedef struct FileRange {
    uint64_t start, end, offset; /* page aligned */
    dev_t dev;
    ino_t ino;
    char *path;
} FileRange;

#define MAX_FILE_RANGES 32

static FileRange file_ranges[MAX_FILE_RANGES];
static int file_range_count;
static ImageInfo image;

void proc_add_file_range(uint64_t start, uint64_t len, uint64_t offset,
                         const char *path)
{
    uint64_t low = TARGET_PAGE_SIZE - 1;
    struct stat st;
    char *real = realpath(path, NULL);
    if (file_range_count == MAX_FILE_RANGES || !real || stat(real, &st) < 0) {
        free(real);
        return;
    }
    file_ranges[file_range_count++] = (FileRange){
        .start = start & ~low, .end = (start + len + low) & ~low,
        .offset = offset & ~low, .dev = st.st_dev, .ino = st.st_ino,
        .path = real };
}

void proc_set_image(const ImageInfo *info)
{
    image = *info;
}

/* ---- /proc/self/maps ------------------------------------------------ */

/* One line of the host's maps, the part inside the guest space. */
typedef struct HostMap {
    uint64_t start;  /* guest address of the host line's start */
    uint64_t offset; /* file offset there */
    char shared;     /* 'p' or 's' */
    unsigned dev_major, dev_minor;
    unsigned long long ino;
    const char *name; /* "" for anonymous memory */
    FILE *out;
} HostMap;

/* The kernel pads the name to this column (64-bit kernels). */
#define MAPS_NAME_COLUMN 73

static void maps_line(FILE *out, uint64_t start, uint64_t end, int flags,
                      char shared, uint64_t offset, unsigned major,
                      unsigned minor, unsigned long long ino, const char *name)
{
    int n = fprintf(out, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu",
                    (unsigned long long)start, (unsigned long long)end,
                    flags & PAGE_READ ? 'r' : '-',
                    flags & PAGE_WRITE ? 'w' : '-',
                    flags & PAGE_EXEC ? 'x' : '-', shared,
                    (unsigned long long)offset, major, minor, ino);
    if (*name) {
        fprintf(out, "%*s%s", n < MAPS_NAME_COLUMN - 1 ? MAPS_NAME_COLUMN - 1 - n : 1,
                "", name);
    }
    fputc('\n', out);
}

/* The next place after a where an anonymous range changes its name. */
static uint64_t next_cut(uint64_t a, uint64_t end, uint64_t brk_start)
{
    uint64_t vdso_lo = 0, vdso_hi = 0;
    vdso_range(&vdso_lo, &vdso_hi);
    uint64_t cuts[] = { brk_start, image.stack_lo, image.stack_hi, vdso_lo,
                        vdso_hi };
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        if (cuts[i] > a && cuts[i] < end) {
            end = cuts[i];
        }
    }
    for (int i = 0; i < file_range_count; i++) {
        const FileRange *f = &file_ranges[i];
        if (f->start > a && f->start < end) {
            end = f->start;
        }
        if (f->end > a && f->end < end) {
            end = f->end;
        }
    }
    return end;
}

/* Lines for [start, start+len), mapped with one set of flags. */
static void maps_part(uint64_t start, uint64_t len, void *opaque)
{
    const HostMap *h = opaque;
    int flags = page_map_flags(start);
    uint64_t end = start + len;
    if (h->ino) {
        maps_line(h->out, start, end, flags, h->shared,
                  h->offset + (start - h->start), h->dev_major, h->dev_minor,
                  h->ino, h->name);
        return;
    }
    uint64_t brk_start = (image.brk + TARGET_PAGE_SIZE - 1) &
                         ~(uint64_t)(TARGET_PAGE_SIZE - 1);
    uint64_t brk_end = guest_brk(0);
    uint64_t vdso_lo, vdso_hi;
    bool vdso = vdso_range(&vdso_lo, &vdso_hi);
    for (uint64_t a = start, b; a < end; a = b) {
        b = next_cut(a, end, brk_start);
        const char *name = "";
        if (a < image.stack_hi && b > image.stack_lo) {
            name = "[stack]";
        } else if (vdso && a >= vdso_lo && b <= vdso_hi) {
            name = "[vdso]";
        } else if (brk_end > brk_start && a < brk_end && b > brk_start &&
                   a >= brk_start) {
            name = "[heap]";
        }
        const FileRange *f = NULL;
        for (int i = 0; i < file_range_count; i++) {
            if (a >= file_ranges[i].start && a < file_ranges[i].end) {
                f = &file_ranges[i];
            }
        }
        if (f) {
            maps_line(h->out, a, b, flags, h->shared,
                      f->offset + (a - f->start), major(f->dev),
                      minor(f->dev), (unsigned long long)f->ino, f->path);
        } else {
            maps_line(h->out, a, b, flags, h->shared, 0, 0, 0, 0, name);
        }
    }
}

/* The host's mappings inside the guest space that the guest mapped, at
 * guest addresses and with the guest's protections. */
static void write_maps(FILE *out)
{
    FILE *in = fopen("/proc/self/maps", "r");
    if (!in) {
        return;
    }
    char line[PATH_MAX + 256];
    uint64_t base = tcg_guest_base;
    while (fgets(line, sizeof(line), in)) {
        unsigned long long hs, he, off, ino;
        char perms[8];
        HostMap h = { .out = out };
        int pos = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &hs, &he, perms,
                   &off, &h.dev_major, &h.dev_minor, &ino, &pos) < 7 ||
            pos == 0) {
            continue;
        }
        line[strcspn(line, "\n")] = 0;
        if (he <= base || hs - base >= GUEST_SPACE_SIZE) {
            continue;
        }
        uint64_t gs = hs > base ? hs - base : 0;
        uint64_t ge = he - base < GUEST_SPACE_SIZE ? he - base
                                                   : GUEST_SPACE_SIZE;
        h.start = hs - base;
        h.offset = off;
        h.shared = perms[3];
        h.ino = ino;
        h.name = ino ? line + pos : "";
        page_map_foreach(gs, ge - gs, maps_part, &h);
    }
    fclose(in);
}

/* ---- the other files --------------------------------------------------- */

static void write_guest_bytes(FILE *out, abi_ulong start, abi_ulong end)
{
    if (end > start && guest_access_ok(start, end - start, PAGE_READ)) {
        fwrite(g2h(start), 1, end - start, out);
    }
}

static const char *program_name(void)
{
    const char *slash = strrchr(user_exe_path, '/');
    return slash ? slash + 1 : user_exe_path;
}

/* The host's stat line with the guest's name and addresses. */
static void write_stat(FILE *out)
{
    char line[4096];
    FILE *in = fopen("/proc/self/stat", "r");
    if (!in) {
        return;
    }
    bool ok = fgets(line, sizeof(line), in) != NULL;
    fclose(in);
    char *close = ok ? strrchr(line, ')') : NULL;
    if (!close || close[1] != ' ') {
        return;
    }
    fprintf(out, "%d (%.15s)", (int)getpid(), program_name());
    /* Fields from 3 on; the guest's where the kernel shows addresses. */
    char *save;
    int field = 3;
    for (char *tok = strtok_r(close + 2, " \n", &save); tok;
         tok = strtok_r(NULL, " \n", &save), field++) {
        unsigned long long v;
        switch (field) {
        case 26: v = image.start_code; break;
        case 27: v = image.end_code; break;
        case 28: v = image.sp; break;
        case 29: case 30: v = 0; break; /* kstkesp, kstkeip: hidden */
        case 45: v = image.start_data; break;
        case 46: v = image.end_data; break;
        case 47: v = image.brk; break;
        case 48: v = image.arg_start; break;
        case 49: v = image.arg_end; break;
        case 50: v = image.env_start; break;
        case 51: v = image.env_end; break;
        default:
            fprintf(out, " %s", tok);
            continue;
        }
        fprintf(out, " %llu", v);
    }
    fputc('\n', out);
}

typedef enum ProcFile {
    PROC_NONE, PROC_MAPS, PROC_AUXV, PROC_CMDLINE, PROC_ENVIRON, PROC_STAT,
    PROC_COMM, PROC_CPUINFO,
} ProcFile;

/* The file of /proc/self/<name> or /proc/<own pid>/<name>; NULL if p is
 * not in this process's directory. */
static const char *own_entry(const char *p)
{
    if (strncmp(p, "/proc/", 6) != 0) {
        return NULL;
    }
    p += 6;
    if (strncmp(p, "self/", 5) == 0) {
        return p + 5;
    }
    char *end;
    long pid = strtol(p, &end, 10);
    return end != p && *end == '/' && pid == getpid() ? end + 1 : NULL;
}

static ProcFile classify(const char *p)
{
    static const struct {
        const char *name;
        ProcFile file;
    } own[] = {
        { "maps", PROC_MAPS }, { "auxv", PROC_AUXV },
        { "cmdline", PROC_CMDLINE }, { "environ", PROC_ENVIRON },
        { "stat", PROC_STAT }, { "comm", PROC_COMM },
    };
    if (strcmp(p, "/proc/cpuinfo") == 0) {
        return PROC_CPUINFO;
    }
    const char *entry = own_entry(p);
    for (size_t i = 0; entry && i < sizeof(own) / sizeof(own[0]); i++) {
        if (strcmp(entry, own[i].name) == 0) {
            return own[i].file;
        }
    }
    return PROC_NONE;
}

static void write_file(FILE *out, ProcFile file)
{
    switch (file) {
    case PROC_MAPS: write_maps(out); break;
    case PROC_AUXV:
        write_guest_bytes(out, image.auxv, image.auxv + image.auxv_len);
        break;
    case PROC_CMDLINE:
        write_guest_bytes(out, image.arg_start, image.arg_end);
        break;
    case PROC_ENVIRON:
        write_guest_bytes(out, image.env_start, image.env_end);
        break;
    case PROC_STAT: write_stat(out); break;
    case PROC_COMM: fprintf(out, "%.15s\n", program_name()); break;
    case PROC_CPUINFO: target_cpuinfo(out); break;
    case PROC_NONE: break;
    }
}

bool proc_open(const char *p, int host_flags, int64_t *ret)
{
    ProcFile file = classify(p);
    if (file == PROC_NONE || (host_flags & O_ACCMODE) != O_RDONLY) {
        return false;
    }
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    if (!out) {
        *ret = -ENOMEM;
        return true;
    }
    write_file(out, file);
    fclose(out);
    int fd = memfd_create("mimic-proc",
                          (host_flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0) {
        *ret = -errno;
    } else if (write(fd, data, len) != (ssize_t)len ||
               lseek(fd, 0, SEEK_SET) != 0) {
        *ret = -EIO;
        close(fd);
    } else {
        *ret = fd;
    }
    free(data);
    return true;
}

bool proc_readlink(const char *p, char *buf, size_t size, int64_t *ret)
{
    const char *entry = own_entry(p);
    if (!entry || strcmp(entry, "exe") != 0 || !user_exe_path) {
        return false;
    }
    size_t len = strlen(user_exe_path);
    len = len < size ? len : size;
    memcpy(buf, user_exe_path, len);
    *ret = (int64_t)len;
    return true;
}
