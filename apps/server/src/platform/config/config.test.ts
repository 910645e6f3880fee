import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConfigSection } from './config-section.js';
import { ConfigError, isPostgresConfig, loadConfig } from './config.js';

const mailSection = defineConfigSection(
  'hub/mail',
  z.object({ mailPort: z.coerce.number().int().default(25), mailHost: z.string().default('localhost') }),
  { RENKEI_MAIL_PORT: 'mailPort' },
);

describe('configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toMatch(/\/data$/);
    expect(isPostgresConfig(config)).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads PORT, RENKEI_DATA_DIR and DATABASE_URL from the environment', () => {
    const config = loadConfig({ PORT: '9090', RENKEI_DATA_DIR: '/tmp/renkei-x', DATABASE_URL: 'postgres://u@h/db' });
    expect(config).toMatchObject({ port: 9090, dataDir: '/tmp/renkei-x', databaseUrl: 'postgres://u@h/db' });
    expect(isPostgresConfig(config)).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect((error as Error).message).toContain('port');
      expect((error as Error).message).toContain('logLevel');
    }
  });

  it('rejects a short admin password', () => {
    expect(() => loadConfig({ RENKEI_ADMIN_PASSWORD: 'short' })).toThrow(/adminPassword/);
  });

  it("gives each module's section its keys from the environment, a config file (flat or nested) and overrides", () => {
    expect(mailSection.of(loadConfig({}, {}, [mailSection]))).toEqual({ mailPort: 25, mailHost: 'localhost' });
    expect(mailSection.of(loadConfig({ RENKEI_MAIL_PORT: '2525' }, {}, [mailSection])).mailPort).toBe(2525);
    expect(mailSection.of(loadConfig({}, { mailHost: 'mx' }, [mailSection])).mailHost).toBe('mx');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'renkei-config-')), 'renkei.json');
    writeFileSync(file, JSON.stringify({ port: 9000, 'hub/mail': { mailPort: 587 } }));
    const fromFile = loadConfig({ RENKEI_CONFIG: file }, {}, [mailSection]);
    expect(fromFile.port).toBe(9000);
    expect(mailSection.of(fromFile)).toEqual({ mailPort: 587, mailHost: 'localhost' });
  });

  it("names the module in a section's problems, and refuses a key declared twice", () => {
    expect(() => loadConfig({ RENKEI_MAIL_PORT: 'x' }, {}, [mailSection])).toThrow(/hub\/mail: mailPort/);
    const clash = defineConfigSection('hub/other', z.object({ port: z.number().default(1) }), {});
    expect(() => loadConfig({}, {}, [clash])).toThrow(/port of hub\/other is declared twice/);
  });

  it('refuses to read a section that was not loaded', () => {
    expect(() => mailSection.of(loadConfig({}))).toThrow(/hub\/mail was not loaded/);
  });
});
