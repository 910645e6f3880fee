/**
 * Refanging: undoes the ways people "defang" indicators so that nobody clicks them —
 * `hxxp://`, `example[.]com`, `1.2.3(.)4`, `user[@]host`, `[:]//`, `[dot]`, full-width `．`.
 * ioc-extractor refangs the common forms; this adds the ones seen in Japanese reports
 * (full-width punctuation, `[ドット]`) and bracket variants it misses.
 * @module
 */

const RULES: [RegExp, string][] = [
  // Schemes: hxxp, hXXps, h**p, hxxxp, fxp.
  [/\bh(?:xx|XX|\*\*|xxx|tt)p(s?)(\[?:\]?|:)\/\//g, 'http$1://'],
  [/\bh(?:xx|XX|\*\*)p(s?)\b/g, 'http$1'],
  [/\bfxp:\/\//gi, 'ftp://'],
  [/\[:\/\/\]/g, '://'],
  [/\[:\]/g, ':'],
  // Dots: [.] (.) {.} [dot] (dot) {dot} [ドット] and spaced " . ".
  [/\s?[[({]\s?(?:\.|dot|DOT|ドット)\s?[\])}]\s?/g, '.'],
  // At signs: [@] (@) [at] (at) {at}.
  [/\s?[[({]\s?(?:@|at|AT)\s?[\])}]\s?/g, '@'],
  // Slashes written as [/].
  [/\[\/\]/g, '/'],
];

/** Returns `text` with defanged indicators restored (and full-width forms made ASCII by NFKC). */
export function refang(text: string): string {
  let result = text.normalize('NFKC');
  for (const [pattern, replacement] of RULES) result = result.replace(pattern, replacement);
  return result;
}

/** The safe, defanged form used when an indicator is shown in a message (e.g. a takedown request). */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]').replace(/@/g, '[@]');
}
