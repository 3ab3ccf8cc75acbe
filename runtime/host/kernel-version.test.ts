import test from 'ava';
import { formatKernelMajorMinor, isKernelAtLeast, parseKernelRelease } from './kernel-version.js';

test('parses distro-suffixed kernel releases', (t) => {
  t.deepEqual(parseKernelRelease('6.18.44-fc-v657'), { major: 6, minor: 18, patch: 44 });
  t.deepEqual(parseKernelRelease('5.4.0-150-generic'), { major: 5, minor: 4, patch: 0 });
  t.deepEqual(parseKernelRelease('6.8-rc1'), { major: 6, minor: 8, patch: 0 });
  t.is(parseKernelRelease('not-a-kernel'), null);
});

test('compares major.minor numerically, not as strings', (t) => {
  t.true(isKernelAtLeast('6.18.44', 6, 8));
  t.false(isKernelAtLeast('6.7.12', 6, 8));
  t.true(isKernelAtLeast('10.0.0', 6, 8));
  t.false(isKernelAtLeast('5.4.0-150-generic', 5, 6));
  t.false(isKernelAtLeast('garbage', 2, 6));
});

test('formats major.minor for messages', (t) => {
  t.is(formatKernelMajorMinor('5.4.0-150-generic'), '5.4');
});
