/** The browser build's cores.ts: the cores a page may use, as the browser reports them. */

/**
 * @returns navigator.hardwareConcurrency, at least 1 (1 where the host does not say)
 * @example availableCores() // 8
 */
export function availableCores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
}
