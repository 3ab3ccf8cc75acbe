import test from 'ava';
import { parseProbeTimed, runHostProbe } from './host-probe.js';

test('parseProbeTimed takes the last line, and refuses failures and output without a timing', (t) => {
  t.is(parseProbeTimed(['files-stat', 'd'], 'noise\n{"ok":true,"errno":0,"error":null,"statted":3,"ns":42}\n').ns, 42);
  t.throws(() => parseProbeTimed(['files', 'd', '1', '0'], '{"ok":false,"errno":2,"error":"ENOENT","ns":1}'), { message: /probe files d 1 0 failed: ENOENT/ });
  t.throws(() => parseProbeTimed(['read', 'f'], 'Segmentation fault'), { message: /probe read f: printed no timing/ });
});

test('runHostProbe reports the probe\'s own errno for a missing directory', async (t) => {
  await t.throwsAsync(runHostProbe(['files-stat', '/nonexistent/isolab']), { message: /failed: ENOENT/ });
});
