/**
 * Resolves on the first SIGINT/SIGTERM, replacing the facility's immediate-exit handlers so shutdown is graceful.
 * A second signal during shutdown falls back to those handlers (stop PostgreSQL and exit).
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  const previous = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      for (const listener of previous.SIGINT) process.on('SIGINT', listener as NodeJS.SignalsListener);
      for (const listener of previous.SIGTERM) process.on('SIGTERM', listener as NodeJS.SignalsListener);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
