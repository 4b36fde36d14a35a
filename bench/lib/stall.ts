/**
 * The longest the event loop went without a turn, from a 1 ms heartbeat. perf_hooks'
 * monitorEventLoopDelay misses a block that starts right after it is enabled (it records nothing
 * until its timer has fired twice), which is exactly the block a one-statement job causes.
 */
export function stallMeter() {
  let last = performance.now();
  let worst = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  return {
    reset() {
      last = performance.now();
      worst = 0;
    },
    /** The worst gap so far, after one more turn (a block still in progress ends with it). */
    async worst(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return worst;
    },
    stop: () => clearInterval(beat),
  };
}
