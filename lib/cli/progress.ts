import { SingleBar } from 'cli-progress';
import type { RenderProgress } from '../synth/tree-plan';

/** A progress display for a long run, and how to end it. */
export interface TerminalProgress {
  /** Progress callback for synth or plan; undefined when nothing is shown. */
  readonly onProgress?: RenderProgress;
  /** Removes the bar (call in `finally`: its redraw timer keeps the process alive). */
  readonly stop: () => void;
}

/** A stream that may be a terminal (process.stdout, or a fake one in tests). */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/**
 * A progress bar of clusters rendered on `stream` (cli-progress), only
 * when it is a terminal and not `quiet`: nothing on a pipe or file. The
 * bar is cleared when done, so what follows prints on a clean line.
 */
export function terminalProgress(stream: ProgressStream, label: string, quiet = false): TerminalProgress {
  if (quiet || stream.isTTY !== true) return { stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} clusters rendered`,
    clearOnComplete: true,
    hideCursor: true,
    // Restores the cursor when the run is interrupted.
    gracefulExit: true,
  });
  let started = false;
  return {
    onProgress: (rendered, total) => {
      if (total === 0) return;
      if (!started) {
        bar.start(total, rendered);
        started = true;
      } else bar.update(rendered);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
