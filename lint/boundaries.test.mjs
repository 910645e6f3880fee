// Each architecture rule still fails its fixture (lint/fixtures/*.ts, each linted as the file
// named in its first line): a rule that silently stops matching fails here. Also checks that
// the files a rule must allow pass (a module's own files, the public entries).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaryConfig } from '../eslint.config.js';

const root = path.resolve(import.meta.dirname, '..');
// Only the architecture's rules, with the TypeScript parser (no type information needed).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...boundaryConfig],
});

async function lintAs(filePath, code) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages;
}

const fixtures = readdirSync(path.join(import.meta.dirname, 'fixtures')).filter((file) => file.endsWith('.ts'));

describe('architecture lint rules', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(10));

  it.each(fixtures)('%s fails lint', async (fixture) => {
    const code = readFileSync(path.join(import.meta.dirname, 'fixtures', fixture), 'utf8');
    const lintAsPath = /^\/\/ lint-as: (\S+)/m.exec(code)?.[1];
    const expectedRule = /^\/\/ expects: (\S+)/m.exec(code)?.[1];
    expect(lintAsPath && expectedRule).toBeTruthy();
    const messages = await lintAs(lintAsPath, code);
    expect(messages.map((message) => message.ruleId)).toContain(expectedRule);
  });

  it.each([
    [
      'apps/server/src/modules/hub/incident/fixture.ts',
      "import { fileReports } from './filing.js';\nexport const own = fileReports;\n",
    ],
    [
      'apps/server/src/modules/hub/intake/fixture.ts',
      "import { incidentModule } from '../incident/index.js';\nimport { extractReportObservables } from '../incident/pure.js';\nexport const allowed = [incidentModule, extractReportObservables];\n",
    ],
    [
      'apps/server/src/modules/range/dataset/fixture.ts',
      "import { AppError } from '../../../platform/index.js';\nimport { searchWords } from '../../../platform/pure.js';\nexport const allowed = [AppError, searchWords];\n",
    ],
    [
      'apps/server/src/modules/core/notice/notice.repository.ts',
      "import type { Db } from '../../../platform/index.js';\nexport const all = (db: Db) => db.selectFrom('notice').selectAll().execute();\n",
    ],
    [
      'apps/server/src/runtime.ts',
      "import { createWorkspace } from './modules/core/admin/admin.service.js';\nexport const root = createWorkspace;\n",
    ],
  ])('allows %s', async (filePath, code) => {
    expect(await lintAs(filePath, code)).toEqual([]);
  });
});
