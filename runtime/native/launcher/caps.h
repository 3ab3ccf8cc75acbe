/* Capability names (as in the OCI runtime spec, "CAP_CHOWN" ...) and dropping them. */
#ifndef ISOLAB_CAPS_H
#define ISOLAB_CAPS_H

/* Parses a comma-separated list of capability names into a bitmask; -1 on an unknown name. */
int caps_parse(const char *list, unsigned long long *mask);

/* Drops every capability not in keep from the bounding, inheritable and ambient sets, so
 * that the workload's execve (as uid 0) ends with exactly keep.  Returns -1 with errno set. */
int caps_restrict(unsigned long long keep);

#endif
