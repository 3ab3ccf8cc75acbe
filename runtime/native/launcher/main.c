/* isolab-launcher: a long-lived process that starts containers on request.
 *
 * isolab starts one launcher and sends it requests (see protocol.h) instead of spawning a
 * process per container: a Node spawn costs more than a whole container start.  The
 * launcher clones each container, reports "started" once it has exec'ed, reaps it and
 * reports "exited".  When isolab goes away (EOF on stdin) every container it started is
 * killed, so nothing outlives the harness.
 *
 * fds: 0 requests, 1 events, 2 diagnostics, 3/4/5 isolab's own stdin/stdout/stderr
 * (handed to containers whose stdio is "@host"). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "fsprep.h"
#include "protocol.h"
#include "request.h"
#include "spawn.h"
#include "util.h"

struct running {
	char id[128];
	char rootfs[512];
	char *cleanup[3]; /* init layer, upper, work: removed after reap when asked */
	char *intent;     /* removed after reap when asked and everything else is gone */
	struct strlist cg_stats, cg_rm; /* copies: read and removed after reap */
	pid_t pid;
	int host_mounted;
	struct running *next;
};

static struct running *running;
static int host_stdio[3] = { 3, 4, 5 };

static void emit(const char *line, size_t len)
{
	if (write_all(1, line, len) < 0)
		_exit(3); /* isolab is gone */
}

static const char *const stamp_names[] = {
#define NAME(n) #n,
	ISOLAB_STAMPS(NAME)
#undef NAME
};

static void emit_started(const char *id, const struct started *s)
{
	char line[2048], ids[300];
	json_str(ids, sizeof(ids), id);
	int n = snprintf(line, sizeof(line), "{\"event\":\"started\",\"id\":%s,\"pid\":%d,\"stamps\":{", ids, s->pid);
	int first = 1;
	for (int i = 0; i < STAMP_COUNT; i++) {
		if (!s->stamps[i])
			continue;
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s\"%s\":%lld", first ? "" : ",",
			      stamp_names[i], (long long)s->stamps[i]);
		first = 0;
	}
	n += snprintf(line + n, sizeof(line) - (size_t)n, "}}\n");
	emit(line, (size_t)n);
}

static void emit_failed(const char *id, const struct failure *f, const char *message)
{
	char line[2048], ids[300], path[1100], msg[600];
	json_str(ids, sizeof(ids), id ? id : "");
	json_str(path, sizeof(path), f ? f->path : "");
	json_str(msg, sizeof(msg), message ? message : (f ? strerror(f->err) : ""));
	const char *en = f ? errno_name(f->err) : NULL;
	int n = snprintf(line, sizeof(line),
			 "{\"event\":\"failed\",\"id\":%s,\"step\":\"%s\",\"syscall\":\"%s\",\"path\":%s,"
			 "\"errno\":%d,\"code\":\"%s\",\"message\":%s}\n",
			 ids, f ? f->step : "request", f ? f->syscall : "", path, f ? f->err : 0,
			 en ? en : "", msg);
	emit(line, (size_t)n);
}

static void copy_list(struct strlist *dst, const struct strlist *src)
{
	dst->count = src->count;
	dst->items = calloc((size_t)src->count + 1, sizeof(char *));
	for (int i = 0; dst->items && i < src->count; i++)
		dst->items[i] = strdup(src->items[i]);
}

static void free_list(struct strlist *l)
{
	for (int i = 0; l->items && i < l->count; i++)
		free(l->items[i]);
	free(l->items);
}

static void handle_request(char *buf, size_t len)
{
	struct request req;
	const char *perr = NULL;
	if (parse_request(buf, len, &req, &perr) < 0) {
		emit_failed(req.id, NULL, perr);
		free_request(&req);
		return;
	}
	struct started s;
	struct failure f = { 0 };
	int64_t received = now_ns();
	/* The intent first: from here on, a crash of isolab or of the launcher leaves a record. */
	if (req.intent_path && req.intent_json && write_intent(&req, &f) < 0) {
		emit_failed(req.id, &f, NULL);
		free_request(&req);
		return;
	}
	if (!req.scratch && (req.initlayer || req.mkdirs) && prepare_dirs(&req, &f) < 0) {
		remove_dirs(req.initlayer, req.upper, req.work, req.mkdirs ? req.rootfs : NULL);
		emit_failed(req.id, &f, NULL);
		free_request(&req);
		return;
	}
	int64_t dirs = now_ns();
	if (spawn_container(&req, host_stdio, &s, &f) < 0) {
		if (req.cleanup)
			remove_dirs(req.initlayer, req.upper, req.work, req.rootfs);
		emit_failed(req.id, &f, NULL);
		free_request(&req);
		return;
	}
	s.stamps[STAMP_received] = received;
	s.stamps[STAMP_dirs] = dirs;
	struct running *r = calloc(1, sizeof(*r));
	if (!r)
		_exit(4);
	snprintf(r->id, sizeof(r->id), "%s", req.id);
	snprintf(r->rootfs, sizeof(r->rootfs), "%s", req.rootfs ? req.rootfs : "");
	r->pid = s.pid;
	r->host_mounted = s.host_mounted;
	copy_list(&r->cg_stats, &req.cgroup_stats);
	if (req.remove_all && req.intent_path)
		r->intent = strdup(req.intent_path);
	copy_list(&r->cg_rm, &req.cgroup_rm);
	if (req.cleanup) {
		const char *c[3] = { req.initlayer, req.upper, req.work };
		for (int i = 0; i < 3; i++)
			r->cleanup[i] = c[i] ? strdup(c[i]) : NULL;
	}
	r->next = running;
	running = r;
	emit_started(req.id, &s);
	free_request(&req);
}

