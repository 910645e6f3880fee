/** Progress bars for long CLI work (cli-progress on stderr; silent when not a terminal). @module */
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number): void;
  done(): void;
}

export function progressBar(label: string): ProgressBar {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% ETA {eta}s`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let isStarted = false;
  return {
    update(done, total) {
      if (!isStarted) {
        bar.start(total, done);
        isStarted = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    done() {
      if (isStarted) bar.stop();
    },
  };
}
