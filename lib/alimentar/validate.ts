/** Argument checks of alimentar's public entry points: the shared checks (lib/common/validate) with its codes. */
import { validators } from '../common/validate';
import { argumentError } from './errors';

/**
 * expectCount (non-negative integers: counts, sizes, seeds), expectString (non-empty), expectStrings (column names),
 * expectOptions, expectRecord, expectOneOf and expectFraction (strictly between 0 and 1), throwing `ERR_ALIMENTAR_TYPE` /
 * `ERR_ALIMENTAR_RANGE`.
 */
export const { expectCount, expectString, expectStrings, expectOptions, expectRecord, expectOneOf, expectFraction } = validators(argumentError);
