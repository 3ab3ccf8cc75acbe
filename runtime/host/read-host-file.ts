// Small readers for /proc, /sys and /etc files that may legitimately be absent.
// A fingerprint records "not there" as null rather than failing, so these return null
// for a missing or unreadable file instead of throwing.
import { readFile, readdir } from 'node:fs/promises';

/** Reads a whole text file, or returns null when it does not exist or cannot be read. */
export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Reads a file and trims surrounding whitespace (one-value /proc and /sys files). */
export async function readTrimmedOrNull(path: string): Promise<string | null> {
  const text = await readTextOrNull(path);
  return text === null ? null : text.trim();
}

/** Reads a file holding one decimal integer; null when absent or not a number. */
export async function readIntegerOrNull(path: string): Promise<number | null> {
  const text = await readTrimmedOrNull(path);
  if (text === null || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}

/** Lists a directory's entry names, sorted; null when it does not exist. */
export async function listDirOrNull(path: string): Promise<string[] | null> {
  try {
    return (await readdir(path)).sort();
  } catch {
    return null;
  }
}

/** Returns the value of a "Key:\tvalue" line in a /proc status-style text, or null. */
export function findStatusField(text: string, key: string): string | null {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon) === key) return line.slice(colon + 1).trim();
  }
  return null;
}
