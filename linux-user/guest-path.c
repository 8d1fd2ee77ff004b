/*
 * guest-path.c: the host file a guest path names.  With a sysroot (-L,
 * MIMIC_LD_PREFIX) an absolute guest path is looked up there first and
 * taken from the host when the sysroot lacks it, as qemu-user does: the
 * guest's dynamic loader and libraries come from the sysroot, everything
 * else from the host.  The kernel's views (/proc, /sys, /dev) and the
 * root itself always stay the host's, even when the sysroot is a full
 * guest root file system with empty directories for them.
 */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/user.h"

const char *user_ld_prefix;

/* True if p is dir or lies under it. */
static bool under(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(p, dir, n) == 0 && (p[n] == 0 || p[n] == '/');
}

static bool host_only(const char *p)
{
    return p[1] == 0 || under(p, "/proc") || under(p, "/sys") ||
           under(p, "/dev");
}

/* True if p names this process's executable through /proc. */
static bool is_own_exe(const char *p)
{
    char own[32];
    snprintf(own, sizeof(own), "/proc/%d/exe", (int)getpid());
    return strcmp(p, "/proc/self/exe") == 0 || strcmp(p, own) == 0;
}

const char *user_path(const char *p, char *buf, size_t size)
{
    if (p[0] != '/') {
        return p;
    }
    if (user_exe_path && is_own_exe(p)) {
        return user_exe_path;
    }
    if (!user_ld_prefix || host_only(p)) {
        return p;
    }
    struct stat st;
    int n = snprintf(buf, size, "%s%s", user_ld_prefix, p);
    if (n < 0 || (size_t)n >= size || lstat(buf, &st) < 0) {
        return p;
    }
    return buf;
}
