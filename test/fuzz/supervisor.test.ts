/**
 * The fuzz harness's supervisor sees every way a job can end badly, attributes it to the job and stage, and carries on
 * in a fresh child: without this, "0 crashes, 0 hangs" from the fuzz tests would prove nothing.
 */
import * as path from 'node:path';
import { Supervisor } from '../helpers/supervisor';
import { mutant } from './mutate';

describe('fuzz supervisor', () => {
  const supervisor = new Supervisor<string, string, string>({
    script: path.join(__dirname, 'selftest-child.ts'),
    // fresh pages fault in at ~150 MB/s on a loaded machine: the memory job needs seconds to pass the cap
    timeoutMs: 5000,
    heapMb: 64,
    rssCapMb: 250,
  });
  beforeAll(async () => {
    expect((await supervisor.run('first')).result).toBe('done first');
  });
  afterAll(() => supervisor.close());

  it.each([
    ['uncaught', 'crash', /uncaught exception: Error: thrown from a callback/],
    ['signal', 'crash', /SIGSEGV/],
    ['spin', 'hang', /event loop blocked/],
    ['never', 'hang', /made no progress with the event loop free/],
    ['heap', 'memory', /heap|resident/],
    ['outside-heap', 'memory', /resident memory \d+ MB above the 250 MB cap/],
  ])('classes a job that ends with %s as %s, with its stage and notes, and runs the next job in a fresh child', async (job, kind, detail) => {
    const starts = supervisor.starts;
    const r = await supervisor.run(job);
    expect(r.failure).toMatchObject({ kind, stage: job });
    expect(r.failure!.detail).toMatch(detail);
    expect(r.notes).toEqual([`entered ${job}`]);
    expect((await supervisor.run('fine')).result).toBe('done fine');
    expect(supervisor.starts).toBe(starts + 1);
  });

  it('names mutants reproducibly: the same id gives the same bytes and description', () => {
    const seed = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff);
    for (let i = 0; i < 50; i++) {
      const a = mutant('x.arrow', 'arrow', seed, i);
      const b = mutant('x.arrow', 'arrow', seed, i);
      expect([a.description, Buffer.from(a.bytes).equals(Buffer.from(b.bytes))]).toEqual([b.description, true]);
    }
    expect(seed.every((v, i) => v === ((i * 31) & 0xff))).toBe(true); // the seed itself is never changed
  });
});
