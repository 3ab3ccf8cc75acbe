/* Dropping capabilities before execve.
 *
 * A workload running as uid 0 gets permitted = inheritable | bounding at execve, so
 * restricting the bounding and inheritable sets (and clearing ambient) is what makes the
 * container's root hold only the capabilities the Spec lists. */
#include "caps.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const cap_names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
	"SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
#define NCAPS ((int)(sizeof(cap_names) / sizeof(cap_names[0])))

int caps_parse(const char *list, unsigned long long *mask)
{
	*mask = 0;
	while (*list) {
		size_t n = strcspn(list, ",");
		const char *name = list;
		if (n > 4 && strncmp(name, "CAP_", 4) == 0) {
			name += 4;
			n -= 4;
		}
		int found = -1;
		for (int i = 0; i < NCAPS; i++)
			if (strlen(cap_names[i]) == n && strncmp(cap_names[i], name, n) == 0)
				found = i;
		if (found < 0 && n > 0)
			return -1;
		if (found >= 0)
			*mask |= 1ULL << found;
		list = name + n;
		if (*list == ',')
			list++;
	}
	return 0;
}

int caps_restrict(unsigned long long keep)
{
	/* Bounding set: caps outside it can never be regained, even by a setuid binary. */
	for (int cap = 0; cap < 64; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break; /* past the kernel's last capability */
			return -1;
		}
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -1;
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		unsigned int k = (unsigned int)(keep >> (32 * i));
		data[i].inheritable &= k;
	}
	return (int)syscall(SYS_capset, &hdr, data);
}
