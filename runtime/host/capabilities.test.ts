import test from 'ava';
import { CAPABILITY_NAMES, decodeCapabilityMask, describePrivileges, readPrivileges } from './capabilities.js';

test('decodes a full root mask into all 41 capabilities', (t) => {
  t.deepEqual(decodeCapabilityMask('000001ffffffffff'), [...CAPABILITY_NAMES]);
});

test('decodes a mask lacking bit 24 as everything but CAP_SYS_RESOURCE', (t) => {
  const privileges = describePrivileges(0, 'Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n');
  t.is(privileges.capEffHex, '000001fffeffffff');
  t.false(privileges.capabilities.includes('CAP_SYS_RESOURCE'));
  t.true(privileges.capabilities.includes('CAP_SYS_ADMIN'));
  t.deepEqual(privileges.missingCapabilities, ['CAP_SYS_RESOURCE']);
});

test("docker's default set has no CAP_SYS_ADMIN", (t) => {
  // Docker's default capability set: CapEff 00000000a80425fb.
  const names = decodeCapabilityMask('00000000a80425fb');
  t.false(names.includes('CAP_SYS_ADMIN'));
  t.true(names.includes('CAP_CHOWN'));
  t.true(names.includes('CAP_NET_BIND_SERVICE'));
  t.is(names.length, 14);
});

test('bits beyond the table are named by number', (t) => {
  t.deepEqual(decodeCapabilityMask('0000020000000000'), ['CAP_41']);
});

test('a non-root uid is not root and an unreadable status has no capabilities', (t) => {
  const privileges = describePrivileges(1000, null);
  t.false(privileges.isRoot);
  t.is(privileges.capEffHex, null);
  t.deepEqual(privileges.capabilities, []);
});

test('readPrivileges reports the uid this process runs as', async (t) => {
  const privileges = await readPrivileges();
  t.is(privileges.uid, process.geteuid?.() ?? -1);
  t.is(privileges.isRoot, process.geteuid?.() === 0);
  t.regex(privileges.capEffHex ?? '', /^[0-9a-f]{16}$/);
});
