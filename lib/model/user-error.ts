import { sep } from 'node:path';

/*
 * Errors thrown by the user's own code (a fleet file, a render hook) are
 * reported as one line naming the file and line in that code, never as a
 * stack trace of edgefleet's internals.
 */

/** edgefleet's own code (lib/ or dist/lib/), skipped when looking for the user's frame. */
const OWN_CODE = __dirname.slice(0, __dirname.lastIndexOf(sep));

const FRAME = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;

/** esbuild (through tsx) reports a compile error as "Transform failed with 1 error:" and then "file:line:col: ERROR: text". */
const COMPILE_ERROR = /^(.+):(\d+):\d+: ERROR: (.*)$/m;

function compileError(error: unknown): RegExpExecArray | null {
  return error instanceof Error && error.message.startsWith('Transform failed') ? COMPILE_ERROR.exec(error.message) : null;
}

/** `file:line` in the user's code where the error arose: a compile error's position, or the first stack frame there. */
export function userFrameOf(error: unknown): string | undefined {
  const compile = compileError(error);
  if (compile) return `${compile[1]}:${compile[2]}`;
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const file = match[1].replace(/^file:\/\//, '');
    if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`) || file.startsWith(OWN_CODE + sep)) continue;
    return `${file}:${match[2]}`;
  }
  return undefined;
}

/** The first line of an error's message (Node adds a "Require stack:" list below it), with its class. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const compile = compileError(error);
  if (compile) return `does not compile: ${compile[3]}`;
  const first = error.message.split('\n')[0];
  return error.name && error.name !== 'Error' ? `${error.name}: ${first}` : first;
}