static void reap(void)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct running **pp = &running;
		while (*pp && (*pp)->pid != pid)
			pp = &(*pp)->next;
		if (!*pp)
			continue; /* an orphan that came to us as subreaper */
		struct running *r = *pp;
		*pp = r->next;
		int64_t exited_at = now_ns();
		if (r->host_mounted)
			umount2(r->rootfs, MNT_DETACH);
		if (r->cleanup[0] || r->cleanup[1] || r->cleanup[2]) {
			remove_dirs(r->cleanup[0], r->cleanup[1], r->cleanup[2], r->rootfs);
			for (int i = 0; i < 3; i++)
				free(r->cleanup[i]);
		}
		/* Counters first (the cgroup must still exist), then the cgroup itself. */
		static char stats[16384];
		cgroup_read_stats(r->cg_stats.items, r->cg_stats.count, stats, sizeof(stats));
		int removed = cgroup_remove(r->cg_rm.items, r->cg_rm.count) == 0;
		int dir_removed = removed && r->intent && remove_intent(r->intent) == 0;
		free(r->intent);
		free_list(&r->cg_stats);
		free_list(&r->cg_rm);
		static char line[17000];
		char ids[300], how[64];
		json_str(ids, sizeof(ids), r->id);
		if (WIFEXITED(status))
			snprintf(how, sizeof(how), "\"code\":%d", WEXITSTATUS(status));
		else
			snprintf(how, sizeof(how), "\"signal\":%d", WTERMSIG(status));
		int n = snprintf(line, sizeof(line),
				 "{\"event\":\"exited\",\"id\":%s,\"pid\":%d,%s,\"t\":%lld,\"cleaned\":%lld,"
				 "\"cgroupRemoved\":%s,\"dirRemoved\":%s,\"stats\":{%s}}\n",
				 ids, pid, how, (long long)exited_at, (long long)now_ns(), removed ? "true" : "false",
				 dir_removed ? "true" : "false", stats);
		if (n >= (int)sizeof(line))
			n = (int)sizeof(line) - 1;
		emit(line, (size_t)n);
		free(r);
	}
}

/* isolab went away: kill what it started, so nothing outlives it. */
static void shutdown_all(void)
{
	for (struct running *r = running; r; r = r->next)
		kill(r->pid, SIGKILL);
	for (struct running *r = running; r; r = r->next) {
		waitpid(r->pid, NULL, 0);
		if (r->host_mounted)
			umount2(r->rootfs, MNT_DETACH);
	}
	_exit(0);
}

int main(void)
{
	/* Orphans of containers without a pid namespace come to us, not to the host's init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		perror("isolab-launcher: signalfd");
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (fcntl(host_stdio[i], F_GETFD) < 0)
			host_stdio[i] = i == 0 ? 0 : 2; /* not handed over: fall back to our own */
	char ready[128];
	int rn = snprintf(ready, sizeof(ready), "{\"event\":\"ready\",\"version\":%d,\"pid\":%d}\n",
			  ISOLAB_PROTOCOL_VERSION, getpid());
	emit(ready, (size_t)rn);

	size_t cap = 1 << 16, len = 0;
	char *in = malloc(cap);
	for (;;) {
		struct pollfd pfd[2] = { { .fd = 0, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("isolab-launcher: poll");
			shutdown_all();
		}
		if (pfd[1].revents) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				;
			reap();
		}
		if (!pfd[0].revents)
			continue;
		if (len == cap && !(in = realloc(in, cap *= 2)))
			_exit(4);
		ssize_t r = read(0, in + len, cap - len);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			shutdown_all();
		}
		len += (size_t)r;
		/* Requests: "<decimal length>\n<payload>". */
		for (;;) {
			char *nl = memchr(in, '\n', len);
			if (!nl)
				break;
			size_t want = strtoul(in, NULL, 10), head = (size_t)(nl - in) + 1;
			if (len < head + want) {
				while (cap < head + want)
					if (!(in = realloc(in, cap *= 2)))
						_exit(4);
				break;
			}
			char *payload = malloc(want + 1);
			if (!payload)
				_exit(4);
			memcpy(payload, in + head, want);
			payload[want] = '\0';
			memmove(in, in + head + want, len - head - want);
			len -= head + want;
			handle_request(payload, want);
			reap(); /* a short-lived container may have exited already */
		}
	}
}
