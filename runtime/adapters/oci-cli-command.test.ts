// How runc and crun are invoked, and how their exit statuses are read.
import test from 'ava';
import { detectCgroupHost } from '../cgroup/detect.js';
import { decodeExitStatus } from './exit-status.js';
import { ociCommand, ociStateRoot } from './oci-cli-command.js';

test('runc runs directly, with isolab\'s own state root', (t) => {
  const c = ociCommand('runc', '/usr/sbin/runc', ['run', 'x']);
  t.deepEqual(c, { file: '/usr/sbin/runc', args: ['--root', ociStateRoot('runc'), 'run', 'x'] });
  t.regex(ociStateRoot('runc'), /\/runc$/);
});

test('crun runs in a private mount namespace without the cgroup2 mount on hybrid hosts only', (t) => {
  const c = ociCommand('crun', '/usr/bin/crun', ['run', 'x']);
  const host = detectCgroupHost();
  if (host.mode === 'hybrid') {
    t.is(c.file, 'unshare');
    t.deepEqual(c.args.slice(0, 4), ['--mount', '--propagation', 'private', 'sh']);
    t.regex(c.args[5]!, new RegExp(`umount '${host.v2!.mount}'`));
    t.deepEqual(c.args.slice(6), ['/usr/bin/crun', '--root', ociStateRoot('crun'), 'run', 'x']);
  } else {
    t.deepEqual(c, { file: '/usr/bin/crun', args: ['--root', ociStateRoot('crun'), 'run', 'x'] });
  }
});

test('status 128+N is death by signal N; anything else is an exit code', (t) => {
  t.deepEqual(decodeExitStatus(137), { exitCode: null, signal: 'SIGKILL' });
  t.deepEqual(decodeExitStatus(143), { exitCode: null, signal: 'SIGTERM' });
  t.deepEqual(decodeExitStatus(7), { exitCode: 7, signal: null });
  t.deepEqual(decodeExitStatus(0), { exitCode: 0, signal: null });
  t.deepEqual(decodeExitStatus(128), { exitCode: 128, signal: null });
  t.deepEqual(decodeExitStatus(255), { exitCode: 255, signal: null });
});
