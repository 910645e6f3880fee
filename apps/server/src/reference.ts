/**
 * Reference pages generated from the modules: docs/reference/errors.md (every error code with
 * its HTTP status and Japanese and English message, by module). `npm run reference` writes
 * them; a test fails when a page is out of date.
 * @module
 */
import { platformErrors, type ErrorCatalogue } from '@renkei/contracts';
import { MODULES } from './modules/index.js';

function catalogueTable(catalogue: ErrorCatalogue): string[] {
  const rows = Object.entries(catalogue).map(
    ([code, { status, ja, en }]) => `| \`${code}\` | ${status} | ${ja} | ${en} |`,
  );
  return ['| code | HTTP status | 日本語 | English |', '| --- | --- | --- | --- |', ...rows];
}

export function renderErrorReference(): string {
  const lines = [
    '# Error codes',
    '',
    'Generated from the error catalogues (`packages/contracts/src/errors/`) by `npm run reference`; do not edit by hand.',
    'Every error response of the API is an RFC 9457 problem (`application/problem+json`) whose `code` is one of these;',
    "the web app shows the message in the reader's language. A module names its codes `MODULE_REASON` (e.g. `INCIDENT_NOT_FOUND`).",
    '',
    '## platform',
    '',
    ...catalogueTable(platformErrors),
  ];
  for (const module of MODULES) {
    if (!module.errors || Object.keys(module.errors).length === 0) continue;
    lines.push('', `## ${module.name}`, '', ...catalogueTable(module.errors));
  }
  return `${lines.join('\n')}\n`;
}
