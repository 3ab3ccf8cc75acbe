import os from 'node:os';
import test from 'ava';
import { countCpuList, parseCpuinfo, readCpuInfo, readKernelInfo } from './machine.js';

const X86_CPUINFO = `processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
flags\t\t: fpu vme

processor\t: 1
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
`;

const ARM_CPUINFO = `processor\t: 0
BogoMIPS\t: 50.00
CPU implementer\t: 0x41

processor\t: 1
BogoMIPS\t: 50.00

Hardware\t: BCM2835
`;

test('takes the x86 model name and counts processor entries', (t) => {
  t.deepEqual(parseCpuinfo(X86_CPUINFO), { model: 'Intel(R) Xeon(R) Processor', processors: 2 });
});

test('falls back to the Hardware line when there is no model name', (t) => {
  t.deepEqual(parseCpuinfo(ARM_CPUINFO), { model: 'BCM2835', processors: 2 });
});

test('counts kernel CPU lists with ranges and singles', (t) => {
  t.is(countCpuList('0-1'), 2);
  t.is(countCpuList('0-3,6,8-9\n'), 7);
  t.is(countCpuList('0'), 1);
});

test('readCpuInfo agrees with the kernel on this host', async (t) => {
  const cpu = await readCpuInfo();
  t.is(cpu.online, os.cpus().length);
  t.true(cpu.usable >= 1 && cpu.usable <= cpu.online);
});

test('readKernelInfo reports os.release() and the /proc/version line for it', async (t) => {
  const kernel = await readKernelInfo();
  t.is(kernel.release, os.release());
  t.true(kernel.version?.startsWith(`Linux version ${os.release()} `));
});
