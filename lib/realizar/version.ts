/** The version realizar reports (v2 server metadata): the package's. */
import { packageVersion } from '../cli/shared/program';

/** The package's version. */
export const HTTP_ROUTES_VERSION: string = packageVersion();
