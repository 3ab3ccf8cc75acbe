// The sync points and events are defined once, in protocol.h; protocol.ts must agree.
import test from 'ava';
import fs from 'node:fs';
import { EVENTS, PROTOCOL_VERSION, STAMPS, encodeRequest } from '../runtime/launcher/protocol.js';

const header = fs.readFileSync(new URL('../runtime/native/launcher/protocol.h', import.meta.url), 'utf8');
const names = (macro: string) => [...header.slice(header.indexOf(`#define ${macro}(X)`)).split('\n\n')[0]!.matchAll(/X\((\w+)\)/g)].map((m) => m[1]);

test('stamps match ISOLAB_STAMPS in protocol.h, in order', (t) => {
  t.deepEqual(names('ISOLAB_STAMPS'), [...STAMPS]);
});

test('events match ISOLAB_EVENTS in protocol.h', (t) => {
  t.deepEqual(names('ISOLAB_EVENTS'), [...EVENTS]);
});

test('protocol versions match', (t) => {
  t.regex(header, new RegExp(`ISOLAB_PROTOCOL_VERSION ${PROTOCOL_VERSION}\\b`));
});

test('requests are length-prefixed NUL-terminated fields, and NUL inside a field is refused', (t) => {
  const req = { id: 'x', ns: ['pid'], rootfs: '/r', lower: ['/l'], cwd: '/', args: ['a b'], env: [], cgroupProcs: [], uid: 0, gid: 0, stdio: ['@null', '@null', '@null'] as [string, string, string] };
  const buf = encodeRequest(req);
  const nl = buf.indexOf('\n');
  const payload = buf.subarray(nl + 1);
  t.is(Number(buf.subarray(0, nl).toString()), payload.length);
  t.is(payload.at(-1), 0);
  t.true(payload.toString().split('\0').includes('arg=a b'));
  t.throws(() => encodeRequest({ ...req, args: ['a\0b'] }), { message: /NUL/ });
});
