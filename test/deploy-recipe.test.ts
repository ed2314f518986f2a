// The multi-instance recipe (deploy/) checked without Docker: the settings it
// names exist and parse, every gateway instance reads the same secret, store
// and Redis, nginx sends traffic to the instances compose defines, the
// healthchecks ask a real probe, and the image runs a Node we support. Docker
// cannot run on the CI machines, so this is what guards the recipe there.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateSecretKeyBase64 } from '../src/auth/keyring.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  env_file?: string | string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  profiles?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}
interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { ipam?: { config?: { subnet: string; ip_range?: string }[] } }>;
}

// `merge: true`: the gateway services share their definition through a YAML merge key (<<: *jgg).
const compose = parse(read('deploy/compose.yaml'), { merge: true }) as Compose;
const composeText = read('deploy/compose.yaml');
const envExampleText = read('deploy/jgg.env.example');
const nginxText = read('deploy/nginx.conf');
const dockerfile = read('deploy/Dockerfile');

/** KEY=VALUE lines of an env file as compose reads them (comments and blank lines skipped). */
function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new Error(`not KEY=VALUE: ${trimmed}`);
    out[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return out;
}
const envExample = parseEnvFile(envExampleText);
const postgresEnv = parseEnvFile(read('deploy/postgres.env.example'));

