/* Parsing of launcher requests: NUL-terminated "key=value" fields (see protocol.h). */
#include "request.h"

#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"

struct listkey {
	const char *key;
	size_t offset;
};

static const struct listkey list_keys[] = {
	{ "lower", offsetof(struct request, lower) }, { "arg", offsetof(struct request, argv) },
	{ "env", offsetof(struct request, env) },     { "cgroup", offsetof(struct request, cgroup_procs) },
	{ "uidmap", offsetof(struct request, uid_map) }, { "gidmap", offsetof(struct request, gid_map) },
	{ "gid+", offsetof(struct request, gids) },   { "mask", offsetof(struct request, masked) },
	{ "ro", offsetof(struct request, ro_paths) },  { "initdir", offsetof(struct request, initdirs) },
	{ "initfile", offsetof(struct request, initfiles) }, { "initlink", offsetof(struct request, initlinks) },
	{ "cgop", offsetof(struct request, cgroup_ops) }, { "cgstat", offsetof(struct request, cgroup_stats) },
	{ "cgrm", offsetof(struct request, cgroup_rm) }, { "cgtask", offsetof(struct request, cgroup_tasks) },
};
#define NLISTS (sizeof(list_keys) / sizeof(list_keys[0]))

static struct strlist *list_for(struct request *req, const char *key, size_t klen)
{
	for (size_t i = 0; i < NLISTS; i++)
		if (strlen(list_keys[i].key) == klen && memcmp(list_keys[i].key, key, klen) == 0)
			return (struct strlist *)((char *)req + list_keys[i].offset);
	return NULL;
}

static int parse_ns(const char *v, struct request *req)
{
	static const struct { const char *name; int flag; } names[] = {
		{ "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS },
		{ "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
	};
	while (*v) {
		size_t n = strcspn(v, ",");
		int found = 0;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n && memcmp(names[i].name, v, n) == 0) {
				req->clone_flags |= names[i].flag;
				found = 1;
			}
		if (n == 6 && memcmp(v, "cgroup", 6) == 0)
			req->ns_cgroup = found = 1;
		if (n == 4 && memcmp(v, "time", 4) == 0)
			req->ns_time = found = 1;
		if (!found && n > 0)
			return -1;
		v += n;
		if (*v == ',')
			v++;
	}
	return 0;
}

/* Two passes: count the list items, then fill them in. */
int parse_request(char *buf, size_t len, struct request *req, const char **err)
{
	memset(req, 0, sizeof(*req));
	req->buf = buf;
	req->keep_all_caps = 1;
	if (len == 0 || buf[len - 1] != '\0') {
		*err = "request is not NUL-terminated";
		return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (char *p = buf; p < buf + len; p += strlen(p) + 1) {
			char *eq = strchr(p, '=');
			if (!eq) {
				*err = "field without '='";
				return -1;
			}
			size_t klen = (size_t)(eq - p);
			char *v = eq + 1;
			struct strlist *l = list_for(req, p, klen);
			if (l) {
				if (pass == 1)
					l->items[l->count] = v;
				l->count++;
				continue;
			}
			if (pass == 0)
				continue;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(p, k, klen) == 0)
			if (KEY("id")) req->id = v;
			else if (KEY("ns")) {
				if (parse_ns(v, req) < 0) {
					*err = "unknown namespace in ns=";
					return -1;
				}
			} else if (KEY("rootfs")) req->rootfs = v;
			else if (KEY("upper")) req->upper = v;
			else if (KEY("work")) req->work = v;
			else if (KEY("readonly")) req->readonly = atoi(v);
			else if (KEY("hostname")) req->hostname = v;
			else if (KEY("domainname")) req->domainname = v;
			else if (KEY("cwd")) req->cwd = v;
			else if (KEY("setgroups")) req->setgroups_deny = strcmp(v, "deny") == 0;
			else if (KEY("monotonic")) sscanf(v, "%lld %lld", &req->mono_off_s, &req->mono_off_ns);
			else if (KEY("boottime")) sscanf(v, "%lld %lld", &req->boot_off_s, &req->boot_off_ns);
			else if (KEY("uid")) req->uid = (uid_t)strtoul(v, NULL, 10);
			else if (KEY("gid")) req->gid = (gid_t)strtoul(v, NULL, 10);
			else if (KEY("caps")) {
				req->keep_all_caps = 0;
				if (caps_parse(v, &req->caps) < 0) {
					*err = "unknown capability in caps=";
					return -1;
				}
			} else if (KEY("init")) req->init = atoi(v);
			else if (KEY("nnp")) req->no_new_privs = atoi(v);
			else if (KEY("plain")) req->plain = atoi(v);
			else if (KEY("initlayer")) req->initlayer = v;
			else if (KEY("mkdirs")) req->mkdirs = atoi(v);
			else if (KEY("cleanup")) req->cleanup = atoi(v);
			else if (KEY("scratch")) req->scratch = v;
			else if (KEY("cginto")) req->cgroup_into = v;
			else if (KEY("intent")) req->intent_path = v;
			else if (KEY("intentjson")) req->intent_json = v;
			else if (KEY("removeall")) req->remove_all = atoi(v);
			else if (KEY("initowner")) {
				unsigned long u, g;
				if (sscanf(v, "%lu:%lu", &u, &g) != 2) {
					*err = "initowner= must be UID:GID";
					return -1;
				}
				req->init_owned = 1;
				req->init_uid = (uid_t)u;
				req->init_gid = (gid_t)g;
			}
			else if (KEY("stdin")) req->stdio[0] = v;
			else if (KEY("stdout")) req->stdio[1] = v;
			else if (KEY("stderr")) req->stdio[2] = v;
			else {
				*err = "unknown request field";
				return -1;
			}
#undef KEY
		}
		if (pass == 0) {
			for (size_t i = 0; i < NLISTS; i++) {
				struct strlist *l = (struct strlist *)((char *)req + list_keys[i].offset);
				l->items = calloc((size_t)l->count + 1, sizeof(char *));
				if (!l->items) {
					*err = "out of memory";
					return -1;
				}
				l->count = 0;
			}
		}
	}
	if (!req->id || (!req->rootfs && !req->plain) || req->argv.count == 0) {
		*err = "request needs id=, rootfs= (unless plain=1) and at least one arg=";
		return -1;
	}
	if (req->scratch && (!(req->clone_flags & CLONE_NEWNS) || (req->clone_flags & CLONE_NEWUSER))) {
		*err = "scratch= needs a mount namespace and no user namespace";
		return -1;
	}
	if (req->plain && (req->clone_flags || req->ns_cgroup || req->ns_time)) {
		*err = "plain=1 takes no namespaces";
		return -1;
	}
	if (!req->cwd)
		req->cwd = "/";
	return 0;
}

void free_request(struct request *req)
{
	for (size_t i = 0; i < NLISTS; i++)
		free(((struct strlist *)((char *)req + list_keys[i].offset))->items);
	free(req->buf);
	memset(req, 0, sizeof(*req));
}
