import { WriteError } from '../util/errors';

/**
 * Writing the output tree failed. `state` says what the tree is left as:
 * - `unchanged`: the previous tree, as it was (what was written is undone);
 * - `incomplete`: partly updated; the journal in `.edgefleet/` lets the next
 *   synth (or merge) finish it before doing anything else;
 * - `written`: the tree is written, only saving the stat cache of the drift
 *   scan failed (the next synth hashes every file instead).
 */
export class TreeWriteError extends WriteError {
  constructor(
    public readonly state: 'unchanged' | 'incomplete' | 'written',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}
