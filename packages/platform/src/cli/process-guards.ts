/**
 * Last-resort guards for a long-running `lp-faas dev`: an error that escapes
 * every handler (an uncaught exception, an unhandled rejection) is logged and
 * the platform keeps serving, rather than one bad request ending the process.
 * The HTTP layer answers each request's own errors; this is only for what
 * slips past it.
 */
export function guardProcess(log: (line: string) => void): () => void {
  const report = (kind: string) => (error: unknown) => {
    log(`${kind} (the platform keeps running): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  const onException = report("internal error: uncaught exception");
  const onRejection = report("internal error: unhandled rejection");
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
  };
}
