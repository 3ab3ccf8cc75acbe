/* Mounting the overlay rootfs.
 *
 * mount(2) takes the options as one string of at most a page, which fits only a few dozen
 * layers with long paths; past that the new mount API adds lower layers one at a time with
 * fsconfig("lowerdir+") (Linux >= 6.8), which is how the kernel's 500-layer limit is reached. */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define OPTIONS_MAX 4000 /* a page, less room for the kernel's own additions */

static size_t overlay_options(const struct request *req, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "lowerdir=");
	for (int i = 0; i < req->lower.count && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ":" : "", req->lower.items[i]);
	if (req->upper && n < cap)
		n += (size_t)snprintf(out + n, cap - n, ",upperdir=%s,workdir=%s", req->upper, req->work);
	return n;
}

static int mount_overlay_fsconfig(const struct request *req, struct failure *f)
{
	int fsfd = fsopen("overlay", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return fail(f, "mount-overlay", "fsopen", "overlay");
	int rc = -1;
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "source", "isolab", 0) < 0) {
		fail(f, "mount-overlay", "fsconfig(source)", "isolab");
		goto out;
	}
	for (int i = 0; i < req->lower.count; i++)
		if (fsconfig(fsfd, FSCONFIG_SET_STRING, "lowerdir+", req->lower.items[i], 0) < 0) {
			fail(f, "mount-overlay", "fsconfig(lowerdir+)", req->lower.items[i]);
			goto out;
		}
	if (req->upper &&
	    (fsconfig(fsfd, FSCONFIG_SET_STRING, "upperdir", req->upper, 0) < 0 ||
	     fsconfig(fsfd, FSCONFIG_SET_STRING, "workdir", req->work, 0) < 0)) {
		fail(f, "mount-overlay", "fsconfig(upperdir/workdir)", req->upper);
		goto out;
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		fail(f, "mount-overlay", "fsconfig(create)", req->rootfs);
		goto out;
	}
	int mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, 0);
	if (mfd < 0) {
		fail(f, "mount-overlay", "fsmount", req->rootfs);
		goto out;
	}
	rc = move_mount(mfd, "", AT_FDCWD, req->rootfs, MOVE_MOUNT_F_EMPTY_PATH);
	if (rc < 0)
		fail(f, "mount-overlay", "move_mount", req->rootfs);
	close(mfd);
out:
	close(fsfd);
	return rc;
}

int mount_overlay(const struct request *req, struct failure *f)
{
	char opts[OPTIONS_MAX + 1];
	if (req->lower.count == 0) {
		errno = EINVAL;
		return fail(f, "mount-overlay", "mount", req->rootfs);
	}
	/* A single lower dir and no upper is not an overlay: bind it read-only instead. */
	if (req->lower.count == 1 && !req->upper) {
		if (mount(req->lower.items[0], req->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
			return fail(f, "mount-overlay", "mount(bind)", req->lower.items[0]);
		if (mount(NULL, req->rootfs, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
			return fail(f, "mount-overlay", "mount(remount,ro)", req->rootfs);
		return 0;
	}
	if (overlay_options(req, opts, sizeof(opts)) >= OPTIONS_MAX)
		return mount_overlay_fsconfig(req, f);
	if (mount("isolab", req->rootfs, "overlay", 0, opts) < 0)
		return fail(f, "mount-overlay", "mount(overlay)", req->rootfs);
	return 0;
}
