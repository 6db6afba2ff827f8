/** The classification report: per-class precision, recall, F1 and support, then the averages (sklearn's layout). */
import { describe, rangeError, typeError } from '../errors';
import { precisionRecallFscoreSupport, type ZeroDivision } from './classification';
import { classPair, labelList, type Label } from './inputs';

/** One row of the report. */
export interface ReportRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** The report as an object: a row per class name and per average; `accuracy` is a number when micro = accuracy. */
export type ReportDict = Record<string, ReportRow | number>;

/** Options of classificationReport. */
export interface ReportOptions {
  /** The classes to report and their order (default: every label seen, sorted). */
  labels?: readonly Label[];
  /** Display names of the labels, same length. */
  targetNames?: readonly string[];
  /** One weight per sample. */
  sampleWeight?: unknown;
  /** Decimals in the text (default 2). */
  digits?: number;
  /** The value of an undefined score (default 'warn', which gives 0). */
  zeroDivision?: ZeroDivision;
}

/** Python's str() of a support value: integers as they are, weighted (float) sums as Python floats print. */
function pyNumber(v: number, weighted: boolean): string {
  if (!weighted) return String(v);
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** Python's '{:.Nf}' (nan prints as 'nan'). */
function fixed(v: number, digits: number): string {
  return Number.isNaN(v) ? 'nan' : v.toFixed(digits);
}

/**
 * Builds a text report of the main classification metrics, formatted exactly as scikit-learn's
 * classification_report, or the same figures as an object.
 * @param yTrue - true labels
 * @param yPred - predicted labels
 * @param options - labels, targetNames, sampleWeight, digits, zeroDivision; outputDict: true gives the object
 * @returns the text, or the object for outputDict
 * @throws TypeError / RangeError for bad input or targetNames of the wrong length
 * @example console.log(classificationReport(yTest, clf.predict(XTest)));
 */
export function classificationReport(yTrue: unknown, yPred: unknown, options?: ReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: unknown, yPred: unknown, options: ReportOptions & { outputDict: true }): ReportDict;
export function classificationReport(yTrue: unknown, yPred: unknown, options: ReportOptions & { outputDict?: boolean } = {}): string | ReportDict {
  const pair = classPair(yTrue, yPred);
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw rangeError(`Expected an integer >= 0 for digits but received ${describe(digits)}`);
  const given = options.labels !== undefined && options.labels !== null;
  const labels = given ? labelList(options.labels, typeof pair.labels[0] === 'string' ? 'string' : 'number') : pair.labels;
  const microIsAccuracy = !given || pair.labels.every((l) => labels.includes(l));
  let names = labels.map(String);
  if (options.targetNames !== undefined && options.targetNames !== null) {
    if (!Array.isArray(options.targetNames) || options.targetNames.some((s) => typeof s !== 'string')) {
      throw typeError(`Expected an array of strings for targetNames but received ${describe(options.targetNames)}`);
    }
    if (options.targetNames.length !== labels.length) {
      throw rangeError(`Expected ${labels.length} targetNames (one per label) but received ${options.targetNames.length}; give the labels option to report a subset`);
    }
    names = [...options.targetNames];
  }
  const common = { labels, sampleWeight: options.sampleWeight, zeroDivision: options.zeroDivision };
  const per = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: null });
  const total = per.support.reduce((a, b) => a + b, 0);
  const averages = (['micro', 'macro', 'weighted'] as const).map((average) => {
    const a = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average });
    const heading = average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`;
    return { heading, row: { precision: a.precision, recall: a.recall, 'f1-score': a.fscore, support: total } };
  });
  if (options.outputDict === true) {
    const out: ReportDict = {};
    names.forEach((name, i) => {
      out[name] = { precision: per.precision[i], recall: per.recall[i], 'f1-score': per.fscore[i], support: per.support[i] };
    });
    for (const { heading, row } of averages) out[heading] = heading === 'accuracy' ? row.precision : row;
    return out;
  }
  const weighted = options.sampleWeight !== undefined && options.sampleWeight !== null;
  const width = Math.max(...names.map((s) => s.length), 'weighted avg'.length, digits);
  const cell = (s: string) => s.padStart(9);
  const line = (name: string, p: string, r: string, f: string, s: string) => `${name.padStart(width)}  ${cell(p)} ${cell(r)} ${cell(f)} ${cell(s)}\n`;
  let text = `${''.padStart(width)}  ${['precision', 'recall', 'f1-score', 'support'].map(cell).join(' ')}\n\n`;
  names.forEach((name, i) => {
    text += line(name, fixed(per.precision[i], digits), fixed(per.recall[i], digits), fixed(per.fscore[i], digits), pyNumber(per.support[i], weighted));
  });
  text += '\n';
  for (const { heading, row } of averages) {
    const [p, r] = heading === 'accuracy' ? ['', ''] : [fixed(row.precision, digits), fixed(row.recall, digits)];
    text += line(heading, p, r, fixed(row['f1-score'], digits), pyNumber(total, weighted));
  }
  return text;
}
