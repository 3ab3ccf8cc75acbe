import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { findOnPath, probeDockerServer, probeRuntimes, probeTool } from './runtime-probes.js';

const test = anyTest as TestFn<{ dir: string }>;

/** Writes an executable shell script called `name` into `dir`. */
async function writeTool(dir: string, name: string, body: string, mode = 0o755): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, mode);
  return path;
}

test.beforeEach(async (t) => {
  t.context.dir = await mkdtemp(join(tmpdir(), 'isolab-probes-'));
});

test.afterEach.always(async (t) => {
  await rm(t.context.dir, { recursive: true, force: true });
});

test('a tool on PATH is found and its version parsed from --version', async (t) => {
  const path = await writeTool(t.context.dir, 'runc', 'echo "runc version 9.9.9"; echo "spec: 1.2.0"');
  const probe = await probeTool('runc', { pathEnv: t.context.dir });
  t.deepEqual(probe, {
    present: true,
    path,
    version: '9.9.9',
    banner: 'runc version 9.9.9',
    details: { spec: '1.2.0' },
    features: [],
    error: null,
  });
});

test('a file without execute permission is not a tool', async (t) => {
  await writeTool(t.context.dir, 'isolab-no-such-tool', 'echo 1.0', 0o644);
  t.is(await findOnPath('isolab-no-such-tool', t.context.dir), null);
});

test('a tool that hangs is reported present with a timeout, not awaited forever', async (t) => {
  await writeTool(t.context.dir, 'fio', 'exec sleep 30');
  const probe = await probeTool('fio', { pathEnv: t.context.dir, timeoutMs: 200 });
  t.true(probe.present);
  t.is(probe.version, null);
  t.regex(probe.error ?? '', /timed out after 200 ms/);
});

test('a tool that fails still reports what it printed and its exit code', async (t) => {
  await writeTool(t.context.dir, 'bwrap', 'echo "bubblewrap 0.4.0" >&2; exit 3');
  const probe = await probeTool('bwrap', { pathEnv: t.context.dir });
  t.is(probe.version, '0.4.0');
  t.is(probe.error, 'exited with code 3');
});

test('a Docker daemon that answers gives its version', async (t) => {
  const docker = await writeTool(t.context.dir, 'docker', 'if [ "$1" = version ]; then echo "20.10.24+dfsg1"; else echo "Docker version 20.10.24+dfsg1, build 297e128"; fi');
  t.deepEqual(await probeDockerServer(docker), { reachable: true, version: '20.10.24+dfsg1', error: null });
});

test('an unreachable Docker daemon is reported with the client complaint', async (t) => {
  const docker = await writeTool(t.context.dir, 'docker', 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." >&2; exit 1');
  t.deepEqual(await probeDockerServer(docker), {
    reachable: false,
    version: null,
    error: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.',
  });
});

test('a Docker daemon that hangs counts as unreachable after the time limit', async (t) => {
  const docker = await writeTool(t.context.dir, 'docker', 'exec sleep 30');
  const server = await probeDockerServer(docker, 200);
  t.false(server.reachable);
  t.regex(server.error ?? '', /timed out/);
});

test('probeRuntimes answers for every tool and attaches the docker daemon to docker', async (t) => {
  await writeTool(t.context.dir, 'docker', 'if [ "$1" = version ]; then echo "24.0.7"; else echo "Docker version 24.0.7, build afdd53b"; fi');
  const runtimes = await probeRuntimes({ pathEnv: t.context.dir });
  t.deepEqual(Object.keys(runtimes).sort(), ['bwrap', 'crun', 'docker', 'fio', 'podman', 'runc', 'stress-ng', 'unshare']);
  t.is(runtimes.docker.version, '24.0.7');
  t.deepEqual(runtimes.docker.server, { reachable: true, version: '24.0.7', error: null });
});
