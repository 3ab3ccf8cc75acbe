// The verdict on one check in one cell: the observation held against the expectation.
import type { Expectation } from './matrix/expectations.js';
import type { Observation } from './checks/types.js';

/**
 * passed — observed what the cell expects (isolated where isolation is on, the leak where
 *          it is deliberately off: a control that proves the check can fail);
 * failed — a leak where the isolation is on;
 * broken — "isolated" where the isolation is off: the check cannot see a leak, so its
 *          passes elsewhere mean nothing;
 * skipped — not run here (the reason says why);
 * error  — nothing could be observed (the probe failed, the runtime failed).
 */
export type CheckOutcome = 'passed' | 'failed' | 'broken' | 'skipped' | 'error';

/** Every outcome, in the order summaries list them. */
export const OUTCOMES: readonly CheckOutcome[] = ['passed', 'failed', 'broken', 'error', 'skipped'];

/** The outcome of an observation under an expectation. */
export function judge(expected: Expectation, observed: Exclude<Observation['outcome'], 'skipped'>): Exclude<CheckOutcome, 'skipped'> {
  if (observed === 'error') return 'error';
  if (observed === expected) return 'passed';
  return expected === 'isolated' ? 'failed' : 'broken';
}

/** Whether an outcome lets the run succeed (skips do; a skip is reported with its reason). */
export function isAcceptable(o: CheckOutcome): boolean {
  return o === 'passed' || o === 'skipped';
}
