import { RoundsError } from "../errors/index.ts";

/**
 * The jobs running in this process, kept by every queue so that shutdown can
 * wait for them or stop them: `start` when a handler is about to run gives
 * the signal the handler watches, and an `end` to call in its `finally`;
 * `stopAll` aborts every running job with the one shutdown error; `settled`
 * resolves when all that are running now have ended.
 */
export class ActiveJobs {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  start(id: string): { signal: AbortSignal; end: () => void } {
    const controller = new AbortController();
    let finish!: () => void;
    this.running.set(id, { controller, done: new Promise<void>((r) => { finish = r; }) });
    return {
      signal: controller.signal,
      end: () => {
        this.running.delete(id);
        finish();
      },
    };
  }

  /** Aborts every running job: its handler sees its signal aborted, and the queue returns it for another worker. */
  stopAll(): void {
    for (const job of this.running.values()) job.controller.abort(new RoundsError("NOT_READY", "The worker is shutting down."));
  }

  /** Resolves when every job running now has ended. */
  settled(): Promise<void> {
    return Promise.all([...this.running.values()].map((job) => job.done)).then(() => undefined);
  }
}
