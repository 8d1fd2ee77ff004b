/*
 * log.c: the -d item list and the -D log stream.
 */
#include "util/log.h"

#include <stdarg.h>
#include <string.h>

unsigned mimic_log_mask;
FILE *mimic_log_file;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code of each new translation block" },
    { "op", LOG_OP, "show the IR the frontend generated" },
    { "op_opt", LOG_OP_OPT, "show the IR after optimization" },
    { "out_asm", LOG_OUT_ASM, "show the host code generated for each block" },
    { "exec", LOG_EXEC, "show each block as it runs (disables chaining)" },
    { "cpu", LOG_CPU, "show the CPU state before each block (with exec)" },
    { "unimp", LOG_UNIMP, "log unimplemented syscalls and instructions" },
    { "strace", LOG_STRACE, "log system calls (same as -strace)" },
    { "stats", LOG_STATS, "print translation statistics at exit" },
};

bool log_parse_items(const char *list, unsigned *mask, const char **bad)
{
    static char bad_item[64];
    unsigned m = 0;
    const char *p = list;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool found = false;

        if (len == 3 && strncmp(p, "all", 3) == 0) {
            m |= ~0u & ~LOG_EXEC & ~LOG_CPU;
            found = true;
        }
        for (size_t i = 0; !found && i < sizeof(log_items) / sizeof(log_items[0]); i++) {
            if (strlen(log_items[i].name) == len &&
                strncmp(p, log_items[i].name, len) == 0) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found && len > 0) {
            snprintf(bad_item, sizeof(bad_item), "%.*s", (int)len, p);
            *bad = bad_item;
            return false;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *mask = m;
    return true;
}

void log_print_items(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
        fprintf(out, "%-10s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool log_set_file(const char *path)
{
    if (!path) {
        mimic_log_file = stderr;
        return true;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        return false;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    mimic_log_file = f;
    return true;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;

    if (!mimic_log_file) {
        mimic_log_file = stderr;
    }
    va_start(ap, fmt);
    vfprintf(mimic_log_file, fmt, ap);
    va_end(ap);
}
