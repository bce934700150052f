// wait.mjs - polling for a condition the system reaches on its own (a
// background delivery, a restart), in place of sleeping for a guess.

/**
 * Calls fn (sync or async) until it returns something truthy and returns
 * that; throws after `timeout` ms naming `what`. Polls every `every` ms.
 */
export async function until(fn, { what = 'condition', timeout = 20000, every = 100 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`${what}: not met in ${timeout} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
