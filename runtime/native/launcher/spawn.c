/* The launcher side of a container start, in order:
 *   prepare  host-side mounts, only where the child cannot make them itself
 *   clone    with the pid, mount, uts, ipc, net and user namespaces of the request
 *   sync 1.  write the id maps, join the cgroups, release the child ("joined")
 *   report   read the child's stamps; EOF on the close-on-exec pipe means execve worked */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "child.h"
#include "rootfs.h"

static int write_id_map(pid_t pid, const char *file, const struct strlist *lines, struct failure *f)
{
	char path[64], buf[4096];
	size_t n = 0;
	for (int i = 0; i < lines->count && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s\n", lines->items[i]);
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	if (n >= sizeof(buf)) {
		errno = E2BIG;
		return fail(f, "user-namespace", "write", path);
	}
	if (write_file(path, buf, n) < 0)
		return fail(f, "user-namespace", "write", path);
	return 0;
}

/* The id maps of a user namespace, before the child does anything as its root. */
static int write_id_maps(struct request *req, pid_t pid, struct failure *f)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "/proc/%d/setgroups", pid);
	if (req->setgroups_deny && write_file(buf, "deny", 4) < 0)
		return fail(f, "user-namespace", "write", buf);
	if (write_id_map(pid, "uid_map", &req->uid_map, f) < 0 ||
	    write_id_map(pid, "gid_map", &req->gid_map, f) < 0)
		return -1;
	return 0;
}

/* Reads the child's report until EOF: "stamps N…" then EOF on success, "error …" on failure. */
static int read_report(int fd, struct started *out, struct failure *f)
{
	char buf[2048];
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	char *err = strstr(buf, "error ");
	if (err) {
		char step[64] = "", sys[64] = "", path[600] = "";
		int e = 0;
		sscanf(err, "error %63s %63s %d %599[^\n]", step, sys, &e, path);
		static char step_s[64], sys_s[64];
		snprintf(step_s, sizeof(step_s), "%s", step);
		snprintf(sys_s, sizeof(sys_s), "%s", sys);
		f->step = step_s;
		f->syscall = sys_s;
		f->err = e;
		snprintf(f->path, sizeof(f->path), "%s", path);
		return -1;
	}
	char *s = strstr(buf, "stamps");
	if (!s) {
		errno = EPIPE;
		fail(f, "child", "read(report)", "child exited before execve without a report");
		return -1;
	}
	s += 6;
	for (int i = 0; i < STAMP_COUNT; i++) {
		long long v = strtoll(s, &s, 10);
		if (v && !out->stamps[i])
			out->stamps[i] = v;
	}
	return 0;
}

/* clone3(2) arguments, version 2 (with the cgroup field, Linux >= 5.7). */
struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define ISOLAB_CLONE_INTO_CGROUP 0x200000000ULL

/* Like clone() without a stack (fork semantics), but the child starts in the cgroup
 * whose directory is cgroup_fd: no migration, hence no global lock and no RCU wait. */
