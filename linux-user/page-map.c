/*
 * page-map.c: which guest pages are mapped, and how.  A sorted array of
 * disjoint ranges, each with one set of PAGE_* flags; neighbours with
 * equal flags are merged.  Sparse on purpose: a 64-bit guest's mappings
 * are scattered over 128 TiB, and even a 32-bit process has only a few
 * hundred ranges, so lookups are binary searches over a short array.
 */
#include <glib.h>
#include <pthread.h>

#include "linux-user/user.h"

typedef struct PageRange {
    uint64_t start, end; /* [start, end), page aligned */
    int flags;           /* nonzero */
} PageRange;

static GArray *ranges;

/* Threads: every function takes the lock; guest-mem.c holds it across
 * a whole mmap-family call (it is recursive). */
static pthread_mutex_t map_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void page_map_lock(void)
{
    pthread_mutex_lock(&map_lock);
}

void page_map_unlock(void)
{
    pthread_mutex_unlock(&map_lock);
}

static PageRange *range_at(guint i)
{
    return &g_array_index(ranges, PageRange, i);
}

/* fork: the child must not inherit the lock held by another thread.
 * Registered before tcg's handlers, so it is taken after tb_lock (the
 * translator reads the map under tb_lock). */
static void fork_parent(void)
{
    pthread_mutex_unlock(&map_lock);
}

/* The owner recorded in the mutex is the parent's thread id: a fresh
 * lock rather than an unlock. */
static void fork_child(void)
{
    map_lock = (pthread_mutex_t)PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
}

static void ensure_init(void)
{
    if (!ranges) {
        ranges = g_array_new(false, false, sizeof(PageRange));
        pthread_atfork(page_map_lock, fork_parent, fork_child);
    }
}

/* Index of the first range that ends after addr (ranges->len if none). */
static guint first_ending_after(uint64_t addr)
{
    guint lo = 0, hi = ranges->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (range_at(mid)->end > addr) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

/* Merge range i with its right neighbour if they touch with equal flags. */
static void merge_with_next(guint i)
{
    if (i + 1 < ranges->len && range_at(i)->end == range_at(i + 1)->start &&
        range_at(i)->flags == range_at(i + 1)->flags) {
        range_at(i)->end = range_at(i + 1)->end;
        g_array_remove_index(ranges, i + 1);
    }
}

static void page_map_set_locked(uint64_t start, uint64_t len, int flags)
{
    ensure_init();
    if (len == 0) {
        return;
    }
    uint64_t end = start + len;
    guint i = first_ending_after(start);
    guint j = i;
    while (j < ranges->len && range_at(j)->start < end) {
        j++;
    }
    /* Ranges i..j-1 overlap [start, end): keep their outside parts. */
    PageRange pieces[3];
    int n = 0;
    if (j > i && range_at(i)->start < start) {
        pieces[n++] = (PageRange){ range_at(i)->start, start,
                                   range_at(i)->flags };
    }
    if (flags) {
        pieces[n++] = (PageRange){ start, end, flags };
    }
    if (j > i && range_at(j - 1)->end > end) {
        pieces[n++] = (PageRange){ end, range_at(j - 1)->end,
                                   range_at(j - 1)->flags };
    }
    if (j > i) {
        g_array_remove_range(ranges, i, j - i);
    }
    g_array_insert_vals(ranges, i, pieces, n);
    /* Merge around what changed, right to left so indices stay valid. */
    guint last = i + (guint)n;
    for (guint k = last; k-- > (i ? i - 1 : 0);) {
        if (k < ranges->len) {
            merge_with_next(k);
        }
    }
}

static int page_map_flags_locked(uint64_t addr)
{
    ensure_init();
    guint i = first_ending_after(addr);
    return i < ranges->len && range_at(i)->start <= addr ? range_at(i)->flags
                                                           : 0;
}

static uint64_t page_map_extent_locked(uint64_t addr, int need)
{
    ensure_init();
    uint64_t a = addr;
    for (guint i = first_ending_after(addr); i < ranges->len; i++) {
        const PageRange *r = range_at(i);
        if (r->start > a || (r->flags & need) != need) {
            break;
        }
        a = r->end;
    }
    return a - addr;
}

static uint64_t page_map_next_locked(uint64_t addr)
{
    ensure_init();
    guint i = first_ending_after(addr);
    if (i == ranges->len) {
        return UINT64_MAX;
    }
    return range_at(i)->start > addr ? range_at(i)->start : addr;
}

bool page_map_all(uint64_t start, uint64_t len, int need)
{
    return len == 0 || page_map_extent(start, need) >= len;
}

static bool page_map_any_locked(uint64_t start, uint64_t len, int flags)
{
    ensure_init();
    uint64_t end = start + len;
    for (guint i = first_ending_after(start);
         i < ranges->len && range_at(i)->start < end; i++) {
        if (range_at(i)->flags & flags) {
            return true;
        }
    }
    return false;
}

static uint64_t page_map_find_free_locked(uint64_t from, uint64_t len,
                                          uint64_t limit)
{
    ensure_init();
    uint64_t a = from;
    for (guint i = first_ending_after(from); i < ranges->len; i++) {
        const PageRange *r = range_at(i);
        if (r->start >= a + len) {
            break;
        }
        a = r->end > a ? r->end : a;
    }
    return a + len <= limit ? a : 0;
}

void page_map_foreach(uint64_t start, uint64_t len,
                      void (*fn)(uint64_t start, uint64_t len, void *opaque),
                      void *opaque)
{
    page_map_lock();
    ensure_init();
    uint64_t end = start + len;
    /* Collect first: fn may change the map. */
    GArray *parts = g_array_new(false, false, sizeof(PageRange));
    for (guint i = first_ending_after(start);
         i < ranges->len && range_at(i)->start < end; i++) {
        PageRange p = *range_at(i);
        p.start = p.start < start ? start : p.start;
        p.end = p.end > end ? end : p.end;
        g_array_append_val(parts, p);
    }
    page_map_unlock();
    for (guint i = 0; i < parts->len; i++) {
        const PageRange *p = &g_array_index(parts, PageRange, i);
        fn(p->start, p->end - p->start, opaque);
    }
    g_array_free(parts, true);
}

void page_map_set(uint64_t start, uint64_t len, int flags)
{
    page_map_lock();
    page_map_set_locked(start, len, flags);
    page_map_unlock();
}

int page_map_flags(uint64_t addr)
{
    page_map_lock();
    int r = page_map_flags_locked(addr);
    page_map_unlock();
    return r;
}

uint64_t page_map_extent(uint64_t addr, int need)
{
    page_map_lock();
    uint64_t r = page_map_extent_locked(addr, need);
    page_map_unlock();
    return r;
}

uint64_t page_map_next(uint64_t addr)
{
    page_map_lock();
    uint64_t r = page_map_next_locked(addr);
    page_map_unlock();
    return r;
}

bool page_map_any(uint64_t start, uint64_t len, int flags)
{
    page_map_lock();
    bool r = page_map_any_locked(start, len, flags);
    page_map_unlock();
    return r;
}

uint64_t page_map_find_free(uint64_t from, uint64_t len, uint64_t limit)
{
    page_map_lock();
    uint64_t r = page_map_find_free_locked(from, len, limit);
    page_map_unlock();
    return r;
}
