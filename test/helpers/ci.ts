/** Whether this run is CI, where a missing tool must fail the tests that need it instead of skipping them. */

/**
 * @param env - the environment (`CI`, as every CI system sets it)
 * @returns true when CI is set to anything but '', '0' or 'false'
 */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}
