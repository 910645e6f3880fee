import { describe, expect, it } from 'vitest';
import { ConfigError, isPostgresConfig, loadConfig } from './config.js';

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
});
