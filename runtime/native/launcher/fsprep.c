/* The container's directories on the host: made before clone, removed after reap. */
#include "fsprep.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Entries are "rel=value": splits at the first '=' (rel never contains one). */
static const char *split_entry(const char *entry, char *rel, size_t cap)
{
	const char *eq = strchr(entry, '=');
	size_t n = eq ? (size_t)(eq - entry) : strlen(entry);
	if (n >= cap)
		n = cap - 1;
	memcpy(rel, entry, n);
	rel[n] = '\0';
	return eq ? eq + 1 : "";
}

/* In a user namespace the init layer belongs to the container's root (mapped), so that it
 * can rewrite /etc/hostname and /etc/hosts as root can in any container. */
static int own(const struct request *req, const char *path, struct failure *f)
{
	if (req->init_owned && lchown(path, req->init_uid, req->init_gid) < 0)
		return fail(f, "prepare", "lchown", path);
	return 0;
}

int prepare_dirs(const struct request *req, struct failure *f)
{
	char path[PATH_MAX + 64], rel[PATH_MAX / 2];
	mode_t old = umask(022);
	int rc = -1;
	if (req->initlayer) {
		if (mkdir(req->initlayer, 0755) < 0) {
			fail(f, "prepare", "mkdir", req->initlayer);
			goto out;
		}
		if (own(req, req->initlayer, f) < 0)
			goto out;
		for (int i = 0; i < req->initdirs.count; i++) {
			snprintf(path, sizeof(path), "%s/%s", req->initlayer, req->initdirs.items[i]);
			if (mkdir(path, 0755) < 0) {
				fail(f, "prepare", "mkdir", path);
				goto out;
			}
			if (own(req, path, f) < 0)
				goto out;
		}
		for (int i = 0; i < req->initfiles.count; i++) {
			const char *content = split_entry(req->initfiles.items[i], rel, sizeof(rel));
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", req->initlayer, rel) >= sizeof(path)) { errno = ENAMETOOLONG; fail(f, "prepare", "snprintf", rel); goto out; }
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
			if (fd < 0 || write_all(fd, content, strlen(content)) < 0) {
				fail(f, "prepare", "write", path);
				if (fd >= 0)
					close(fd);
				goto out;
			}
			close(fd);
			if (own(req, path, f) < 0)
				goto out;
		}
		for (int i = 0; i < req->initlinks.count; i++) {
			const char *target = split_entry(req->initlinks.items[i], rel, sizeof(rel));
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", req->initlayer, rel) >= sizeof(path)) { errno = ENAMETOOLONG; fail(f, "prepare", "snprintf", rel); goto out; }
			if (symlink(target, path) < 0) {
				fail(f, "prepare", "symlink", path);
				goto out;
			}
			if (own(req, path, f) < 0)
				goto out;
		}
	}
	const char *dirs[] = { req->rootfs, req->upper, req->work };
	for (int i = 0; i < 3 && req->mkdirs; i++)
		if (dirs[i] && mkdir(dirs[i], 0755) < 0) {
			fail(f, "prepare", "mkdir", dirs[i]);
			goto out;
		}
	rc = 0;
out:
	umask(old);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0; /* best effort: isolab's teardown checks and falls back */
}

void remove_dirs(const char *initlayer, const char *upper, const char *work, const char *rootfs)
{
	const char *trees[] = { initlayer, upper, work };
	for (int i = 0; i < 3; i++)
		if (trees[i])
			nftw(trees[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	if (rootfs)
		rmdir(rootfs);
}

static void dir_of(const char *path, char *out, size_t cap)
{
	snprintf(out, cap, "%s", path);
	char *slash = strrchr(out, '/');
	if (slash && slash != out)
		*slash = '\0';
}

int write_intent(const struct request *req, struct failure *f)
{
	char dir[PATH_MAX];
	dir_of(req->intent_path, dir, sizeof(dir));
	/* 0711: a container in a user namespace must reach its rootfs below this directory. */
	if (mkdir(dir, 0711) < 0 || chmod(dir, 0711) < 0)
		return fail(f, "intent", "mkdir", dir);
	int fd = open(req->intent_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, req->intent_json, strlen(req->intent_json)) < 0) {
		fail(f, "intent", "write", req->intent_path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int remove_intent(const char *intent_path)
{
	char dir[PATH_MAX];
	dir_of(intent_path, dir, sizeof(dir));
	if (unlink(intent_path) < 0 && errno != ENOENT)
		return -1;
	return rmdir(dir);
}
