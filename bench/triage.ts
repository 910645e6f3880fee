/**
 * Triage rules measured: precision and recall of the suggested national category per category,
 * and how often a report is (wrongly) suggested as an ICS incident.
 *
 *   npm run bench -- triage                             the labelled set in bench/triage-corpus.ts
 *   BENCH_TRIAGE_DIR=DIR npm run bench -- triage        DIR/<category>/*.eml (or .txt): real mail,
 *                                                       labelled by its folder (e.g. a phishing
 *                                                       corpus under DIR/phishing_site)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { NATIONAL_CATEGORIES, nationalCategory, type NationalCategory } from '@renkei/contracts';
import { builtModule } from './built-server.js';
import { TRIAGE_CORPUS } from './triage-corpus.js';

const { suggestTriage } = await builtModule<typeof import('../apps/server/src/modules/hub/incident/triage-rules.js')>(
  'modules/hub/incident/triage-rules.js',
);
const { parseReportMail } =
  await builtModule<typeof import('../apps/server/src/modules/hub/intake/index.js')>('modules/hub/intake/index.js');

async function labelled(): Promise<{ label: NationalCategory; text: string }[]> {
  const dir = process.env['BENCH_TRIAGE_DIR'];
  if (!dir)
    return Object.entries(TRIAGE_CORPUS).flatMap(([label, texts]) =>
      texts.map((text) => ({ label: label as NationalCategory, text })),
    );
  const items: { label: NationalCategory; text: string }[] = [];
  for (const label of readdirSync(dir)) {
    if (!(NATIONAL_CATEGORIES as readonly string[]).includes(label) || !statSync(path.join(dir, label)).isDirectory())
      continue;
    for (const file of readdirSync(path.join(dir, label))) {
      const raw = readFileSync(path.join(dir, label, file));
      if (file.endsWith('.txt')) items.push({ label: label as NationalCategory, text: raw.toString('utf8') });
      else if (file.endsWith('.eml')) {
        try {
          const mail = await parseReportMail(raw);
          items.push({ label: label as NationalCategory, text: `${mail.subject}\n${mail.text}` });
        } catch {
          // Not mail: nothing to triage.
        }
      }
    }
  }
  return items;
}

const items = await labelled();
const predicted = new Map<string, number>();
const actual = new Map<string, number>();
const correct = new Map<string, number>();
let ics = 0;
for (const { label, text } of items) {
  const suggestion = suggestTriage(text);
  const category = nationalCategory(suggestion);
  predicted.set(category, (predicted.get(category) ?? 0) + 1);
  actual.set(label, (actual.get(label) ?? 0) + 1);
  if (category === label) correct.set(label, (correct.get(label) ?? 0) + 1);
  if (suggestion.isIcs && label !== 'ics') ics += 1;
}
const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : ((100 * part) / whole).toFixed(1));
console.log(`triage.reports: ${items.length} reports`);
for (const category of NATIONAL_CATEGORIES) {
  if (!predicted.has(category) && !actual.has(category)) continue;
  console.log(`triage.precision_${category}: ${percent(correct.get(category) ?? 0, predicted.get(category) ?? 0)} %`);
  console.log(`triage.recall_${category}: ${percent(correct.get(category) ?? 0, actual.get(category) ?? 0)} %`);
}
console.log(`triage.ics_false_positives: ${ics} reports (${percent(ics, items.length)} %)`);
