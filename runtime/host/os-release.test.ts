import test from 'ava';
import { distroFromOsRelease, parseOsRelease, readDistro } from './os-release.js';

const DEBIAN = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

test('parses quoted and unquoted os-release values', (t) => {
  const variables = parseOsRelease(DEBIAN);
  t.is(variables.PRETTY_NAME, 'Debian GNU/Linux 12 (bookworm)');
  t.is(variables.VERSION_CODENAME, 'bookworm');
  t.is(variables.ID, 'debian');
});

test('picks id, versionId and prettyName', (t) => {
  t.deepEqual(distroFromOsRelease(parseOsRelease(DEBIAN)), {
    id: 'debian',
    versionId: '12',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
  });
});

test('handles comments, single quotes, escapes and a rolling release without VERSION_ID', (t) => {
  const text = `# Arch has no VERSION_ID\nNAME='Arch Linux'\nID=arch\nBUILD_ID=rolling\nPRETTY_NAME="Say \\"hi\\" \\$HOME"\n  \nnot a variable\n`;
  const variables = parseOsRelease(text);
  t.is(variables.NAME, 'Arch Linux');
  t.is(variables.PRETTY_NAME, 'Say "hi" $HOME');
  t.false('not a variable' in variables);
  t.deepEqual(distroFromOsRelease(variables), { id: 'arch', versionId: null, prettyName: 'Say "hi" $HOME' });
});

test('falls back to NAME when PRETTY_NAME is missing', (t) => {
  t.is(distroFromOsRelease(parseOsRelease('NAME=Alpine\nID=alpine\n')).prettyName, 'Alpine');
});

test('readDistro reads this host: the id is what /etc/os-release says', async (t) => {
  const distro = await readDistro();
  t.truthy(distro.id);
  t.regex(distro.id ?? '', /^[a-z0-9._-]+$/);
});
