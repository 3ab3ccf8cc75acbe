// Ctrl-C and SIGTERM during a run: stop the containers and let teardown finish, so an
// interrupted run leaves nothing behind (a SIGKILLed one is cleaned by the next run's gc).
import { LauncherClient } from '../runtime/launcher/client.js';

let interrupted = false;

/** Whether a SIGINT or SIGTERM stopped the run (its errors are the interruption's echo). */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Installs the handlers for the rest of the process. */
export function stopContainersOnInterrupt(): void {
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (interrupted) process.exit(code); // a second Ctrl-C: give up waiting
    interrupted = true;
    process.stderr.write(`isolab: ${signal}: stopping containers and cleaning up\n`);
    process.exitCode = code;
    LauncherClient.shared().close(); // the launcher kills every container it runs
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
}
