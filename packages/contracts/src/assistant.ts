/** The Range assistant's defences (R6), as the API and the web app name them. */

/** The defence switches, in the order the UI lists them (each described in the server's defences.ts). */
export const DEFENCES = [
  'inputFilter',
  'spotlighting',
  'hardenedPrompt',
  'outputFilter',
  'provenance',
  'leastPrivilege',
  'approval',
  'budgets',
  'artifactPinning',
] as const;
export type Defence = (typeof DEFENCES)[number];
export type DefenceSettings = Record<Defence, boolean>;

/** Every defence off: the baseline a measurement compares against. */
export const NO_DEFENCES: DefenceSettings = Object.fromEntries(DEFENCES.map((d) => [d, false])) as DefenceSettings;
