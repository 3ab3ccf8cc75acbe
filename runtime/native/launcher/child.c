/* The container side of a start, top to bottom in the order it happens.
 * Any failure is written to the report pipe as one line naming step, syscall and path. */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "fsprep.h"
#include "rootfs.h"
#include "util.h"

extern char **environ;

static void report_failure(struct child_ctx *ctx, const struct failure *f) __attribute__((noreturn));
static void report_failure(struct child_ctx *ctx, const struct failure *f)
{
	char line[1024];
	/* One line: step, syscall, errno, then the path (rest of the line, newlines blanked). */
	int n = snprintf(line, sizeof(line), "error %s %s %d %s", f->step, f->syscall, f->err, f->path);
	for (char *c = line; *c; c++)
		if (*c == '\n')
			*c = ' ';
	n = n < (int)sizeof(line) - 1 ? n : (int)sizeof(line) - 2;
	line[n++] = '\n';
	write_all(ctx->report_fd, line, (size_t)n);
	_exit(127);
}

#define CHECK(ctx, f, expr, step, sys, path) \
	do { if ((expr) < 0) { fail(&(f), step, sys, path); report_failure(ctx, &(f)); } } while (0)

static int open_stdio(struct child_ctx *ctx, int which, struct failure *f)
{
	const char *t = ctx->req->stdio[which];
	if (!t || strcmp(t, "@host") == 0)
		return ctx->host_stdio[which];
	if (strcmp(t, "@null") == 0)
		t = "/dev/null";
	int flags = which == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC | O_APPEND;
	int fd = open(t, flags | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(f, "open-stdio", "open", t);
	return fd;
}

static void write_time_offsets(struct child_ctx *ctx, struct failure *f)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "monotonic %lld %lld\nboottime %lld %lld\n",
			 ctx->req->mono_off_s, ctx->req->mono_off_ns, ctx->req->boot_off_s, ctx->req->boot_off_ns);
	CHECK(ctx, *f, write_file("/proc/self/timens_offsets", buf, (size_t)n), "time-namespace",
	      "write", "/proc/self/timens_offsets");
}

