// wink-naive-bayes-text-classifier ships no types; only what Renkei calls.
declare module 'wink-naive-bayes-text-classifier' {
  interface NaiveBayesTextClassifier {
    /** Preparation tasks from input to tokens (Renkei gives tokens already). */
    definePrepTasks(tasks: ((input: string[]) => string[])[]): number;
    defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    learn(tokens: string[], label: string): boolean;
    consolidate(): boolean;
    /** [label, log2 odds of the label against the others], highest first. */
    computeOdds(tokens: string[]): [string, number][];
  }
  function naiveBayesTextClassifier(): NaiveBayesTextClassifier;
  export default naiveBayesTextClassifier;
}