/** Every JGG_* name src/config.ts reads: `e.JGG_X` or a quoted 'JGG_X' handed to a reader. */
function settingsReadByConfig(): Set<string> {
  const source = read('src/config.ts')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  return new Set([...source.matchAll(/(?:\be\.|['"`])(JGG_[A-Z0-9_]+)/g)].map((m) => m[1] as string));
}
const namesIn = (text: string): string[] => [
  ...new Set([...text.matchAll(/\bJGG_[A-Z0-9_]+\b/g)].map((m) => m[0])),
];

// The gateway instances: the services that run `jgg serve`.
const gateways = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'serve');
const envFiles = (s: Service): string[] =>
  s.env_file === undefined ? [] : Array.isArray(s.env_file) ? s.env_file : [s.env_file];

describe('deploy/ recipe', () => {
  it('names only settings that src/config.ts reads', () => {
    const known = settingsReadByConfig();
    // The reader is found: a broken pattern would otherwise pass everything below vacuously.
    expect(known.size).toBeGreaterThan(30);
    for (const name of ['JGG_DATABASE_URL', 'JGG_REDIS_URL', 'JGG_REDIS_PREFIX', 'JGG_SECRET_KEY']) {
      expect(known, name).toContain(name);
    }
    expect(known).not.toContain('JGG_NOT_A_SETTING');
    for (const [file, text] of [
      ['deploy/compose.yaml', composeText],
      ['deploy/jgg.env.example', envExampleText],
      ['deploy/nginx.conf', nginxText],
      ['deploy/Dockerfile', dockerfile],
    ] as const) {
      for (const name of namesIn(text)) expect(known, `${file} names ${name}`).toContain(name);
    }
  });

  it('has at least two gateway instances, all reading the one env file for secret, store and Redis', () => {
    expect(gateways.map(([name]) => name).length).toBeGreaterThanOrEqual(2);
    const files = new Set(gateways.map(([, s]) => JSON.stringify(envFiles(s))));
    expect([...files]).toEqual([JSON.stringify(['jgg.env'])]);
    for (const [name, s] of gateways) {
      // Set per service, these could differ between instances: they must come from jgg.env alone.
      for (const shared of ['JGG_SECRET_KEY', 'JGG_DATABASE_URL', 'JGG_REDIS_URL', 'JGG_REDIS_PREFIX']) {
        expect(Object.keys(s.environment ?? {}), `${name} sets ${shared} itself`).not.toContain(shared);
      }
      expect(s.image, name).toBe(gateways[0]?.[1].image);
    }
    for (const shared of ['JGG_SECRET_KEY', 'JGG_DATABASE_URL', 'JGG_REDIS_URL', 'JGG_REDIS_PREFIX']) {
      expect(Object.keys(envExample), shared).toContain(shared);
    }
  });

  it('jgg.env.example loads once a key is filled in, and not before', () => {
    expect(envExample.JGG_SECRET_KEY).toBe('');
    expect(() => loadConfig(envExample)).toThrow(ConfigError);
    expect(() => loadConfig(envExample)).toThrow(/JGG_SECRET_KEY/);
    const config = loadConfig({ ...envExample, JGG_SECRET_KEY: generateSecretKeyBase64() });
    expect(config.store.kind).toBe('postgres');
    expect(config.redisUrl).not.toBeNull();
    expect(config.tokens.revocationPollMs).toBeLessThanOrEqual(1000);
  });

  it('points the store and Redis at the compose services, with the postgres credentials', () => {
    const db = new URL(envExample.JGG_DATABASE_URL ?? '');
    expect(compose.services).toHaveProperty(db.hostname);
    expect(db.port || '5432').toBe('5432');
    expect(db.username).toBe(postgresEnv.POSTGRES_USER);
    expect(decodeURIComponent(db.password)).toBe(postgresEnv.POSTGRES_PASSWORD);
    expect(db.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);
    expect(envFiles(compose.services[db.hostname] ?? {})).toEqual(['postgres.env']);
    const redis = new URL(envExample.JGG_REDIS_URL ?? '');
    expect(compose.services).toHaveProperty(redis.hostname);
    expect(redis.port || '6379').toBe('6379');
  });

  it("sends nginx's traffic to exactly the gateway services and their ports", () => {
    const upstreams = [...nginxText.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)];
    expect(upstreams.length).toBe(1);
    const [, upstreamName, body] = upstreams[0] as RegExpMatchArray;
    expect(nginxText).toMatch(new RegExp(`proxy_pass\\s+http://${upstreamName};`));
    const servers = [...(body ?? '').matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1]).sort();
    const expected = gateways.map(([name, s]) => `${name}:${s.environment?.JGG_PORT ?? '4000'}`).sort();
    expect(servers).toEqual(expected);
    expect(nginxText).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
    const nginx = Object.values(compose.services).find((s) =>
      s.volumes?.some((v) => v.startsWith('./nginx.conf:')),
    );
    expect(nginx, 'a service mounts nginx.conf').toBeDefined();
  });

  it("trusts X-Forwarded-For from nginx's fixed address alone", () => {
    const nginx = compose.services.nginx;
    const networks = nginx?.networks;
    const address =
      networks && !Array.isArray(networks) ? Object.values(networks)[0]?.ipv4_address : undefined;
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(envExample.JGG_TRUSTED_PROXIES).toBe(address);
    // Other containers take addresses from ip_range: nginx's must lie outside it.
    const ipam = Object.values(compose.networks)[0]?.ipam?.config?.[0];
    const lastOctet = Number(address?.split('.')[3]);
    const rangeStart = Number(ipam?.ip_range?.split('/')[0]?.split('.')[3]);
    expect(ipam?.subnet.split('.').slice(0, 3)).toEqual(address?.split('.').slice(0, 3));
    expect(lastOctet).toBeLessThan(rangeStart);
  });

  it('checks each gateway on a probe the gateway serves, on its port', () => {
    const probes = [...read('src/http/use-probes.ts').matchAll(/path === '(\/[a-z]+)'/g)].map((m) => m[1]);
    expect(probes).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    for (const [name, s] of gateways) {
      const test = (s.healthcheck?.test ?? []).join(' ');
      const url = /https?:\/\/127\.0\.0\.1:(\d+)(\/[a-z]+)/.exec(test);
      expect(url, `${name} healthcheck`).not.toBeNull();
      expect(probes, name).toContain(url?.[2]);
      expect(url?.[1], name).toBe(s.environment?.JGG_PORT ?? '4000');
    }
  });

  it('builds on a supported Node major, with every workspace present for npm ci', () => {
    const majors = [...dockerfile.matchAll(/^FROM\s+node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    // README: "Node 20.19 or later (20, 22 and 24 are supported)"; package.json's engines agree.
    const supported = /\(([\d, and]+) are supported\)/.exec(read('README.md'))?.[1];
    const supportedMajors = (supported ?? '').match(/\d+/g)?.map(Number) ?? [];
    expect(supportedMajors.length).toBeGreaterThan(0);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minMajor = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    for (const major of majors) {
      expect(supportedMajors).toContain(major);
      expect(major).toBeGreaterThanOrEqual(minMajor);
    }
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    for (const pkg of readdirSync(new URL('../packages', import.meta.url))) {
      expect(dockerfile, pkg).toContain(`COPY packages/${pkg}/package.json`);
    }
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "bin\/jgg\.js"\]/m);
  });
});
