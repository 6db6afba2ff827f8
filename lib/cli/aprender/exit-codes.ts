/**
 * Exit codes of the `aprender` CLI (the numbers shared by every program: ../shared/exit-codes), documented in
 * `aprender --help`. Data reaches aprender through alimentar, so its file errors keep their meaning here.
 */
import { EXIT, exitCodesFrom, exitHelp, FILE_EXIT_CODES, MODEL_FILE_EXIT_CODES } from '../shared/exit-codes';

export { EXIT };

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export const exitCodeOf = exitCodesFrom({
  ...FILE_EXIT_CODES,
  ERR_APRENDER_PARAM: EXIT.USAGE,
  ERR_APRENDER_CLI_DATA: EXIT.DATA,
  // argument errors of an estimator: the command line's values are checked before, so it is the data it refused
  ERR_APRENDER_TYPE: EXIT.DATA,
  ERR_APRENDER_RANGE: EXIT.DATA,
  ERR_APRENDER_FEATURES: EXIT.DATA,
  ERR_APRENDER_NUMERIC: EXIT.DATA,
  ERR_APRENDER_NOT_FITTED: EXIT.DATA,
  ERR_ALIMENTAR_IO: EXIT.DATA,
  ...MODEL_FILE_EXIT_CODES,
  // a model ONNX cannot express (a class without a converter, a fitted option it has no operator for)
  ERR_APRENDER_ONNX_UNSUPPORTED: EXIT.DATA,
  ERR_APRENDER_ONNX_OPTION: EXIT.DATA,
});

/** The table for `--help`. */
export const EXIT_HELP = exitHelp([
  [EXIT.OK, 'success'],
  [EXIT.USAGE, 'usage: bad command line, unknown model or parameter, bad parameter value or --param syntax, unusable key'],
  [EXIT.NOT_FOUND, 'not found: the data or model file does not exist'],
  [EXIT.DATA, 'data error: unreadable or damaged data or model file (checksum), missing or non-numeric column, data the model refuses'],
  [EXIT.STORAGE, 'storage error: the output could not be written'],
  [EXIT.VERIFY, 'verification failed: the model file is unsigned or not signed by the given --public-key'],
  [EXIT.INTERNAL, 'internal error (a bug)'],
]);
