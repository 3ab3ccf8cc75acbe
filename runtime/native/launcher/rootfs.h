/* The container's root filesystem: the overlay, the kernel filesystems inside it, pivot_root. */
#ifndef ISOLAB_ROOTFS_H
#define ISOLAB_ROOTFS_H

#include "request.h"
#include "util.h"

/* Mounts the overlay (lower dirs, upper, work) on req->rootfs in the caller's mount ns. */
int mount_overlay(const struct request *req, struct failure *f);

/* For cells that share the host's mount namespace: bind the host's /dev, /proc and /sys
 * into the rootfs, which the caller then chroots into. */
int bind_host_kernel_fs(const struct request *req, struct failure *f);

/* Inside a new mount namespace, with rootfs mounted: /proc, a minimal /dev, /sys read-only,
 * /dev/mqueue, masked and read-only paths.  in_userns: no mknod, fall back to bind mounts. */
int mount_kernel_fs(const struct request *req, int in_userns, struct failure *f);

/* pivot_root into the rootfs and detach the old root, so no path leads back to the host. */
int pivot_into(const char *rootfs, struct failure *f);

#endif
