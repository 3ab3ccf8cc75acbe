import test from 'ava';
import { STARTUP_RUNTIMES } from './adapter.js';
import { parseRuntimeList, startupRuntime } from './runtimes.js';

test('parseRuntimeList takes a comma list, drops repeats and keeps the order given', (t) => {
  t.deepEqual(parseRuntimeList('bwrap, builtin,bwrap'), ['bwrap', 'builtin']);
  t.deepEqual(parseRuntimeList('all'), [...STARTUP_RUNTIMES]);
});

test('parseRuntimeList names an unknown runtime and lists the known ones', (t) => {
  t.throws(() => parseRuntimeList('builtin,youki'), { message: /--runtime: unknown runtime "youki" \(known: builtin, floor/ });
  t.throws(() => parseRuntimeList(' , '), { message: /--runtime: name at least one runtime/ });
});

test('every runtime name has an adapter of that name', (t) => {
  for (const name of STARTUP_RUNTIMES) t.is(startupRuntime(name).name, name);
});
