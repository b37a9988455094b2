/**
 * Spare instances started ahead: Node and the toolbelt loaded, no function
 * yet. A function that needs an instance (its first invocation, after a
 * reload or a crash) takes one, so it pays only for loading its own code, and
 * a replacement starts in the background. Shared by every function of a
 * runtime.
 */
import { FunctionWorker, type WorkerLaunch } from "./worker";

export interface SparePoolOptions {
  /** Spares kept ready (0: each instance is forked when needed). */
  readonly size: number;
  /** How a spare is launched (the same for every function). */
  readonly launch: () => WorkerLaunch;
  readonly onOutput: (text: string) => void;
}

export class SparePool {
  private readonly spares = new Set<FunctionWorker>();
  private closed = false;

  constructor(private readonly options: SparePoolOptions) {}

  /** Starts spares up to the pool's size. */
  fill(): void {
    while (!this.closed && this.spares.size < this.options.size) this.spares.add(this.fork());
  }

  /** A booted spare if there is one, else one still starting, else a new one; the pool refills behind it. */
  take(): FunctionWorker {
    const all = [...this.spares];
    const worker = all.find((w) => w.state === "spare") ?? all[0] ?? this.fork();
    this.spares.delete(worker);
    this.fill();
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.spares].map((worker) => {
      worker.stop("the runtime closed", true);
      return worker.exited;
    });
    this.spares.clear();
    await Promise.all(exits);
  }

  private fork(): FunctionWorker {
    return new FunctionWorker(this.options.launch(), {
      onOutput: (text) => this.options.onOutput(text),
      // A spare that dies is not replaced at once (a launch that always fails must not loop); take() refills.
      onDead: (dead) => this.spares.delete(dead),
    });
  }
}
