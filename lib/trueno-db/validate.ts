/** trueno-db's argument checks (lib/common/validate bound to its codes): options refuse keys they do not know. */
import { validators } from '../common/validate';
import { argumentError } from './errors';

export const { expectOptions } = validators(argumentError);