static pid_t clone_into_cgroup(int flags, int cgroup_fd)
{
	struct clone_args_v2 args;
	memset(&args, 0, sizeof(args));
	args.flags = (uint64_t)(unsigned)flags | ISOLAB_CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgroup_fd;
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

int spawn_container(struct request *req, const int host_stdio[3], struct started *out, struct failure *f)
{
	int flags = req->clone_flags;
	int mnt_ns = (flags & CLONE_NEWNS) != 0;
	/* In a user namespace the overlay would lose trusted.* xattrs (opaque dirs); without a
	 * mount namespace the child has no private tree: in both cases mount as host root. */
	int premount = !req->plain && (!mnt_ns || (flags & CLONE_NEWUSER));
	int sync_pipe[2], report_pipe[2];

	memset(out, 0, sizeof(*out));
	if (premount) {
		if (mount_overlay(req, f) < 0)
			return -1;
		if (!mnt_ns && bind_host_kernel_fs(req, f) < 0) {
			umount2(req->rootfs, MNT_DETACH);
			return -1;
		}
		out->stamps[STAMP_prepared] = now_ns();
	}
	if (pipe2(sync_pipe, O_CLOEXEC) < 0 || pipe2(report_pipe, O_CLOEXEC) < 0) {
		fail(f, "clone", "pipe2", "");
		goto undo_mount;
	}
	/* cgroup v2: make the cgroup first and clone straight into it. */
	pid_t pid = -1;
	int cloned_into = 0;
	if (req->cgroup_into) {
		if (cgroup_create(req, f) < 0)
			goto close_pipes;
		out->stamps[STAMP_cgroup] = now_ns();
		int into = open(req->cgroup_into, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (into < 0) {
			fail(f, "cgroup", "open", req->cgroup_into);
			cgroup_undo(req);
			goto close_pipes;
		}
		pid = clone_into_cgroup(flags, into);
		int err = errno;
		close(into);
		if (pid >= 0) {
			cloned_into = 1;
		} else if (err != ENOSYS && err != E2BIG) {
			errno = err;
			fail(f, "clone", "clone3(CLONE_INTO_CGROUP)", req->cgroup_into);
			cgroup_undo(req);
			goto close_pipes;
		}
	}
	if (!cloned_into) /* no cgroup to clone into, or a kernel before 5.7: clone, then join */
		pid = (pid_t)syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), NULL, NULL, NULL, NULL);
	if (pid < 0) {
		fail(f, "clone", "clone", "");
		if (req->cgroup_into)
			cgroup_undo(req);
close_pipes:
		close(sync_pipe[0]); close(sync_pipe[1]); close(report_pipe[0]); close(report_pipe[1]);
		goto undo_mount;
	}
	if (pid == 0) {
		struct child_ctx ctx = { .req = req, .sync_fd = sync_pipe[0], .report_fd = report_pipe[1],
					 .premounted = premount };
		memcpy(ctx.host_stdio, host_stdio, sizeof(ctx.host_stdio));
		memcpy(ctx.stamps, out->stamps, sizeof(ctx.stamps));
		close(sync_pipe[1]);
		close(report_pipe[0]);
		child_main(&ctx);
	}
	out->stamps[STAMP_cloned] = now_ns();
	out->pid = pid;
	close(sync_pipe[0]);
	close(report_pipe[1]);
	/* The sync point: the cgroup is made (while the child mounts, in parallel), the id
	 * maps are written, and, where the child cannot join by itself, it is joined. */
	int made_before = req->cgroup_into != NULL; /* then made before clone, joined if cloned_into */
	int rc = made_before ? 0 : cgroup_create(req, f);
	int cgroup_made = rc == 0;
	if (cgroup_made && !made_before)
		out->stamps[STAMP_cgroup] = now_ns();
	if (rc == 0 && (flags & CLONE_NEWUSER))
		rc = write_id_maps(req, pid, f);
	if (rc == 0 && !cloned_into && req->cgroup_tasks.count == 0)
		rc = cgroup_join(req, pid, f);
	/* EPIPE: the child died already; its report says why. */
	if (rc == 0 && write(sync_pipe[1], "1", 1) != 1 && errno != EPIPE)
		rc = fail(f, "sync", "write(sync)", "");
	close(sync_pipe[1]);
	/* The child holds its own copy of the overlay now; the host's can go. */
	if (premount && mnt_ns)
		umount2(req->rootfs, MNT_DETACH);
	if (rc == 0)
		rc = read_report(report_pipe[0], out, f);
	close(report_pipe[0]);
	if (rc < 0 && cgroup_made) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		cgroup_undo(req);
		pid = 0;
	}
	if (rc < 0) {
		if (pid) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		if (premount && !mnt_ns)
			umount2(req->rootfs, MNT_DETACH);
		return -1;
	}
	out->stamps[STAMP_started] = now_ns();
	out->host_mounted = premount && !mnt_ns;
	return 0;

undo_mount:
	if (premount)
		umount2(req->rootfs, MNT_DETACH);
	return -1;
}
