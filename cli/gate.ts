// isolab gate: holds a results file (and a baseline) against a policy. Exit 0 when every
// rule holds, 1 on a violation, 2 when the policy or an input cannot be used.
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { evaluateGate, GateUsageError } from '../reports/gate/evaluate-gate.js';
import { type AnnotationStyle, defaultAnnotationStyle, renderGateLines, renderGateSummary } from '../reports/gate/gate-output.js';
import { loadPolicy, PolicyError } from '../reports/gate/policy.js';
import { loadAllResults, ResultsFileError } from '../reports/model/load-results.js';

interface GateOptions {
  policy: string;
  baseline?: string;
  annotations?: AnnotationStyle;
  summary?: string;
}

/** Exit status of the gate. */
export const GATE_EXIT = { passed: 0, violated: 1, unusable: 2 } as const;

/** Adds `isolab gate`. */
export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('hold results.json against a policy (isolation outcomes, latency budgets, throttling ceilings): exit 0 pass, 1 violation, 2 bad policy or input')
    .argument('<results>', 'results.json (or a bench document) to judge')
    .requiredOption('--policy <file>', 'policy YAML (see reports/GATE.md)')
    .option('--baseline <file>', 'results to hold relative budgets against')
    .addOption(new Option('--annotations <style>', 'violation lines: github (::error) or plain (default: github inside GitHub Actions)').choices(['github', 'plain']))
    .option('--summary <file>', 'append a Markdown summary to FILE (default: $GITHUB_STEP_SUMMARY when set)')
    .action((file: string, o: GateOptions) => {
      try {
        const policy = loadPolicy(o.policy);
        const [results, baseline] = loadAllResults(o.baseline ? [file, o.baseline] : [file]);
        const result = evaluateGate(policy, results!, baseline);
        process.stdout.write(renderGateLines(result, o.annotations ?? defaultAnnotationStyle()));
        const summaryFile = o.summary ?? process.env.GITHUB_STEP_SUMMARY;
        if (summaryFile) fs.appendFileSync(summaryFile, renderGateSummary(result, { results: file, policy: o.policy, ...(o.baseline ? { baseline: o.baseline } : {}) }));
        process.exitCode = result.ok ? GATE_EXIT.passed : GATE_EXIT.violated;
      } catch (err) {
        if (err instanceof PolicyError || err instanceof ResultsFileError || err instanceof GateUsageError) {
          process.stderr.write(`isolab gate: ${err.message}\n`);
          process.exitCode = GATE_EXIT.unusable;
          return;
        }
        throw err;
      }
    });
}
