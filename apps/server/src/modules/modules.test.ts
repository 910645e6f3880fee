/** The module list keeps the contract: one folder per module, unique names, routes, errors and config keys that do not collide. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, platformErrors } from '@renkei/contracts';
import { describe, expect, it } from 'vitest';
import { renderErrorReference } from '../reference.js';
import { loadRenkeiConfig } from '../runtime.js';
import { MODULES } from './index.js';

describe('module list', () => {
  it('names each module after its folder, once', () => {
    const names = MODULES.map((module) => module.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^(core|hub|range)\/[a-z][a-z-]*$/);
      expect(existsSync(path.join(import.meta.dirname, name, 'index.ts')), name).toBe(true);
    }
  });

  it('declares every error code in exactly one catalogue, and the API knows each', () => {
    const declared = [Object.keys(platformErrors), ...MODULES.map((module) => Object.keys(module.errors ?? {}))].flat();
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('gives each configuration key to one section, and loads every section', () => {
    const config = loadRenkeiConfig({});
    for (const module of MODULES)
      if (module.config) expect(config.sections[module.config.name], module.name).toBeDefined();
    // A module's variable sets its own section's key.
    expect(loadRenkeiConfig({ RENKEI_SMTP_PORT: '2626' }).sections['hub/intake']).toMatchObject({ smtpPort: 2626 });
  });

  it('has an up-to-date docs/reference/errors.md (npm run reference)', () => {
    const file = path.resolve(import.meta.dirname, '../../../../docs/reference/errors.md');
    expect(readFileSync(file, 'utf8')).toBe(renderErrorReference());
  });
});
