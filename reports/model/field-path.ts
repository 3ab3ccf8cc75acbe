// Turns a validation issue's path into the field name people read: suites.cells[3].checks[0].outcome.

/** Formats a path of keys and indices, e.g. ["a", 0, "b"] → "a[0].b". */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}