static void set_credentials(struct child_ctx *ctx, struct failure *f)
{
	struct request *req = ctx->req;
	int in_userns = (req->clone_flags & CLONE_NEWUSER) != 0;
	/* Drop capabilities while we still hold CAP_SETPCAP; a setuid to non-root drops the rest. */
	if (!req->keep_all_caps)
		CHECK(ctx, *f, caps_restrict(req->caps), "capabilities", "prctl(PR_CAPBSET_DROP)", "");
	if (!(in_userns && req->setgroups_deny)) {
		gid_t gids[64];
		int n = 0;
		for (int i = 0; i < req->gids.count && n < 64; i++)
			gids[n++] = (gid_t)strtoul(req->gids.items[i], NULL, 10);
		CHECK(ctx, *f, setgroups((size_t)n, gids), "credentials", "setgroups", "");
	}
	CHECK(ctx, *f, setresgid(req->gid, req->gid, req->gid), "credentials", "setresgid", "");
	CHECK(ctx, *f, setresuid(req->uid, req->uid, req->uid), "credentials", "setresuid", "");
	if (req->no_new_privs)
		CHECK(ctx, *f, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "credentials", "prctl(NO_NEW_PRIVS)", "");
	/* After the credential change (which clears it): die with the launcher. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

/* The sync point: the parent has made the cgroup (and written the id maps). */
static void wait_ready(struct child_ctx *ctx)
{
	char go;
	ctx->stamps[STAMP_waiting] = now_ns();
	if (read(ctx->sync_fd, &go, 1) != 1)
		_exit(126); /* the launcher went away, or it failed and says why */
}

/* Joins the cgroup by writing our own tid ("0") to each v1 `tasks` file. Moving the
 * calling thread skips the global lock that a write to cgroup.procs takes, whose first
 * use after a quiet spell waits a whole RCU grace period (~10 ms). Where there are no
 * tasks files (cgroup v2), the parent wrote our pid to cgroup.procs before the sync. */
static void join_cgroup(struct child_ctx *ctx, struct failure *f)
{
	for (int i = 0; i < ctx->req->cgroup_tasks.count; i++)
		CHECK(ctx, *f, write_file(ctx->req->cgroup_tasks.items[i], "0", 1), "join-cgroup", "write",
		      ctx->req->cgroup_tasks.items[i]);
	ctx->stamps[STAMP_joined] = now_ns();
}

void child_main(struct child_ctx *ctx)
{
	struct request *req = ctx->req;
	struct failure f = { 0 };
	int in_userns = (req->clone_flags & CLONE_NEWUSER) != 0;
	ctx->stamps[STAMP_child] = now_ns();
	/* The launcher blocks SIGCHLD (for its signalfd) and ignores SIGPIPE; a blocked mask
	 * and ignored signals survive execve, so give the workload the defaults. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);

	/* In a user namespace, wait for the id maps (and the cgroup) before acting as its root,
	 * and join the cgroup while our credentials are still the host's root. */
	if (in_userns) {
		wait_ready(ctx);
		ctx->stamps[STAMP_mapped] = now_ns();
		join_cgroup(ctx, &f);
	}
	/* Open stdio targets while our credentials are still the host's root. */
	int stdio[3];
	for (int i = 0; i < 3; i++)
		if ((stdio[i] = open_stdio(ctx, i, &f)) < 0)
			report_failure(ctx, &f);
	if (req->plain) {
		wait_ready(ctx); /* with nothing to join */
		goto exec;       /* a plain fork+exec: the floor that every start is compared with */
	}
	if (in_userns) {
		/* Become the namespace's root (mapped), as the id maps now allow. */
		CHECK(ctx, f, setresgid(0, 0, 0), "user-namespace", "setresgid", "");
		CHECK(ctx, f, setresuid(0, 0, 0), "user-namespace", "setresuid", "");
		/* The uid change made us non-dumpable, which hands /proc/self to the host's root
		 * and locks us out of /proc/self/timens_offsets; we are still ourselves. */
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	}
	/* The offsets can only be written before any process is in the new time namespace;
	 * we enter it ourselves at execve. */
	if (req->ns_time) {
		CHECK(ctx, f, unshare(CLONE_NEWTIME), "time-namespace", "unshare(CLONE_NEWTIME)", "");
		write_time_offsets(ctx, &f);
	}
	umask(0);
	if (req->clone_flags & CLONE_NEWNS) {
		/* Private propagation before anything is mounted: nothing leaks back to the host. */
		CHECK(ctx, f, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "mount-propagation",
		      "mount(MS_PRIVATE)", "/");
		/* The init layer and writable layer of an ephemeral container live in a tmpfs of
		 * its own mount namespace: they cost a few µs to make and vanish with it. */
		if (req->scratch) {
			CHECK(ctx, f, mount("tmpfs", req->scratch, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755"),
			      "scratch", "mount(tmpfs)", req->scratch);
			if (prepare_dirs(req, &f) < 0)
				report_failure(ctx, &f);
		}
		if (!ctx->premounted && mount_overlay(req, &f) < 0)
			report_failure(ctx, &f);
		/* A mount inherited from the host's namespace is locked in ours and pivot_root
		 * refuses it: bind the rootfs onto itself to get one that belongs to us. */
		if (ctx->premounted)
			CHECK(ctx, f, mount(req->rootfs, req->rootfs, NULL, MS_BIND | MS_REC, NULL), "mount-rootfs",
			      "mount(rbind)", req->rootfs);
		ctx->stamps[STAMP_mounted] = now_ns();
		if (mount_kernel_fs(req, in_userns, &f) < 0)
			report_failure(ctx, &f);
		/* Our cgroup was made while we mounted; join it while its path is reachable. */
		if (!in_userns) {
			wait_ready(ctx);
			join_cgroup(ctx, &f);
		}
		if (pivot_into(req->rootfs, &f) < 0)
			report_failure(ctx, &f);
		if (req->readonly)
			CHECK(ctx, f, mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
			      "readonly-root", "mount(remount,ro)", "/");
	} else {
		/* The host's mount namespace is shared (a control cell): only chroot is possible. */
		ctx->stamps[STAMP_mounted] = now_ns();
		if (!in_userns) {
			wait_ready(ctx);
			join_cgroup(ctx, &f);
		}
		CHECK(ctx, f, chroot(req->rootfs), "chroot", "chroot", req->rootfs);
		CHECK(ctx, f, chdir("/"), "chroot", "chdir", "/");
	}
	ctx->stamps[STAMP_pivoted] = now_ns();
	umask(022);

	if (req->hostname)
		CHECK(ctx, f, sethostname(req->hostname, strlen(req->hostname)), "hostname", "sethostname", req->hostname);
	if (req->domainname)
		CHECK(ctx, f, setdomainname(req->domainname, strlen(req->domainname)), "hostname",
		      "setdomainname", req->domainname);
	close(ctx->sync_fd);
	/* After joining, so the container's own cgroup is its cgroup root. */
	if (req->ns_cgroup)
		CHECK(ctx, f, unshare(CLONE_NEWCGROUP), "cgroup-namespace", "unshare(CLONE_NEWCGROUP)", "");
	CHECK(ctx, f, chdir(req->cwd), "cwd", "chdir", req->cwd);
	set_credentials(ctx, &f);

	if (req->init)
		become_init();
exec:
	for (int i = 0; i < 3; i++)
		CHECK(ctx, f, dup2(stdio[i], i), "stdio", "dup2", req->stdio[i]);

	ctx->stamps[STAMP_exec] = now_ns();
	char line[512];
	int n = snprintf(line, sizeof(line), "stamps");
	for (int i = 0; i < STAMP_COUNT; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %lld", (long long)ctx->stamps[i]);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
	write_all(ctx->report_fd, line, (size_t)n);

	/* No descriptor of the host stays open: only 0, 1, 2 (and the close-on-exec report pipe). */
	if (ctx->report_fd > 3)
		close_range(3, (unsigned)ctx->report_fd - 1, 0);
	close_range((unsigned)ctx->report_fd + 1, ~0U, 0);
	environ = req->env.items;
	execvp(req->argv.items[0], req->argv.items);
	fail(&f, "exec", "execve", req->argv.items[0]);
	report_failure(ctx, &f);
}
