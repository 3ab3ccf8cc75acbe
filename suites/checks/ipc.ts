// IPC namespace: SysV shared memory, message queue and semaphore set, and a POSIX message
// queue that the host created with known keys are not found inside (ENOENT).
import { tried } from './helpers.js';
import { isolated, observationError, shared, type Check, type CheckContext, type TryResult } from './types.js';

function ipcCheck(id: string, kind: string, action: string, arg: (ctx: CheckContext) => string): Check {
  return {
    id,
    area: 'ipc',
    description: `the host's ${kind} (known ${action === 'mq_open' ? 'name' : 'key'}) is not found inside`,
    async run(ctx) {
      const { out } = await ctx.probe<TryResult>(['try', action, arg(ctx)]);
      // EACCES: it exists but belongs to the host's root: still a leak of its existence.
      const evidence = { [action === 'mq_open' ? 'name' : 'key']: arg(ctx), [action]: tried(out) };
      if (out.error === 'ENOENT') return isolated(evidence);
      return out.ok || out.error === 'EACCES' || out.error === 'EPERM' ? shared(evidence) : observationError(evidence);
    },
  };
}

const key = (ctx: CheckContext) => String(ctx.sentinels.ipcKey);

/** The IPC namespace checks. */
export const IPC_CHECKS: readonly Check[] = [
  ipcCheck('ipc-sysv-shm', 'SysV shared memory segment', 'shmget', key),
  ipcCheck('ipc-sysv-msg', 'SysV message queue', 'msgget', key),
  ipcCheck('ipc-sysv-sem', 'SysV semaphore set', 'semget', key),
  ipcCheck('ipc-posix-mqueue', 'POSIX message queue', 'mq_open', (ctx) => ctx.sentinels.mqName),
];
