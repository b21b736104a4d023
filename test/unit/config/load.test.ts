import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnvFile, resolveProfile } from '../../../src/config/load.js';

describe('loadConfig', () => {
  it("uses the specs' defaults when nothing is set", () => {
    const c = loadConfig({});
    expect(c.ingestorPort).toBe(8080);
    expect(c.ingestorMetricsPort).toBe(9090);
    expect(c.alerterHealthPort).toBe(8081);
    expect(c.alerterMetricsPort).toBe(9091);
    expect(c.forwarderHealthPort).toBe(8082);
    expect(c.forwarderMetricsPort).toBe(9092);
    expect(c.remediationHealthPort).toBe(8087);
    expect(c.remediationMetricsPort).toBe(8086);
    expect(c.webuiPort).toBe(8090);
    expect(c.ingestQueueCap).toBe(1_000_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('accepts aliases and lets the canonical name win', () => {
    expect(loadConfig({ MAX_INGEST_QUEUE_SIZE: '5000' }).ingestQueueCap).toBe(5000);
    expect(loadConfig({ MAX_INGEST_QUEUE_SIZE: '5000', INGEST_QUEUE_CAP: '7000' }).ingestQueueCap).toBe(7000);
    expect(loadConfig({ SERVER_PORT_INGESTOR: '18080' }).ingestorPort).toBe(18080);
  });

  it('reports every invalid variable by name at once', () => {
    let caught: unknown;
    try {
      loadConfig({ INGESTOR_PORT: '70000', INGEST_QUEUE_CAP: '10', LOG_LEVEL: 'LOUD' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({ code: 'MUTT_CONFIG_INVALID', exitCode: 1 });
    const msg = (caught as ConfigError).message;
    expect(msg).toContain('INGESTOR_PORT');
    expect(msg).toContain('INGEST_QUEUE_CAP');
    expect(msg).toContain('LOG_LEVEL');
    expect((caught as ConfigError).problems).toHaveLength(3);
  });

  it('names the alias that carried a bad value', () => {
    expect(() => loadConfig({ MAX_INGEST_QUEUE_SIZE: 'lots' })).toThrow(/MAX_INGEST_QUEUE_SIZE must be an integer/);
  });

  it('rejects ":" in POD_NAME', () => {
    expect(() => loadConfig({ POD_NAME: 'a:b' })).toThrow(/POD_NAME/);
  });

  it('treats LOG_JSON_ENABLED as LOG_FORMAT=json unless LOG_FORMAT is set', () => {
    expect(loadConfig({ LOG_JSON_ENABLED: 'true' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_JSON_ENABLED: 'true', LOG_FORMAT: 'text' }).logFormat).toBe('text');
  });

  it('picks the profile per DECISIONS B4', () => {
    expect(resolveProfile(loadConfig({}))).toBe('embedded');
    expect(resolveProfile(loadConfig({ REDIS_HOST: 'r' }))).toBe('redis-postgres');
    expect(resolveProfile(loadConfig({ POSTGRES_HOST: 'p' }))).toBe('redis-postgres');
    expect(resolveProfile(loadConfig({ REDIS_HOST: 'r', MUTT_PROFILE: 'embedded' }))).toBe('embedded');
  });
});

describe('parseEnvFile', () => {
  it('reads systemd-style lines', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\nC=\'x\'\n  D = 4 \nbad line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x',
      D: '4',
    });
  });
});
