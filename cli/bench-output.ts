// What every `isolab bench` command does around its benchmark: stop cleanly on Ctrl-C,
// show progress on stderr, and print tables or the results document (and write it to --out).
import fs from 'node:fs';
import type { BenchDocument } from '../bench/bench-document.js';

/** An AbortSignal that the first SIGINT/SIGTERM aborts (the second one exits at once). */
export function abortOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const abort = new AbortController();
  const on = (code: number) => () => {
    if (abort.signal.aborted) process.exit(code); // a second Ctrl-C: give up waiting
    process.stderr.write('\nisolab: stopping after the measurement in flight and cleaning up\n');
    process.exitCode = code;
    abort.abort();
  };
  const int = on(130);
  const term = on(143);
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return { signal: abort.signal, dispose: () => (process.off('SIGINT', int), process.off('SIGTERM', term)) };
}

/** Writes a line of progress: rewritten in place on a terminal, a plain line otherwise (only every `every`th). */
export function progressLine(stream: NodeJS.WriteStream, text: string, done: boolean, index = 0, every = 1): void {
  if (stream.isTTY) stream.write(`\r\u001b[K${text}${done ? '\n' : ''}`);
  else if (done || index % every === 0) stream.write(`${text}\n`);
}

/** How the results leave: --json prints the document instead of tables, --out also writes it. */
export interface BenchOutputOptions {
  json?: boolean;
  out?: string;
}

/** Prints the tables (or the document with --json) and writes the document to --out. */
export async function emitBench(o: BenchOutputOptions, text: string, doc: () => Promise<BenchDocument>): Promise<void> {
  const d = o.json || o.out ? await doc() : undefined;
  if (o.out && d) fs.writeFileSync(o.out, JSON.stringify(d, null, 2) + '\n');
  if (o.json && d) process.stdout.write(JSON.stringify(d, null, 2) + '\n');
  else process.stdout.write(text);
}

/** Parses a comma-separated list with parse (which names the option in its errors). */
export function parseList<T>(text: string, parse: (item: string) => T, option: string): T[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!items.length) throw new Error(`${option}: "${text}" names nothing (a comma-separated list)`);
  return items.map(parse);
}
