/**
 * A writer to be killed (SIGKILL) at a chosen point, run as a child process by test/helpers/kill.ts. It prints
 * `ready` on stdout when it reaches the point and then hangs, holding whatever it holds there, until killed.
 *
 * Modes:
 * - `push <registry> <file> <name> <stage>`: a registry push that stops at the rename that would finish writing the
 *   data (`data`), the manifest (`manifest`) or index.json (`index`, i.e. after the commit, holding the index lock);
 * - `lock <lockPath>`: takes the lock file and hangs holding it;
 * - `write <dest>`: an atomic write that has written some bytes and hangs before finishing.
 */
import { promises as fsp } from 'node:fs';
import { atomicWrite } from '../../lib/alimentar/io';
import { Registry } from '../../lib/alimentar/registry/registry';
import { withLockFile } from '../../lib/alimentar/storage/lock-file';

const hang = (): Promise<never> => {
  process.stdout.write('ready\n');
  return new Promise(() => setInterval(() => undefined, 1 << 30));
};

const STAGES: Record<string, RegExp> = { data: /[\\/]datasets[\\/]/, manifest: /[\\/]manifests[\\/]/, index: /[\\/]index\.json$/ };

async function main([mode, ...args]: string[]): Promise<void> {
  if (mode === 'push') {
    const [registry, file, name, stage] = args;
    const rename = fsp.rename.bind(fsp);
    fsp.rename = (async (from: string, to: string) => (STAGES[stage].test(String(to)) ? hang() : rename(from, to))) as typeof fsp.rename;
    await Registry.open(registry).push(file, { name });
  } else if (mode === 'lock') {
    await withLockFile(args[0], hang);
  } else if (mode === 'write') {
    await atomicWrite(args[0], (async function* chunks() {
      yield new Uint8Array(4096).fill(7);
      await hang();
    })());
  }
  throw new Error(`killable-writer: unknown mode ${mode}`);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
