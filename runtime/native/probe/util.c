/* util.c — argument parsing, errors, clocks and small file helpers. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Usage errors exit 2 with nothing on stdout, so a caller never parses JSON
 * from a probe that was called wrongly. */
void usage_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("probe: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (current_command)
        fprintf(stderr, "usage: probe %s%s %s\n", current_prefix, current_command->name,
                current_command->usage);
    exit(2);
}

/* A failure of the probe itself (not of an attempt): exit 1, stderr only. */
void fatal(const char *what, int err)
{
    fprintf(stderr, "probe: %s: %s\n", what, strerror(err));
    exit(1);
}

int64_t parse_int(const char *s, const char *what, int64_t min, int64_t max)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        usage_fail("%s must be an integer in [%lld, %lld], got \"%s\"", what,
                   (long long)min, (long long)max, s);
    return v;
}

/* IPC keys are printed in hex by ipcs, so accept both "0x1234" and decimal. */
long parse_ipc_key(const char *s)
{
    char *end;
    int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    errno = 0;
    long long v = strtoll(hex ? s + 2 : s, &end, hex ? 16 : 10);
    if (errno || end == s || *end || v < -2147483648LL || v > 4294967295LL)
        usage_fail("KEY must be decimal or 0x hex, got \"%s\"", s);
    return (long)(int32_t)(uint32_t)v; /* key_t is a 32-bit int */
}

double parse_seconds(const char *s, const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1e7)
        usage_fail("%s must be a number of seconds >= 0, got \"%s\"", what, s);
    return v;
}

int64_t clock_ns(clockid_t clk)
{
    struct timespec ts;
    if (clock_gettime(clk, &ts) != 0)
        return -1;
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleep the whole interval even if a signal without handler-kill arrives. */
void sleep_ns(int64_t ns)
{
    if (ns <= 0)
        return;
    struct timespec ts = { .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

char *read_file(const char *path, size_t max, size_t *lenp, int *truncated)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    /* /proc and /sys files report size 0: read until EOF, not st_size. */
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    *truncated = 0;
    for (;;) {
        if (len == max) {
            char extra;
            *truncated = read(fd, &extra, 1) > 0;
            break;
        }
        if (len == cap) {
            cap = cap * 2 > max ? max : cap * 2;
            char *n = realloc(buf, cap + 1);
            if (!n) {
                free(buf);
                close(fd);
                errno = ENOMEM;
                return NULL;
            }
            buf = n;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int err = errno;
            free(buf);
            close(fd);
            errno = err;
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    buf[len] = 0;
    *lenp = len;
    return buf;
}

int status_field(const char *field, char *out, size_t outlen)
{
    size_t len;
    int trunc;
    char *text = read_file("/proc/self/status", 1 << 16, &len, &trunc);
    if (!text)
        return -1;
    size_t flen = strlen(field);
    int found = -1;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
            const char *v = line + flen + 1;
            v += strspn(v, " \t");
            snprintf(out, outlen, "%s", v);
            found = 0;
            break;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return found;
}

int cmp_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
