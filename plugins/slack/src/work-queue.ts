/**
 * Runs at most `concurrency` tasks at once, in arrival order. Each task
 * starts from a macrotask (`setImmediate`), after pending I/O: requests that
 * arrived meanwhile are read and acknowledged before more work starts.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be a positive integer");
  }

  /** Tasks waiting for a turn. */
  get pending(): number {
    return this.waiting.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.running++;
        task().then(resolve, reject).finally(() => {
          this.running--;
          this.next();
        });
      });
      this.next();
    });
  }

  private next(): void {
    if (this.running >= this.concurrency) return;
    const start = this.waiting.shift();
    if (start) {
      this.running++; // reserved until the macrotask starts it
      setImmediate(() => {
        this.running--;
        start();
      });
    }
  }
}
