/*
 * log.h: the -d/-D debug log.  Items are selected by name on the command
 * line (-d in_asm,op,...); everything goes to one stream (stderr or -D file).
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,  /* guest code of each new TB, via capstone */
    LOG_OP = 1 << 1,      /* IR as the frontend emitted it */
    LOG_OP_OPT = 1 << 2,  /* IR after optimization */
    LOG_OUT_ASM = 1 << 3, /* host code of each new TB, via capstone */
    LOG_EXEC = 1 << 4,    /* each TB as it runs (disables chaining) */
    LOG_CPU = 1 << 5,     /* CPU state before each TB (with exec) */
    LOG_UNIMP = 1 << 6,   /* unimplemented syscalls and instructions */
    LOG_STRACE = 1 << 7,  /* syscalls (also -strace) */
    LOG_STATS = 1 << 8,   /* translation statistics at exit */
};

extern unsigned mimic_log_mask;
extern FILE *mimic_log_file; /* never NULL after log_init */

static inline bool log_enabled(unsigned item)
{
    return (mimic_log_mask & item) != 0;
}

/* Parse "in_asm,op,..." into a mask; returns false (and names the bad item
 * in *bad) on an unknown item.  "help" lists the items on stdout. */
bool log_parse_items(const char *list, unsigned *mask, const char **bad);
void log_print_items(FILE *out);
/* Open -D file (NULL: stderr).  Returns false if it cannot be opened. */
bool log_set_file(const char *path);

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
