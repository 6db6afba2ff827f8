/**
 * Advice on the memory of large op outputs, given by the native addon when it is loaded (whatever backend runs the
 * ops): on Linux it asks for transparent huge pages on a fresh output before the kernel first writes it, so a 400 MB
 * result faults in 200 times instead of 100,000 (native/addon/memory.cc). Without the addon, nothing is advised.
 */

let advise: ((buffer: ArrayBuffer) => void) | undefined;

/**
 * Installs the adviser (register-native.ts, when the addon loads).
 * @param fn - the addon's adviseHugePages
 */
export function setLargeOutputAdvice(fn: (buffer: ArrayBuffer) => void): void {
  advise = fn;
}

/**
 * Advises a fresh, untouched buffer of a large output.
 * @param buffer - the output's ArrayBuffer
 */
export function adviseLargeOutput(buffer: ArrayBuffer): void {
  advise?.(buffer);
}
