/**
 * Writing the output tree failed. `state` says what the tree is left as:
 * - `unchanged`: the previous tree, as it was (what was written is undone);
 * - `incomplete`: partly updated; the journal in `.edgefleet/` lets the next
 *   synth (or merge) finish it before doing anything else.
 */
export class TreeWriteError extends Error {
  constructor(
    public readonly state: 'unchanged' | 'incomplete',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'TreeWriteError';
  }
}
