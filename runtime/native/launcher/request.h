/* A container start request: the compact form of an isolab Spec that the launcher needs. */
#ifndef ISOLAB_REQUEST_H
#define ISOLAB_REQUEST_H

#include <sys/types.h>

struct strlist {
	char **items;
	int count;
};

struct request {
	char *buf;            /* owns every string below */
	char *id;
	int clone_flags;      /* CLONE_NEWPID|NEWNS|NEWUTS|NEWIPC|NEWNET|NEWUSER: given to clone() */
	int ns_cgroup;        /* unshare(CLONE_NEWCGROUP) after the cgroups are joined */
	int ns_time;          /* unshare(CLONE_NEWTIME) and write the offsets */
	char *rootfs;         /* mount point of the overlay */
	struct strlist lower; /* overlay lower dirs, top-most first */
	char *upper, *work;   /* overlay upper and work dirs */
	int readonly;         /* remount the root read-only */
	char *hostname, *domainname, *cwd;
	struct strlist argv, env;
	struct strlist cgroup_ops;   /* "mPATH" mkdir or "wPATH<TAB>VALUE" write: the cgroup's creation, in order */
	struct strlist cgroup_procs; /* cgroup.procs files the parent writes the child's pid to */
	struct strlist cgroup_tasks; /* or: v1 tasks files the child writes its own tid to */
	char *cgroup_into;           /* or: v2 leaf dir the child is cloned into (CLONE_INTO_CGROUP) */
	char *intent_path;           /* the container's intent log: written first (see fsprep.h) */
	char *intent_json;
	int remove_all;              /* after reap, if all else is gone: remove the intent and its dir */
	struct strlist cgroup_stats; /* files read after the exit, before removal */
	struct strlist cgroup_rm;    /* leaf dirs removed after the exit */
	struct strlist uid_map, gid_map; /* "inside outside count" lines */
	int setgroups_deny;
	long long mono_off_s, mono_off_ns, boot_off_s, boot_off_ns;
	uid_t uid;
	gid_t gid;
	struct strlist gids;
	unsigned long long caps; /* capabilities kept (bitmask); all others are dropped */
	int keep_all_caps;
	int init;                /* run the workload under a minimal init as pid 1 */
	int no_new_privs;
	char *stdio[3];          /* "@host", "@null" or a host path */
	struct strlist masked, ro_paths;
	int plain;               /* no namespaces, no rootfs: a plain fork+exec (measurement floor) */
	char *initlayer;         /* make this init layer before the start (see fsprep.h) */
	struct strlist initdirs, initfiles, initlinks;
	int init_owned;          /* chown the init layer's entries to init_uid:init_gid */
	uid_t init_uid;
	gid_t init_gid;
	int mkdirs;              /* make the rootfs, upper and work dirs before the start */
	int cleanup;             /* remove init layer, upper, work and rootfs after reap */
	char *scratch;           /* the child mounts a tmpfs here (in its own mount namespace) and
				  * makes the init layer and dirs in it: they vanish with the container */
};

/* Parses a request of len bytes in buf (takes ownership); on error returns -1 and sets *err. */
int parse_request(char *buf, size_t len, struct request *req, const char **err);
void free_request(struct request *req);

#endif
