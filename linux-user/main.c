/*
 * main.c: the user-mode program, mimic-<target> [options] program [args].
 * The command line and environment variables follow qemu-user's, so mimic
 * can stand in for it in scripts and binfmt_misc.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

#define PROG "mimic-" TARGET_NAME

extern char **environ;

const char *user_exe_path;
const char *user_mimic_path;
const char *const *user_exec_options;

typedef struct Options {
    const char *cpu_model;
    const char *log_items;
    const char *log_file;
    const char *accel;
    const char *argv0;
    int exec_fd;            /* -exec-fd: descriptor to close once loaded */
    const char *ld_prefix; /* -L: the guest's root for absolute paths */
    uint64_t stack_size;
    uint64_t guest_base;
    uint64_t reserved_va; /* -R: the guest's address space size, or 0 */
    bool strace;
    bool one_insn_per_tb;
    char **env;   /* the guest's environment, built from ours */
    int env_count;
} Options;

static _Noreturn void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void usage(void)
{
    printf("usage: " PROG " [options] program [arguments...]\n"
           "Runs a Linux %s program on this host.\n\n"
           "Options and their environment variables:\n"
           "  -h, -help           print this help and exit\n"
           "  -version            print the version and exit\n"
           "  -L path             MIMIC_LD_PREFIX     prefix for the ELF interpreter\n"
           "  -E var=value        MIMIC_SET_ENV       set a variable for the program\n"
           "  -U var              MIMIC_UNSET_ENV     remove a variable for the program\n"
           "  -0 argv0            MIMIC_ARGV0         program's argv[0]\n"
           "  -cpu model          MIMIC_CPU           CPU model (-cpu help lists them)\n"
           "  -s size             MIMIC_STACK_SIZE    stack size (k, M, G suffixes)\n"
           "  -B address          MIMIC_GUEST_BASE    host address of guest address 0\n"
           "  -R size             MIMIC_RESERVED_VA   guest address space size (32-bit guests)\n"
           "  -d item[,item...]   MIMIC_LOG           debug log (-d help lists items)\n"
           "  -D logfile          MIMIC_LOG_FILENAME  write the log to logfile\n"
           "  -strace             MIMIC_STRACE        log system calls\n"
           "  -one-insn-per-tb    MIMIC_ONE_INSN_PER_TB  one guest instruction per block\n"
           "                      (alias: -singlestep)\n"
           "  -accel jit|interp   MIMIC_ACCEL         code generator (default jit)\n"
           "  -exec-fd n                              close descriptor n once the program\n"
           "                      is loaded (a guest's fexecve passes the program that way)\n\n"
           "Comma-separated lists work in MIMIC_SET_ENV and MIMIC_UNSET_ENV.\n",
           TARGET_NAME);
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s) {
        return false;
    }
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end) {
        return false;
    }
    *out = v;
    return true;
}

/* Remove name from the environment list. */
static void env_unset(Options *o, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < o->env_count; i++) {
        if (strncmp(o->env[i], name, len) == 0 && o->env[i][len] == '=') {
            o->env[i] = o->env[--o->env_count];
            o->env[o->env_count] = NULL;
            i--;
        }
    }
}

static void env_set(Options *o, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        usage_error("-E needs var=value, not '%s'", assignment);
    }
    char *name = strndup(assignment, eq - assignment);
    env_unset(o, name);
    free(name);
    o->env = realloc(o->env, (o->env_count + 2) * sizeof(char *));
    if (!o->env) {
        usage_error("%s", "out of memory");
    }
    o->env[o->env_count++] = strdup(assignment);
    o->env[o->env_count] = NULL;
}

/* Apply fn to each item of a comma-separated list. */
static void for_each_item(Options *o, const char *list,
                          void (*fn)(Options *, const char *))
{
    char *copy = strdup(list);
    for (char *save, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        fn(o, tok);
    }
    free(copy);
}

static void set_stack_size(Options *o, const char *arg)
{
    if (!parse_size(arg, &o->stack_size) || o->stack_size == 0) {
        usage_error("invalid stack size '%s'", arg);
    }
}

static void set_guest_base(Options *o, const char *arg)
{
    if (!parse_size(arg, &o->guest_base)) {
        usage_error("invalid guest base '%s'", arg);
    }
}

static void set_reserved_va(Options *o, const char *arg)
{
    if (!parse_size(arg, &o->reserved_va) || o->reserved_va == 0) {
        usage_error("invalid address space size '%s'", arg);
    }
}

