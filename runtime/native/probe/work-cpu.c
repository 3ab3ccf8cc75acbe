/* work-cpu.c — CPU workloads for cgroup throttling accuracy.
 *
 * spin: N busy threads for a wall-clock interval; cpu_ns / wall_ns is the
 *   CPU share the cgroup actually granted (compare with cpu.cfs_quota_us).
 * burst: a latency-sensitive pattern. Each period needs BURST_US of CPU; under
 *   CFS bandwidth control a burst that straddles a throttled period takes far
 *   longer in wall time. Bursts are measured in thread CPU time consumed, so
 *   throttling shows up as wall latency instead of being hidden. */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int stop_spinning;

static void *spin_thread(void *arg)
{
    (void)arg;
    volatile uint64_t x = 0;
    while (!atomic_load_explicit(&stop_spinning, memory_order_relaxed))
        for (int i = 0; i < 10000; i++)
            x = x + 1;
    return NULL;
}

int cmd_spin(char **a, int n)
{
    (void)n;
    int threads = (int)parse_int(a[0], "THREADS", 1, 1024);
    double seconds = parse_seconds(a[1], "SECONDS");
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    if (!tids)
        fatal("spin", ENOMEM);
    int64_t cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), wall0 = clock_ns(CLOCK_MONOTONIC);
    int started = 0;
    for (; started < threads; started++) {
        int err = pthread_create(&tids[started], NULL, spin_thread, NULL);
        if (err)
            fatal("pthread_create", err);
    }
    sleep_ns((int64_t)(seconds * 1e9));
    atomic_store(&stop_spinning, 1);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    int64_t cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    int64_t wall = clock_ns(CLOCK_MONOTONIC) - wall0;
    json_begin_object();
    jf_int("threads", threads);
    jf_double("seconds", seconds);
    jf_int("cpu_ns", cpu);
    jf_int("wall_ns", wall);
    json_end_object();
    json_finish();
    free(tids);
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static int64_t percentile(const int64_t *sorted, long count, double p)
{
    long rank = (long)(p * (double)count + 0.999999999);
    if (rank < 1)
        rank = 1;
    if (rank > count)
        rank = count;
    return sorted[rank - 1];
}

int cmd_burst(char **a, int n)
{
    (void)n;
    int64_t period_us = parse_int(a[0], "PERIOD_US", 1, 60000000);
    int64_t burst_us = parse_int(a[1], "BURST_US", 1, 60000000);
    long count = (long)parse_int(a[2], "COUNT", 1, 10000000);
    int64_t *lat = malloc((size_t)count * sizeof *lat);
    int64_t *sorted = malloc((size_t)count * sizeof *sorted);
    if (!lat || !sorted)
        fatal("burst", ENOMEM);
    long over = 0, overruns = 0;
    int64_t start = clock_ns(CLOCK_MONOTONIC);
    for (long i = 0; i < count; i++) {
        /* Sleep to the period boundary (absolute, so lateness does not drift). */
        int64_t boundary = start + i * period_us * 1000;
        struct timespec ts = { .tv_sec = boundary / 1000000000LL, .tv_nsec = boundary % 1000000000LL };
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        int64_t w0 = clock_ns(CLOCK_MONOTONIC), c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0 < burst_us * 1000)
            ;
        int64_t w1 = clock_ns(CLOCK_MONOTONIC);
        lat[i] = (w1 - w0) / 1000;
        if (lat[i] > 2 * burst_us)
            over++;
        if (w1 > boundary + period_us * 1000)
            overruns++; /* the burst ran into the next period */
    }
    memcpy(sorted, lat, (size_t)count * sizeof *lat);
    qsort(sorted, (size_t)count, sizeof *sorted, cmp_i64);
    json_begin_object();
    jf_int("period_us", period_us);
    jf_int("burst_us", burst_us);
    jf_int("count", count);
    jf_int("min_us", sorted[0]);
    jf_int("median_us", percentile(sorted, count, 0.5));
    jf_int("p99_us", percentile(sorted, count, 0.99));
    jf_int("max_us", sorted[count - 1]);
    jf_int("over_2x", over);
    jf_int("overruns", overruns);
    jf_int("wall_ns", clock_ns(CLOCK_MONOTONIC) - start);
    json_key("samples_us"); /* raw, in time order: the caller does its own statistics */
    json_begin_array();
    for (long i = 0; i < count; i++)
        json_int(lat[i]);
    json_end_array();
    json_end_object();
    json_finish();
    free(lat);
    free(sorted);
    return 0;
}
