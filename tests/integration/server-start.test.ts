import { spawn } from 'node:child_process';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAudit } from '../../src/audit/create-audit';
import { simpleAccess, testSigningKey } from '../setup/audit-fixtures';
import { buildCli, ROOT, runCli, type CliResult } from '../setup/cli';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
/** Nothing listens on port 1: a database URL that cannot be reached, with a password that must not show. */
const UNREACHABLE = 'postgres://tessera:hunter2@127.0.0.1:1/tessera';

/**
 * `node dist/src/main.js` (what `npm start` runs) with `env`, until it exits; killed after `ms`. Once it says
 * it is listening it is sent SIGTERM at once, so a start that succeeds ends too (status 0); with `termWhen`
 * it is sent SIGTERM when that settles instead.
 */
function runServer(env: Record<string, string>, options: { ms?: number; termWhen?: Promise<unknown> } = {}): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!options.termWhen && /"msg":"listening"/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    void options.termWhen?.then(() => child.kill('SIGTERM'));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.ms ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A TCP port that accepts connections and never answers: a database the start waits on (`connected`). */
async function silentPort(): Promise<{ url: string; connected: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connected!: () => void;
  const connection = new Promise<void>((resolve) => (connected = resolve));
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://tessera:pw@127.0.0.1:${port}/tessera`,
    connected: connection,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('starting the server: a mistake is one line naming the setting with the documented exit status, no stack trace', () => {
  let dataDir: string;
  let base: Record<string, string>;
  beforeAll(async () => {
    buildCli();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-startup-'));
    base = { NODE_ENV: 'development', DATA_DIR: dataDir, SEED_DEMO: 'false' };
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it.each([
    ['999.1.1.1', 'HOST must be an IP address (such as 0.0.0.0, 127.0.0.1 or ::) or a host name, got "999.1.1.1"'],
    ['192.0.2.1', 'HOST "192.0.2.1" is not an address of this machine (EADDRNOTAVAIL)'],
  ])('HOST=%s exits 2 before the database is opened', async (host, problem) => {
    // the database cannot be reached either: HOST is reported first, so the start never got that far
    const res = await runServer({ ...base, HOST: host, DATABASE_URL: UNREACHABLE });
    expect(res).toEqual({ code: 2, signal: null, stdout: '', stderr: `Invalid configuration:\n  - ${problem}\n` });
  });

  it.each([
    ['under a regular file', (dir: string) => path.join(dir, 'a-file', 'checkpoints'), (dir: string) => `${path.join(dir, 'a-file')} is a file, not a directory`],
    ['where nothing can be created', () => '/proc/nonexist', () => 'cannot create /proc/nonexist (ENOENT)'],
  ])('AUDIT_CHECKPOINT_DIR %s exits 2 at once, before the database is opened', async (_, dirOf, whyOf) => {
    await writeFile(path.join(dataDir, 'a-file'), 'not a folder');
    const started = Date.now();
    const res = await runServer({ ...base, AUDIT_CHECKPOINT_DIR: dirOf(dataDir), DATABASE_URL: UNREACHABLE });
    expect(res).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: `Invalid configuration:\n  - AUDIT_CHECKPOINT_DIR must be a directory Tessera can write in, got "${dirOf(dataDir)}": ${whyOf(dataDir)}\n`,
    });
    expect(Date.now() - started).toBeLessThan(15_000); // /proc/nonexist used to spin in mkdir for minutes
  });

  it('NODE_ENV=production with a JWKS_FILE that is not there exits 2 naming it (it was only logged, and every token refused)', async () => {
    const missing = path.join(dataDir, 'jwks.json');
    const env = { ...base, NODE_ENV: 'production', DATABASE_URL: UNREACHABLE, JWKS_FILE: missing, PSEUDONYM_KEY: 'p'.repeat(40), AUDIT_SIGNING_KEY: testSigningKey() };
    const res = await runServer(env);
    expect(res).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: `Invalid configuration:\n  - JWKS_FILE must name a readable JWKS file with at least one RS256 or ES256 key, got "${missing}": no such file\n`,
    });
  });

  describe('with a database', () => {
    let db: TestDatabase;
    let key: string;
    beforeAll(async () => {
      db = await createTestDatabase();
      key = testSigningKey();
      await createAudit(db.dataSource, { signingKey: { privateKey: key } }).log.append([simpleAccess(1)]);
    });
    afterAll(async () => db.drop());
    const checkpoints = async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM access_log_checkpoint'))[0].n as number;

    it('SIGTERM sent on hearing "listening" drains and exits 0, every time', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await runServer({ ...base, DATABASE_URL: db.url });
        expect({ code: res.code, signal: res.signal, stderr: res.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
        expect(res.stdout).toMatch(/"msg":"server drained"/);
      }
    });

    it('the server creates a missing AUDIT_CHECKPOINT_DIR and starts', async () => {
      const dir = path.join(dataDir, 'new', 'checkpoints');
      const res = await runServer({ ...base, DATABASE_URL: db.url, AUDIT_CHECKPOINT_DIR: dir, AUDIT_SIGNING_KEY: key });
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
      expect(await readdir(dir)).toEqual([]);
    });

    it('`audit checkpoint` refuses a checkpoint folder it cannot write in before storing the checkpoint', async () => {
      await writeFile(path.join(dataDir, 'a-file'), 'not a folder');
      const bad = path.join(dataDir, 'a-file', 'checkpoints');
      const env = { ...base, DATABASE_URL: db.url, AUDIT_SIGNING_KEY: key };
      const byVariable = await runCli(['audit', 'checkpoint'], { ...env, AUDIT_CHECKPOINT_DIR: bad });
      expect(byVariable.code).toBe(2);
      expect(byVariable.stderr).toBe(`error: Invalid configuration:\n  - AUDIT_CHECKPOINT_DIR must be a directory Tessera can write in, got "${bad}": ${path.join(dataDir, 'a-file')} is a file, not a directory\n`);
      const byOption = await runCli(['audit', 'checkpoint', '--checkpoint-dir', bad], env);
      expect(byOption.code).toBe(2);
      expect(byOption.stderr).toBe(`error: --checkpoint-dir must be a directory Tessera can write in, got "${bad}": ${path.join(dataDir, 'a-file')} is a file, not a directory\n`);
      expect(await checkpoints()).toBe(0);
      const good = path.join(dataDir, 'checkpoints-ok');
      const ok = await runCli(['audit', 'checkpoint'], { ...env, AUDIT_CHECKPOINT_DIR: good });
      expect(ok.code).toBe(0);
      expect(await checkpoints()).toBe(1);
      expect(await readdir(good)).toEqual([expect.stringMatching(/^checkpoint-0+1-.*\.json$/)]);
    });
  });

  it('SIGTERM during start-up stops it at once with status 143 (also as PID 1, where a signal without a handler is ignored)', async () => {
    const db = await silentPort();
    try {
      const started = Date.now();
      // sent while the start waits for the database, as `docker stop` during migrations would be
      const res = await runServer({ ...base, DATABASE_URL: db.url }, { termWhen: db.connected });
      expect({ code: res.code, signal: res.signal }).toEqual({ code: 143, signal: null });
      expect(res.stdout).toMatch(/"signal":"SIGTERM","msg":"stopped during start-up"/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await db.close();
    }
  });

  it('a database that accepts connections and never answers ends the start after DB_CONNECT_TIMEOUT_MS: exit 1, one line', async () => {
    const db = await silentPort();
    try {
      const line = `the database at ${db.url.replace(':pw@', '@')} (DATABASE_URL) could not be reached: no answer within 500 ms (DB_CONNECT_TIMEOUT_MS)`;
      const started = Date.now();
      const server = await runServer({ ...base, DATABASE_URL: db.url, DB_CONNECT_TIMEOUT_MS: '500' }, { ms: 60_000 });
      expect({ code: server.code, signal: server.signal, stderr: server.stderr }).toEqual({ code: 1, signal: null, stderr: `tessera failed to start: ${line}\n` });
      expect(Date.now() - started).toBeLessThan(15_000); // it waited until killed
      const cli = await runCli(['migrate'], { ...base, DATABASE_URL: db.url, DB_CONNECT_TIMEOUT_MS: '500' });
      expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 1, stderr: `error: ${line}\n` });
    } finally {
      await db.close();
    }
  });

  it('an unreachable DATABASE_URL exits 1 naming it and the URL without the password', async () => {
    const line = 'the database at postgres://tessera@127.0.0.1:1/tessera (DATABASE_URL) could not be reached: connect ECONNREFUSED 127.0.0.1:1';
    const server = await runServer({ ...base, DATABASE_URL: UNREACHABLE });
    expect(server.code).toBe(1);
    expect(server.stderr).toBe(`tessera failed to start: ${line}\n`);
    // the CLI (and so the container's migrate step) says the same
    const cli = await runCli(['migrate'], { ...base, DATABASE_URL: UNREACHABLE });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(`error: ${line}\n`);
  });
});
