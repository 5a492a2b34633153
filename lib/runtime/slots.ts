/**
 * Work this process runs at once, up to a limit (uploads imported, reports streamed): past it
 * `take` throws the caller's refusal, and each place taken is given back once, however the work
 * ends.
 */
export class Slots {
  private running = 0;

  constructor(
    private readonly limit: () => number,
    private readonly refusal: (limit: number) => Error,
  ) {}

  /** Places taken now. */
  get inUse(): number {
    return this.running;
  }

  /** Throws the refusal when every place is taken (for a check before the work's input is read). */
  check(): void {
    const limit = this.limit();
    if (this.running >= limit) throw this.refusal(limit);
  }

  /** Takes a place; the function returned gives it back (again is a no-op). */
  take(): () => void {
    this.check();
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }
}
