/* Small helpers shared by the launcher's parent and child sides. */
#ifndef ISOLAB_UTIL_H
#define ISOLAB_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in ns: the same clock as Node's process.hrtime.bigint(). */
int64_t now_ns(void);

/* Writes the whole string to path (O_WRONLY, no O_CREAT); -1 with errno set. */
int write_file(const char *path, const char *data, size_t len);

/* Writes all of buf to fd, retrying on EINTR and short writes. */
int write_all(int fd, const void *buf, size_t len);

/* Appends a JSON string literal of s to out (size cap), escaping as JSON requires. */
size_t json_str(char *out, size_t cap, const char *s);

/* Symbolic errno name ("ENOENT"), or NULL. */
const char *errno_name(int err);

#endif

#ifndef ISOLAB_FAILURE_DEFINED
#define ISOLAB_FAILURE_DEFINED
/* What failed, on what: every launcher error names the step, the syscall and the path. */
struct failure {
	const char *step;
	const char *syscall;
	char path[512];
	int err;
};

/* Records errno into f with the step, syscall and path; returns -1 for `return fail(...)`. */
int fail(struct failure *f, const char *step, const char *syscall, const char *path);
#endif
