/* work-mem.c — `probe alloc MIB [HOLD_SECONDS]`: grow resident memory in
 * 1 MiB steps, for memory-limit checks. Under a memory cgroup limit the OOM
 * killer ends the probe before it prints: no output plus death by SIGKILL is
 * the expected evidence then. mmap failing (RLIMIT_AS, overcommit) is
 * reported as an errno instead. */
#include "probe.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define MIB (1L << 20)

int cmd_alloc(char **a, int n)
{
    long want = (long)parse_int(a[0], "MIB", 0, 1L << 24);
    double hold = n > 1 ? parse_seconds(a[1], "HOLD_SECONDS") : 0;
    long page = sysconf(_SC_PAGESIZE);
    long got = 0;
    int err = 0;
    for (; got < want; got++) {
        /* separate mappings, never freed: the memory stays charged until exit */
        char *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            err = errno;
            break;
        }
        /* touch every page: untouched anonymous memory is not charged */
        for (long off = 0; off < MIB; off += page)
            p[off] = 1;
    }
    sleep_ns((int64_t)(hold * 1e9));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    json_begin_object();
    jf_int("requested_mib", want);
    jf_int("allocated_mib", got);
    jf_errno(err);
    jf_int("peak_rss_kb", ru.ru_maxrss);
    json_end_object();
    json_finish();
    return 0;
}
