import { describe, expect, it } from 'vitest';
import {
  checkServeConfig,
  describeOptions,
  optionSpecs,
  parseConfig,
  serveOptions,
  type ServeConfig,
} from './config.js';

describe('configuration', () => {
  it('takes defaults, then the environment, then flags', () => {
    const result = parseConfig(serveOptions, ['--port', '9001'], {
      MOTCUA_ROLE: 'commune',
      MOTCUA_UNIT: '20242',
      MOTCUA_PORT: '9000',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      role: 'commune',
      unit: '20242',
      port: 9001,
      data: './data',
      host: '127.0.0.1',
      bodyLimit: 1048576,
      secureCookies: false,
      sessionHours: 12,
      logLevel: 'info',
    });
    expect(result.config.databaseUrl).toBeUndefined();
  });

  it('reports every problem at once', () => {
    const result = parseConfig(
      serveOptions,
      [
        '--port',
        '70000',
        '--role',
        'district',
        '--secure-cookies',
        'maybe',
        '--database-url',
        'mysql://x',
      ],
      {},
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        '--role="district": expected commune or province',
        '--unit (or MOTCUA_UNIT) is required: ' + optionSpecs.unit.description,
        '--port="70000": Too big: expected number to be <=65535',
        '--database-url="mysql://x": expected a postgres:// or postgresql:// URL',
        '--secure-cookies="maybe": expected true or false',
      ],
    });
  });

  it('refuses unknown flags', () => {
    const result = parseConfig(serveOptions, ['--prot', '80'], {
      MOTCUA_ROLE: 'province',
      MOTCUA_UNIT: '48',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toContain("Unknown option '--prot'");
  });

  it('checks the unit against the role and the reference data', () => {
    const base = {
      data: '.',
      port: 1,
      host: 'h',
      logLevel: 'info',
      bodyLimit: 1024,
      secureCookies: false,
      sessionHours: 1,
      cookieSecret: undefined,
      publicUrl: undefined,
      trackLookupsPerMinute: 20,
      hubUrl: undefined,
      portalUrl: undefined,
      enrolmentToken: undefined,
      syncIdleSeconds: 5,
      notifyPhoneChannel: 'sms',
    } as const;
    const known = (code: string) => ['48', '20242'].includes(code);
    const check = (c: Partial<ServeConfig>) =>
      checkServeConfig(
        { ...base, role: 'commune', unit: '20242', databaseUrl: undefined, ...c },
        known,
      );
    expect(check({})).toEqual([]);
    expect(check({ role: 'province', unit: '48' })).toEqual([]);
    expect(check({ unit: '48' })).toEqual([
      '--unit=48: a commune node needs a 5-digit commune code',
    ]);
    expect(check({ unit: '99999' })).toEqual([
      '--unit=99999: no administrative unit has this code',
    ]);
    expect(check({ databaseUrl: 'postgres://h/db' })[0]).toMatch(
      /^--database-url: a commune node keeps its data in SQLite/,
    );
  });

  it('documents every option with its environment variable and default', () => {
    const text = describeOptions(serveOptions);
    for (const name of serveOptions) {
      expect(text).toContain(`--${optionSpecs[name].flag} `);
      expect(text).toContain(optionSpecs[name].env);
    }
    expect(text).toContain('default 8080');
  });
});
