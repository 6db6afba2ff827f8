/** How many cores this host offers (Node: os.availableParallelism; the browser build: navigator.hardwareConcurrency). */
import os from 'node:os';

/**
 * @returns the cores available to this process, at least 1
 * @example availableCores() // 8
 */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}
