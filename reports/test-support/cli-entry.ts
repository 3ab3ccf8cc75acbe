// The CLI from source, for tests and scripts that must run isolab without a build:
//   node --import tsx reports/test-support/cli-entry.ts report results.json
import { runCli } from '../../cli/main.js';

await runCli(process.argv);
