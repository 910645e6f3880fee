/**
 * The input filter's classifier (R6: "rules plus a classifier"): naive Bayes (wink's text
 * classifier) over character bigrams and trigrams of the folded text — character n-grams need no
 * Japanese tokeniser and see through full-width and look-alike letters once folded. Learnt at
 * first use from the project's labelled examples and the built-in procedures (benign: a
 * procedure must never be dropped as an injection). Pure: no I/O.
 * @module
 */
import { createRequire } from 'node:module';
import { BUILTIN_DOCUMENTS, chunkText } from '../knowledge/index.js';
import { foldForRules, injectionRules } from './defences.js';
import { TRAINING, type LabelledText } from './injection-corpus.js';

/** The part of wink-naive-bayes-text-classifier Renkei calls (the package ships no types). */
interface NaiveBayesTextClassifier {
  definePrepTasks(tasks: ((input: string[]) => string[])[]): number;
  defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
  learn(tokens: string[], label: string): boolean;
  consolidate(): boolean;
  /** [label, log2 odds of the label against the others], highest first. */
  computeOdds(tokens: string[]): [string, number][];
}
// A CommonJS package without types: required and typed here rather than by an ambient
// declaration every TypeScript project that reaches this file would have to include.
const naiveBayesTextClassifier = createRequire(import.meta.url)(
  'wink-naive-bayes-text-classifier',
) as () => NaiveBayesTextClassifier;

/** Probability above which a text is taken for an injection (false positives cost utility). */
export const INJECTION_THRESHOLD = 0.9;

/** The character 2- and 3-grams of a text as a model reads it (folded, lower case, spaces collapsed). */
export function characterGrams(text: string): string[] {
  const folded = [...foldForRules(text).toLowerCase().replace(/\s+/gu, ' ').trim()];
  const grams: string[] = [];
  for (let i = 0; i < folded.length; i += 1) {
    if (i + 2 <= folded.length) grams.push(folded.slice(i, i + 2).join(''));
    if (i + 3 <= folded.length) grams.push(folded.slice(i, i + 3).join(''));
  }
  return grams;
}

export interface InjectionClassifier {
  /** The probability that a text is a prompt injection. */
  probability(text: string): number;
}

/** Learns a classifier from labelled examples. */
export function trainInjectionClassifier(examples: readonly LabelledText[]): InjectionClassifier {
  const classifier = naiveBayesTextClassifier();
  classifier.definePrepTasks([(tokens) => tokens]);
  classifier.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  for (const example of examples) classifier.learn(characterGrams(example.text), example.label);
  classifier.consolidate();
  return {
    probability(text) {
      const grams = characterGrams(text);
      if (grams.length === 0) return 0;
      const odds = classifier.computeOdds(grams).find(([label]) => label === 'injection')?.[1] ?? 0;
      // computeOdds gives log2 of P(injection) / P(benign).
      return 1 / (1 + 2 ** -odds);
    },
  };
}

let shared: InjectionClassifier | undefined;

/** The classifier the input filter uses (learnt once per process). */
export function injectionClassifier(): InjectionClassifier {
  shared ??= trainInjectionClassifier([
    ...TRAINING,
    ...BUILTIN_DOCUMENTS.flatMap((doc) => chunkText(doc.body).map((text) => ({ text, label: 'benign' as const }))),
  ]);
  return shared;
}

/** What the input filter finds in a text: the rules it trips and, above the threshold, the classifier. */
export function injectionFindings(text: string): string[] {
  const found = injectionRules(text);
  const probability = injectionClassifier().probability(text);
  if (probability >= INJECTION_THRESHOLD) found.push(`classifier ${probability.toFixed(2)}`);
  return found;
}
