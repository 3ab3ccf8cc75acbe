import test from 'ava';
import { describeSecurity } from './security.js';

test('splits the LSM list and the seccomp actions, and reads a filtered process', (t) => {
  const security = describeSecurity('lockdown,capability,landlock,yama,apparmor', 'kill_process errno allow', 'Seccomp:\t2\nSeccomp_filters:\t1\n');
  t.deepEqual(security, {
    lsms: ['lockdown', 'capability', 'landlock', 'yama', 'apparmor'],
    seccomp: true,
    seccompActions: ['kill_process', 'errno', 'allow'],
    selfSeccompMode: 'filter',
  });
});

test('absent securityfs and a kernel without seccomp are null and false, not errors', (t) => {
  t.deepEqual(describeSecurity(null, null, 'Name:\tnode\n'), { lsms: null, seccomp: false, seccompActions: null, selfSeccompMode: null });
});
