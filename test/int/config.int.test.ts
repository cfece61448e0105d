/**
 * Configuration: zero-config defaults, a config file validated against
 * schemas/config.schema.json with errors naming the file, the key and what is
 * expected, and the environment overrides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../engine/config/load.ts';
import { MyriadError } from '../../engine/errors.ts';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'myriad-config-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('zero-config: telnet 4000, HTTP 4001, PGlite in ./data, rooms and social', () => {
  withDir((dir) => {
    const c = loadConfig({ cwd: dir, env: {} });
    assert.equal(c.configFile, null);
    assert.equal(c.telnet.port, 4000);
    assert.equal(c.http.port, 4001);
    assert.equal(c.storage.dataDir, join(dir, 'data'));
    assert.equal(c.storage.databaseUrl, null);
    assert.ok(c.packs.enabled.includes('rooms') && c.packs.enabled.includes('social'));
  });
});

test('environment overrides ports, data dir and DATABASE_URL', () => {
  withDir((dir) => {
    const c = loadConfig({ cwd: dir, env: { MYRIAD_TELNET_PORT: '5000', MYRIAD_HTTP_PORT: '5001', MYRIAD_DATA_DIR: 'elsewhere', DATABASE_URL: 'postgres://u@h/db' } });
    assert.equal(c.telnet.port, 5000);
    assert.equal(c.http.port, 5001);
    assert.equal(c.storage.dataDir, join(dir, 'elsewhere'));
    assert.equal(c.storage.databaseUrl, 'postgres://u@h/db');
  });
});

test('a bad environment value names the variable', () => {
  withDir((dir) => {
    assert.throws(
      () => loadConfig({ cwd: dir, env: { MYRIAD_TELNET_PORT: 'telnet' } }),
      (e: unknown) => {
        assert.ok(e instanceof MyriadError);
        assert.equal(e.code, 'CONFIG_ENV_INVALID');
        assert.match(e.message, /MYRIAD_TELNET_PORT=telnet must be a port number/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ cwd: dir, env: { DATABASE_URL: 'mysql://x' } }), /DATABASE_URL.*postgres:\/\//);
  });
});

test('./myriad.json is picked up and merged over the defaults', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'myriad.json'), JSON.stringify({ server: { name: 'Emberford' }, telnet: { port: 4100 } }));
    const c = loadConfig({ cwd: dir, env: {} });
    assert.equal(c.configFile, join(dir, 'myriad.json'));
    assert.equal(c.server.name, 'Emberford');
    assert.equal(c.telnet.port, 4100);
    assert.equal(c.telnet.maxLineBytes, 8192, 'unset keys keep their defaults');
  });
});

test('a misspelt key stops start-up naming the file, the key and the likely fix', () => {
  withDir((dir) => {
    const file = join(dir, 'server.json');
    writeFileSync(file, JSON.stringify({ telnet: { prot: 4000 } }));
    assert.throws(
      () => loadConfig({ cwd: dir, env: {}, file }),
      (e: unknown) => {
        assert.ok(e instanceof MyriadError);
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.ok(e.message.startsWith(file), e.message);
        assert.match(e.message, /telnet\.prot is not a known setting — did you mean "port"\?/);
        return true;
      },
    );
  });
});

test('a wrong value names the key and what is expected', () => {
  withDir((dir) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ http: { port: 'eighty' }, world: { tickHz: 1000 } }));
    assert.throws(
      () => loadConfig({ cwd: dir, env: {}, file }),
      (e: unknown) => {
        assert.ok(e instanceof MyriadError);
        assert.match(e.message, /http\.port must be integer/);
        assert.match(e.message, /world\.tickHz must be <= 100/);
        return true;
      },
    );
  });
});

test('a config file that is not JSON says so', () => {
  withDir((dir) => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "telnet": { "port": 4000, } }');
    assert.throws(() => loadConfig({ cwd: dir, env: {}, file }), /cannot read config file .*broken\.json: not valid JSON/);
    assert.throws(() => loadConfig({ cwd: dir, env: {}, file: join(dir, 'missing.json') }), /cannot read config file .*missing\.json: ENOENT/);
  });
});

test('server.mssp takes the MSSP specification names and refuses others and bad values', () => {
  withDir((dir) => {
    const file = join(dir, 'mssp.json');
    writeFileSync(file, JSON.stringify({ server: { mssp: { CONTACT: 'ops@example.org', DISCORD: 'https://discord.gg/x', GENRE: 'Fantasy', STATUS: 'Open Beta', CREATED: 2026, 'MINIMUM AGE': 13 } } }));
    const c = loadConfig({ cwd: dir, env: {}, file });
    assert.equal(c.server.mssp['CONTACT'], 'ops@example.org');
    assert.equal(c.server.mssp['MINIMUM AGE'], 13);
    writeFileSync(file, JSON.stringify({ server: { mssp: { PLAYERS: 999, STATUS: 'Forever', CONTACT: 'a\u0001b' } } }));
    assert.throws(
      () => loadConfig({ cwd: dir, env: {}, file }),
      (e: unknown) => {
        assert.ok(e instanceof MyriadError);
        assert.match(e.message, /server\.mssp\.PLAYERS is not a known setting/);
        assert.match(e.message, /server\.mssp\.STATUS/);
        assert.match(e.message, /server\.mssp\.CONTACT/);
        return true;
      },
    );
  });
});
