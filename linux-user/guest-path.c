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

/*
 * The absolute path p spelled plainly into out: no empty or "."
 * components, ".." taking the one before it away (the root's parent is
 * the root), a trailing slash kept where p asks for a directory.  "//",
 * "/." and "/.." are then the root, "//proc" is "/proc", and a ".." can
 * never climb out of the sysroot.  *climbs tells whether p had a "..".
 * False if out is too small.
 */
static bool plain_path(const char *p, char *out, size_t size, bool *climbs)
{
    size_t len = 0;
    bool dir = false;

    *climbs = false;
    while (*p) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        dir = n == 0 || (n == 1 && p[0] == '.') ||
              (n == 2 && p[0] == '.' && p[1] == '.');
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            *climbs = true;
            while (len > 0 && out[--len] != '/') {
            }
        } else if (!dir) {
            if (len + 1 + n >= size)
                return false;
            out[len++] = '/';
            memcpy(out + len, p, n);
            len += n;
        }
        p += n;
    }
    if (len + 2 > size)
        return false;
    if (len == 0 || dir)
        out[len++] = '/';
    out[len] = 0;
    return true;
}

const char *user_path(const char *p, char *buf, size_t size)
{
    char plain[PATH_MAX];
    bool climbs;

    if (p[0] != '/') {
        return p;
    }
    if (!plain_path(p, plain, sizeof(plain), &climbs)) {
        return p;
    }
    if (user_exe_path && is_own_exe(plain)) {
        return user_exe_path;
    }
    if (!user_ld_prefix || host_only(plain)) {
        return p;
    }
    struct stat st;
    int n = snprintf(buf, size, "%s%s", user_ld_prefix, climbs ? plain : p);
    if (n < 0 || (size_t)n >= size || lstat(buf, &st) < 0) {
        return p;
    }
    return buf;
}
