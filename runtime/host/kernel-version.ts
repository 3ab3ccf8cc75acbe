// Kernel release strings ("6.18.44-fc-v657", "5.4.0-150-generic") reduced to numbers
// that can be compared, for features that first appeared in a given Linux version.

/** The numeric part of a kernel release. */
export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Parses the leading "major.minor[.patch]" of a kernel release; null if there is none. */
export function parseKernelRelease(release: string): KernelVersion | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** True when `release` is at least `major.minor` (unparseable releases count as too old). */
export function isKernelAtLeast(release: string, major: number, minor: number): boolean {
  const version = parseKernelRelease(release);
  if (version === null) return false;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** Formats a release as "major.minor" for messages such as "this kernel is 5.4". */
export function formatKernelMajorMinor(release: string): string {
  const version = parseKernelRelease(release);
  return version === null ? release : `${version.major}.${version.minor}`;
}