static bool env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static void options_from_env(Options *o)
{
    const char *v;
    o->ld_prefix = getenv("MIMIC_LD_PREFIX");
    o->cpu_model = getenv("MIMIC_CPU");
    o->log_items = getenv("MIMIC_LOG");
    o->log_file = getenv("MIMIC_LOG_FILENAME");
    o->accel = getenv("MIMIC_ACCEL");
    o->argv0 = getenv("MIMIC_ARGV0");
    o->exec_fd = -1;
    o->strace = env_flag("MIMIC_STRACE");
    o->one_insn_per_tb = env_flag("MIMIC_ONE_INSN_PER_TB");
    if ((v = getenv("MIMIC_STACK_SIZE"))) {
        set_stack_size(o, v);
    }
    if ((v = getenv("MIMIC_GUEST_BASE"))) {
        set_guest_base(o, v);
    }
    if ((v = getenv("MIMIC_RESERVED_VA"))) {
        set_reserved_va(o, v);
    }
    if ((v = getenv("MIMIC_SET_ENV"))) {
        for_each_item(o, v, env_set);
    }
    if ((v = getenv("MIMIC_UNSET_ENV"))) {
        for_each_item(o, v, env_unset);
    }
}

/* Parse options; returns the index of the program in argv. */
static int parse_options(Options *o, int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        const char *opt = argv[i++] + 1;
        if (*opt == '-') {
            opt++; /* --option works too */
        }
        if (*opt == 0) {
            break; /* "-" or "--": end of options */
        }
        if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
            usage();
            exit(0);
        }
        if (!strcmp(opt, "version")) {
            printf(PROG " version " MIMIC_VERSION "\n");
            exit(0);
        }
        if (!strcmp(opt, "strace")) {
            o->strace = true;
            continue;
        }
        if (!strcmp(opt, "one-insn-per-tb") || !strcmp(opt, "singlestep")) {
            o->one_insn_per_tb = true;
            continue;
        }
        /* The rest take an argument. */
        static const char *const with_arg[] = { "L", "E", "U", "0", "cpu",
                                                "s", "B", "R", "d", "D",
                                                "accel", "exec-fd",
                                                NULL };
        bool known = false;
        for (int k = 0; with_arg[k]; k++) {
            known |= !strcmp(opt, with_arg[k]);
        }
        if (!known) {
            usage_error("unknown option '%s' (try -help)", argv[i - 1]);
        }
        if (i >= argc) {
            usage_error("option '%s' needs an argument", argv[i - 1]);
        }
        const char *arg = argv[i++];
        if (!strcmp(opt, "L")) {
            o->ld_prefix = arg;
        } else if (!strcmp(opt, "E")) {
            env_set(o, arg);
        } else if (!strcmp(opt, "U")) {
            env_unset(o, arg);
        } else if (!strcmp(opt, "0")) {
            o->argv0 = arg;
        } else if (!strcmp(opt, "cpu")) {
            o->cpu_model = arg;
        } else if (!strcmp(opt, "s")) {
            set_stack_size(o, arg);
        } else if (!strcmp(opt, "B")) {
            set_guest_base(o, arg);
        } else if (!strcmp(opt, "R")) {
            set_reserved_va(o, arg);
        } else if (!strcmp(opt, "d")) {
            o->log_items = arg;
        } else if (!strcmp(opt, "D")) {
            o->log_file = arg;
        } else if (!strcmp(opt, "exec-fd")) {
            char *end;
            long fd = strtol(arg, &end, 10);
            if (*end || end == arg || fd < 0 || fd > INT_MAX) {
                usage_error("-exec-fd %s: not a descriptor number", arg);
            }
            o->exec_fd = (int)fd;
        } else {
            o->accel = arg;
        }
    }
    return i;
}

static void setup_log(const Options *o)
{
    unsigned mask = 0;
    if (o->log_items) {
        if (!strcmp(o->log_items, "help")) {
            log_print_items(stdout);
            exit(0);
        }
        const char *bad = NULL;
        if (!log_parse_items(o->log_items, &mask, &bad)) {
            usage_error("unknown log item '%s' (try -d help)",
                        bad ? bad : o->log_items);
        }
    }
    if (o->strace) {
        mask |= LOG_STRACE;
    }
    if (!log_set_file(o->log_file)) {
        fprintf(stderr, PROG ": %s: cannot open log file: %s\n", o->log_file,
                strerror(errno));
        exit(1);
    }
    mimic_log_mask = mask;
}

/* The options a guest execve hands on to the new mimic. */
static void set_exec_options(const Options *o)
{
    static const char *opts[16];
    int n = 0;
    if (o->accel) {
        opts[n++] = "-accel";
        opts[n++] = o->accel;
    }
    if (o->cpu_model) {
        opts[n++] = "-cpu";
        opts[n++] = o->cpu_model;
    }
    if (o->ld_prefix) {
        opts[n++] = "-L";
        opts[n++] = o->ld_prefix;
    }
    if (o->one_insn_per_tb) {
        opts[n++] = "-one-insn-per-tb";
    }
    if (o->strace) {
        opts[n++] = "-strace";
    }
    if (o->reserved_va) {
        static char size[24];
        snprintf(size, sizeof(size), "%llu",
                 (unsigned long long)o->reserved_va);
        opts[n++] = "-R";
        opts[n++] = size;
    }
    opts[n] = NULL;
    user_exec_options = opts;
    char *self = realpath("/proc/self/exe", NULL);
    user_mimic_path = self ? self : "/proc/self/exe";
}

