/* The container's cgroup, made and removed by the launcher. */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cgroup_create(const struct request *req, struct failure *f)
{
	for (int i = 0; i < req->cgroup_ops.count; i++) {
		const char *op = req->cgroup_ops.items[i];
		if (op[0] == 'm') {
			if (mkdir(op + 1, 0755) < 0) {
				fail(f, "cgroup", "mkdir", op + 1);
				cgroup_undo(req);
				return -1;
			}
			continue;
		}
		char path[1024];
		const char *tab = strchr(op + 1, '\t');
		size_t n = tab ? (size_t)(tab - op - 1) : 0;
		if (op[0] != 'w' || !tab || n >= sizeof(path)) {
			errno = EINVAL;
			fail(f, "cgroup", "parse(cgop)", op);
			cgroup_undo(req);
			return -1;
		}
		memcpy(path, op + 1, n);
		path[n] = '\0';
		if (write_file(path, tab + 1, strlen(tab + 1)) < 0) {
			fail(f, "cgroup", "write", path);
			cgroup_undo(req);
			return -1;
		}
	}
	return 0;
}

int cgroup_join(const struct request *req, int pid, struct failure *f)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d", pid);
	for (int i = 0; i < req->cgroup_procs.count; i++)
		if (write_file(req->cgroup_procs.items[i], buf, (size_t)n) < 0)
			return fail(f, "join-cgroup", "write", req->cgroup_procs.items[i]);
	return 0;
}

void cgroup_undo(const struct request *req)
{
	for (int i = req->cgroup_ops.count - 1; i >= 0; i--)
		if (req->cgroup_ops.items[i][0] == 'm')
			rmdir(req->cgroup_ops.items[i] + 1);
}

size_t cgroup_read_stats(char *const *files, int n, char *out, size_t cap)
{
	size_t len = 0;
	char content[4096];
	for (int i = 0; i < n && len < cap; i++) {
		int fd = open(files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* an absent file is absent from the stats */
		ssize_t r = read(fd, content, sizeof(content) - 1);
		close(fd);
		if (r < 0)
			continue;
		content[r] = '\0';
		if (len > 0 && len < cap)
			out[len++] = ',';
		len += json_str(out + len, cap - len, files[i]);
		if (len < cap)
			out[len++] = ':';
		len += json_str(out + len, cap - len, content);
	}
	if (len >= cap)
		len = cap - 1;
	out[len] = '\0';
	return len;
}

int cgroup_remove(char *const *dirs, int n)
{
	int rc = 0;
	for (int i = 0; i < n; i++)
		if (rmdir(dirs[i]) < 0 && errno != ENOENT)
			rc = -1; /* populated (an escaped daemon): isolab kills and removes it */
	return rc;
}
