/** One region at a time: asynchronous loops wait here, in call order. */
export class RegionQueue {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  /** Resolves when it is the caller's turn. */
  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the turn to the next waiter. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}