static const TCGBackend *select_backend(const char *accel)
{
    if (!accel || !strcmp(accel, "jit")) {
        return &tcg_backend_x86_64;
    }
    if (!strcmp(accel, "interp")) {
        return &tcg_backend_interp;
    }
    if (!strcmp(accel, "help")) {
        printf("Accelerators:\n  jit     x86-64 code generator (default)\n"
               "  interp  portable interpreter\n");
        exit(0);
    }
    usage_error("unknown accelerator '%s' (jit or interp)", accel);
}

#ifndef AT_FLAGS_PRESERVE_ARGV0
#define AT_FLAGS_PRESERVE_ARGV0 1 /* linux/binfmts.h */
#endif

/* Started by binfmt_misc with flag P, the kernel says so in AT_FLAGS and
 * passes: mimic, the program's path, its argv[0], its arguments.  That is
 * "-0 argv0 -- path arguments" for the option parser. */
static char **binfmt_preserved_argv0(int *argc, char **argv)
{
    if (!(getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0) || *argc < 3) {
        return argv;
    }
    char **v = calloc(*argc + 3, sizeof(char *));
    if (!v) {
        usage_error("%s", "out of memory");
    }
    int n = 0;
    v[n++] = argv[0];
    v[n++] = "-0";
    v[n++] = argv[2];
    v[n++] = "--";
    v[n++] = argv[1];
    for (int i = 3; i < *argc; i++) {
        v[n++] = argv[i];
    }
    *argc = n;
    return v;
}

int main(int argc, char **argv)
{
    /* Static: what it points to lives until exit (and LeakSanitizer sees
     * that on error exits). */
    static Options o;
    for (char **e = environ; *e; e++) {
        o.env_count++;
    }
    o.env = calloc(o.env_count + 1, sizeof(char *));
    if (!o.env) {
        usage_error("%s", "out of memory");
    }
    memcpy(o.env, environ, o.env_count * sizeof(char *));
    options_from_env(&o);
    argv = binfmt_preserved_argv0(&argc, argv);
    int prog = parse_options(&o, argc, argv);

    if (o.cpu_model && !strcmp(o.cpu_model, "help")) {
        target_cpu_list(stdout);
        return 0;
    }
    if (o.cpu_model && !target_cpu_model_ok(o.cpu_model)) {
        usage_error("unknown CPU model '%s' (try -cpu help)", o.cpu_model);
    }
    const TCGBackend *backend = select_backend(o.accel);
    setup_log(&o);
    set_exec_options(&o);
    if (prog >= argc) {
        usage_error("%s", "no program given (try -help)");
    }
    const char *path = argv[prog];
    char *real = realpath(path, NULL);
    user_exe_path = real ? real : path;
    if (o.ld_prefix && *o.ld_prefix) {
        char *root = realpath(o.ld_prefix, NULL);
        user_ld_prefix = root ? root : o.ld_prefix;
    }

    if (o.reserved_va && TARGET_ABI_BITS == 64) {
        usage_error("-R %s: only 32-bit guests have an address space of "
                    "their own", "size");
    }
    if (!guest_mem_init(o.guest_base, o.reserved_va)) {
        fprintf(stderr, PROG ": cannot reserve the guest address space: %s\n",
                strerror(errno));
        return 1;
    }
    signal_init();
    tcg_context_init();
    TCGExecConfig cfg = { .backend = backend, .target = &TARGET_INFO,
                          .max_insns_per_tb = o.one_insn_per_tb ? 1 : 0 };
    tcg_exec_init(&cfg);
    TARGET_INFO.tcg_init();
    target_cpu_create(o.cpu_model);

    ImageInfo info = { .stack_size = (abi_ulong)o.stack_size };
    char err[256];
    if (o.stack_size >= guest_task_size / 2) {
        fprintf(stderr, PROG ": stack size too large\n");
        return 1;
    }
    if (!elf_load(path, &info, err, sizeof(err))) {
        fprintf(stderr, PROG ": %s: %s\n", path, err);
        return 1;
    }
    if (o.exec_fd >= 0) {
        close(o.exec_fd);
    }
    /* The program's argv: ours after the program name, argv[0] as asked. */
    char **gargv = &argv[prog];
    if (o.argv0) {
        gargv[0] = (char *)o.argv0;
    }
    if (!initstack_build(&info, argc - prog, gargv, o.env, path, err,
                         sizeof(err))) {
        fprintf(stderr, PROG ": %s: %s\n", path, err);
        return 1;
    }
    proc_set_image(&info);
    target_cpu_start(&info);
    syscall_init();
    target_cpu_loop();
}
