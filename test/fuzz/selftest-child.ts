/** A child for the supervisor's own test: each job is a way to end badly (or not). */
import { serveJobs } from '../helpers/supervisor';

const held: unknown[] = [];

serveJobs<string, string, string>(async (job, report) => {
  report.stage(job);
  report.note(`entered ${job}`);
  switch (job) {
    case 'uncaught':
      setTimeout(() => {
        throw new Error('thrown from a callback');
      });
      return new Promise(() => {});
    case 'signal':
      process.kill(process.pid, 'SIGSEGV');
      return new Promise(() => {});
    case 'spin':
      for (;;);
    case 'never':
      return new Promise(() => {});
    case 'heap':
      for (;;) held.push(new Array(1 << 16).fill(held.length));
    case 'outside-heap':
      // WebAssembly memories, as a decoder trapped in a growing loop would use: outside the V8 heap limit
      for (;;) {
        held.push(new Uint8Array(new WebAssembly.Memory({ initial: 2048 }).buffer).fill(1));
        await new Promise((resolve) => setImmediate(resolve));
      }
    default:
      return `done ${job}`;
  }
}, 4000);
