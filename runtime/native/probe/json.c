/* json.c — a tiny JSON writer that builds one object in memory.
 *
 * Why in memory: every subcommand must print exactly one object, and a usage
 * error or a crash half-way must not leave half an object on stdout. The buffer
 * goes out with one write loop in json_finish().
 *
 * Strings come from the container (file contents, hostnames, mount paths) and
 * may hold any byte. Valid UTF-8 passes through; control characters are
 * escaped; bytes that are not valid UTF-8 become U+FFFD so the output is always
 * valid JSON that Node's JSON.parse accepts. */
#include "probe.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPTH 32

static char *buf;
static size_t len, cap;
static int depth;
static unsigned counts[MAX_DEPTH]; /* values written so far at each level */
static int after_key;              /* the next value belongs to a key: no comma */

static void put_n(const char *s, size_t n)
{
    if (len + n > cap) {
        size_t ncap = cap ? cap : 4096;
        while (ncap < len + n)
            ncap *= 2;
        char *nbuf = realloc(buf, ncap);
        if (!nbuf)
            fatal("json buffer", ENOMEM);
        buf = nbuf;
        cap = ncap;
    }
    memcpy(buf + len, s, n);
    len += n;
}

static void put(const char *s) { put_n(s, strlen(s)); }
static void put_c(char c) { put_n(&c, 1); }

static void before_value(void)
{
    if (after_key) {
        after_key = 0;
        return;
    }
    if (depth > 0 && counts[depth - 1]++ > 0)
        put_c(',');
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        if (c == 0xED)
            hi = 0x9F; /* UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

static void put_escaped(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    put_c('"');
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put_n(esc, 2);
        } else if (c == '\n')
            put("\\n");
        else if (c == '\r')
            put("\\r");
        else if (c == '\t')
            put("\\t");
        else if (c == '\b')
            put("\\b");
        else if (c == '\f')
            put("\\f");
        else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(esc);
        } else if (c < 0x80)
            put_c((char)c);
        else {
            size_t k = utf8_len(s + i, n - i);
            if (k == 0) {
                put("\\ufffd");
                i++;
                continue;
            }
            put_n(str + i, k);
            i += k;
            continue;
        }
        i++;
    }
    put_c('"');
}

void json_begin_object(void)
{
    before_value();
    if (depth >= MAX_DEPTH)
        fatal("json nesting", E2BIG);
    counts[depth++] = 0;
    put_c('{');
}

void json_begin_array(void)
{
    before_value();
    if (depth >= MAX_DEPTH)
        fatal("json nesting", E2BIG);
    counts[depth++] = 0;
    put_c('[');
}

void json_end_object(void) { depth--; put_c('}'); }
void json_end_array(void) { depth--; put_c(']'); }

void json_key(const char *key)
{
    if (depth > 0 && counts[depth - 1]++ > 0)
        put_c(',');
    put_escaped(key, strlen(key));
    put_c(':');
    after_key = 1;
}

void json_string(const char *s)
{
    if (!s) {
        json_null();
        return;
    }
    json_string_n(s, strlen(s));
}

void json_string_n(const char *s, size_t n)
{
    before_value();
    put_escaped(s, n);
}

void json_int(int64_t v)
{
    char tmp[32];
    before_value();
    snprintf(tmp, sizeof tmp, "%" PRId64, v);
    put(tmp);
}

void json_uint(uint64_t v)
{
    char tmp[32];
    before_value();
    snprintf(tmp, sizeof tmp, "%" PRIu64, v);
    put(tmp);
}

void json_double(double v)
{
    char tmp[40];
    before_value();
    if (!isfinite(v)) { /* JSON has no NaN/Infinity */
        put("null");
        return;
    }
    snprintf(tmp, sizeof tmp, "%.9g", v);
    put(tmp);
}

void json_bool(int v) { before_value(); put(v ? "true" : "false"); }
void json_null(void) { before_value(); put("null"); }

void json_finish(void)
{
    if (depth != 0)
        fatal("json_finish with open object (probe bug)", EINVAL);
    put_c('\n');
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(STDOUT_FILENO, buf + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            _exit(1); /* stdout gone: nobody to report to */
        off += (size_t)w;
    }
    len = 0;
    after_key = 0;
}

void jf_str(const char *k, const char *v) { json_key(k); json_string(v); }
void jf_int(const char *k, int64_t v) { json_key(k); json_int(v); }
void jf_uint(const char *k, uint64_t v) { json_key(k); json_uint(v); }
void jf_double(const char *k, double v) { json_key(k); json_double(v); }
void jf_bool(const char *k, int v) { json_key(k); json_bool(v); }
void jf_null(const char *k) { json_key(k); json_null(); }

void jf_errno(int err)
{
    jf_bool("ok", err == 0);
    jf_int("errno", err);
    if (err)
        jf_str("error", errno_name(err));
    else
        jf_null("error");
}
