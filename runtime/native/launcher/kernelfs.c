/* The kernel filesystems inside the container, and pivot_root.
 *
 * Order matters and follows what each step defends against:
 * - /proc is a new instance, so the workload sees only its pid namespace's processes;
 * - /dev is a fresh tmpfs with six device nodes, never the host's /dev (which holds disks);
 * - /sys is read-only, so the host's kernel knobs cannot be written through it;
 * - masked paths hide host information (/proc/kcore, /proc/keys …), read-only paths keep
 *   kernel knobs (/proc/sys, /proc/sysrq-trigger …) from being written;
 * - pivot_root, then detaching the old root, leaves no path back to the host's tree
 *   (chroot would leave one: the classic chdir("..") escape). */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void join(char *out, const char *root, const char *rel)
{
	snprintf(out, PATH_MAX, "%s/%s", root, rel[0] == '/' ? rel + 1 : rel);
}

/* Mount flags that a bind remount must keep: in a user namespace they are locked. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs sv;
	unsigned long fl = 0;
	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID) fl |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV) fl |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC) fl |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME) fl |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME) fl |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME) fl |= MS_RELATIME;
	return fl;
}

static int bind_ro(const char *src, const char *dst, struct failure *f, const char *step)
{
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
		return fail(f, step, "mount(rbind)", dst);
	if (mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked_flags(dst), NULL) < 0)
		return fail(f, step, "mount(remount,ro)", dst);
	return 0;
}

int bind_host_kernel_fs(const struct request *req, struct failure *f)
{
	static const char *const dirs[] = { "dev", "proc", "sys" };
	char dst[PATH_MAX];
	for (size_t i = 0; i < 3; i++) {
		char src[16];
		snprintf(src, sizeof(src), "/%s", dirs[i]);
		join(dst, req->rootfs, dirs[i]);
		if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
			return fail(f, "bind-host-fs", "mount(rbind)", dst);
	}
	return 0;
}

static const struct { const char *name; unsigned maj, min; } dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct { const char *target, *name; } dev_links[] = {
	{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
	{ "/proc/self/fd/2", "stderr" }, { "pts/ptmx", "ptmx" },
};

static int mount_dev(const char *rootfs, int in_userns, struct failure *f)
{
	char dev[PATH_MAX], p[PATH_MAX + 64];
	join(dev, rootfs, "dev");
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0)
		return fail(f, "mount-dev", "mount(tmpfs)", dev);
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dev, dev_nodes[i].name);
		if (!in_userns) {
			if (mknod(p, S_IFCHR | 0666, makedev(dev_nodes[i].maj, dev_nodes[i].min)) < 0)
				return fail(f, "mount-dev", "mknod", p);
			continue;
		}
		/* mknod is refused in a user namespace: bind the host's node instead. */
		char src[32];
		snprintf(src, sizeof(src), "/dev/%s", dev_nodes[i].name);
		int fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			return fail(f, "mount-dev", "open(O_CREAT)", p);
		close(fd);
		if (mount(src, p, NULL, MS_BIND, NULL) < 0)
			return fail(f, "mount-dev", "mount(bind)", src);
	}
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dev, dev_links[i].name);
		if (symlink(dev_links[i].target, p) < 0)
			return fail(f, "mount-dev", "symlink", p);
	}
	static const char *const subdirs[] = { "pts", "shm", "mqueue" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dev, subdirs[i]);
		if (mkdir(p, i == 1 ? 01777 : 0755) < 0)
			return fail(f, "mount-dev", "mkdir", p);
	}
	snprintf(p, sizeof(p), "%s/pts", dev);
	if (mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0)
		return fail(f, "mount-dev", "mount(devpts)", p);
	snprintf(p, sizeof(p), "%s/shm", dev);
	if (mount("shm", p, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0)
		return fail(f, "mount-dev", "mount(shm)", p);
	/* mqueue shows the queues of the mounter's ipc namespace. */
	snprintf(p, sizeof(p), "%s/mqueue", dev);
	if (mount("mqueue", p, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 &&
	    mount("/dev/mqueue", p, NULL, MS_BIND | MS_REC, NULL) < 0 && errno != ENOENT)
		return fail(f, "mount-dev", "mount(mqueue)", p);
	return 0;
}

static int mask_and_protect(const struct request *req, struct failure *f)
{
	char p[PATH_MAX], devnull[PATH_MAX];
	struct stat st;
	join(devnull, req->rootfs, "dev/null");
	for (int i = 0; i < req->masked.count; i++) {
		join(p, req->rootfs, req->masked.items[i]);
		if (stat(p, &st) < 0)
			continue; /* nothing to hide */
		int rc = S_ISDIR(st.st_mode)
			? mount("tmpfs", p, "tmpfs", MS_RDONLY, "size=0")
			: mount(devnull, p, NULL, MS_BIND, NULL);
		if (rc < 0)
			return fail(f, "masked-paths", "mount", p);
	}
	for (int i = 0; i < req->ro_paths.count; i++) {
		join(p, req->rootfs, req->ro_paths.items[i]);
		if (access(p, F_OK) < 0)
			continue;
		if (bind_ro(p, p, f, "readonly-paths") < 0)
			return -1;
	}
	return 0;
}

int mount_kernel_fs(const struct request *req, int in_userns, struct failure *f)
{
	char p[PATH_MAX];
	join(p, req->rootfs, "proc");
	if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		/* Refused in a user namespace that does not own the pid namespace. */
		if (!in_userns || bind_ro("/proc", p, f, "mount-proc") < 0)
			return fail(f, "mount-proc", "mount(proc)", p);
	}
	if (mount_dev(req->rootfs, in_userns, f) < 0)
		return -1;
	join(p, req->rootfs, "sys");
	if (mount("sysfs", p, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) < 0) {
		/* Refused in a user namespace that does not own the network namespace. */
		if (!in_userns || bind_ro("/sys", p, f, "mount-sys") < 0)
			return fail(f, "mount-sys", "mount(sysfs)", p);
	}
	return mask_and_protect(req, f);
}

int pivot_into(const char *rootfs, struct failure *f)
{
	if (chdir(rootfs) < 0)
		return fail(f, "pivot-root", "chdir", rootfs);
	/* pivot_root(".", "."): the old root ends up stacked under the new one ... */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail(f, "pivot-root", "pivot_root", rootfs);
	/* ... and detaching it leaves no path to the host's tree. */
	if (umount2(".", MNT_DETACH) < 0)
		return fail(f, "pivot-root", "umount2(old root)", rootfs);
	if (chdir("/") < 0)
		return fail(f, "pivot-root", "chdir", "/");
	return 0;
}
