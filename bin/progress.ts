import type { ProgressListener } from '../lib/core/ports.ts';

/** Progress on a stream: one line per stage, rewritten in place on a terminal, with elapsed time. */
export function createProgress(stream: NodeJS.WriteStream): {
  line: (text: string) => void;
  update: ProgressListener;
  done: () => void;
} {
  const t0 = performance.now();
  const tty = stream.isTTY === true;
  let lastStage = '';
  let open = false;
  const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  return {
    line(text) {
      if (open) stream.write('\n');
      open = false;
      stream.write(`${text}\n`);
    },
    update({ stage, detail }) {
      const text = `  [${elapsed().padStart(7)}] ${stage.padEnd(9)} ${detail}`;
      if (tty) {
        if (stage !== lastStage && open) stream.write('\n');
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else if (stage !== lastStage) {
        stream.write(`${text}\n`);
      }
      lastStage = stage;
    },
    done() {
      if (open) stream.write('\n');
      open = false;
      stream.write(`  [${elapsed().padStart(7)}] done\n`);
    },
  };
}
