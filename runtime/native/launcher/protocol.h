/*
 * The protocol between isolab (runtime/launcher/protocol.ts) and this launcher.
 *
 * isolab writes requests on the launcher's stdin: a decimal byte count, '\n', then that
 * many bytes of NUL-terminated "key=value" fields.  The launcher answers on stdout with
 * one JSON object per line, whose "event" is one of ISOLAB_EVENTS.
 *
 * The stamps are the named sync points of a container start.  They are defined once,
 * here; protocol.ts carries the same names and a test checks the two agree.
 */
#ifndef ISOLAB_PROTOCOL_H
#define ISOLAB_PROTOCOL_H

#define ISOLAB_PROTOCOL_VERSION 1

#define ISOLAB_EVENTS(X) \
	X(ready)   /* the launcher is up: {"event":"ready","version":N,"pid":N}          */ \
	X(started) /* the workload was exec'ed: {"id","pid","stamps"}                       */ \
	X(failed)  /* the start failed: {"id","step","syscall","path","errno","message"}   */ \
	X(exited)  /* pid 1 of the container was reaped: {"id","pid","code"|"signal"}      */

#define ISOLAB_STAMPS(X) \
	X(received) /* the launcher has read the request                                  */ \
	X(dirs)     /* init layer, upper, work and rootfs directories made                */ \
	X(prepared) /* host-side rootfs mounts done (only user-ns or no-mount-ns cells)    */ \
	X(cloned)   /* clone() with the namespaces returned in the parent                 */ \
	X(child)    /* the child's first step, inside its new namespaces                  */ \
	X(cgroup)   /* the parent made the cgroup and wrote its limits, in parallel with  \
	               the child's mounts                                                  */ \
	X(waiting)  /* the child waits at the sync point (user-ns cells: at once; others: \
	               once mounted, before pivot_root)                                    */ \
	X(mapped)   /* user-ns cells: the sync point passed (id maps written)             */ \
	X(joined)   /* the child is in its cgroup                                          */ \
	X(mounted)  /* the overlay rootfs is mounted in the container's mount namespace   */ \
	X(pivoted)  /* /proc, /dev, /sys mounted, pivot_root done, old root detached      */ \
	X(exec)     /* the child is about to execve the workload                          */ \
	X(started)  /* the parent saw execve succeed (close-on-exec pipe closed)          */

#define ISOLAB_STAMP_ENUM(name) STAMP_##name,
enum isolab_stamp { ISOLAB_STAMPS(ISOLAB_STAMP_ENUM) STAMP_COUNT };
#undef ISOLAB_STAMP_ENUM

#endif
