import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointSignatureProblem, serialiseCheckpoint, signCheckpoint, type CheckpointBody } from '../../../src/audit/checkpoint';
import { mergeCheckpoints, readCheckpointFiles, writeCheckpointFile } from '../../../src/audit/checkpoint-files';
import { AuditInputError } from '../../../src/audit/audit-input-error';
import { parsePublicKeys } from '../../../src/audit/public-keys';
import { DEV_KEY_FILE, loadSigningKey, publicKeysOf, readSigningKeyFile } from '../../../src/audit/signing-key';
import { restartPoint } from '../../../src/audit/verify-log';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const body: CheckpointBody = { position: 42, headHash: 'c'.repeat(64), count: 42, at: '2026-11-25T11:00:00.000000Z', prunedThrough: 0, prunedHash: null };

describe('checkpoint signatures', () => {
  const key = loadSigningKey({ privateKey: pem() });
  const keys = publicKeysOf(key);

  it('serialises the signed fields in a fixed order', () => {
    expect(serialiseCheckpoint(body)).toBe(JSON.stringify(['tessera.access_log_checkpoint.v1', 42, 'c'.repeat(64), 42, body.at, 0, null]));
  });

  it('verifies its own signature', () => {
    expect(checkpointSignatureProblem(signCheckpoint(body, key), keys)).toBeNull();
  });

  it.each([
    ['head hash', { headHash: 'd'.repeat(64) }],
    ['position', { position: 43 }],
    ['count', { count: 41 }],
    ['time', { at: '2026-11-25T11:00:00.000001Z' }],
    ['pruning', { prunedThrough: 10, prunedHash: 'e'.repeat(64) }],
  ])('refuses a checkpoint whose %s was changed after signing', (_name, change) => {
    expect(checkpointSignatureProblem({ ...signCheckpoint(body, key), ...change }, keys)).toMatch(/invalid signature/);
  });

  it('refuses a checkpoint signed by a key it does not know, and accepts a retired key it was given', () => {
    const other = loadSigningKey({ privateKey: pem() });
    const signed = signCheckpoint(body, other);
    expect(checkpointSignatureProblem(signed, keys)).toMatch(/unknown key/);
    const retired = other.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(checkpointSignatureProblem(signed, publicKeysOf(key, [retired]))).toBeNull();
  });

  it('reads a key as PEM or as base64 DER, and refuses a key that is not Ed25519', () => {
    const text = pem();
    const der = loadSigningKey({ privateKey: text }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(loadSigningKey({ privateKey: der }).keyId).toBe(loadSigningKey({ privateKey: text }).keyId);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => loadSigningKey({ privateKey: rsa })).toThrow(/Ed25519/);
  });

  it('creates a development key once under the data directory and reuses it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-audit-key-'));
    const first = loadSigningKey({ dataDir: dir });
    expect(readFileSync(path.join(dir, DEV_KEY_FILE), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(loadSigningKey({ dataDir: dir }).keyId).toBe(first.keyId);
  });
});

describe('checkpoint files', () => {
  it('writes one file per checkpoint, reads them back in order, and merges with the table without duplicates', async () => {
    const key = loadSigningKey({ privateKey: pem() });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-checkpoints-'));
    const a = signCheckpoint(body, key);
    const b = signCheckpoint({ ...body, position: 100, count: 100, prunedThrough: 40, prunedHash: 'f'.repeat(64) }, key);
    await writeCheckpointFile(dir, b);
    await writeCheckpointFile(dir, a);
    const read = await readCheckpointFiles(dir);
    expect(read.map((c) => c.position)).toEqual([42, 100]);
    expect(mergeCheckpoints([a], read)).toEqual([a, b]);
    expect(await readCheckpointFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  it.each([
    ['a partial copy', '{"position": 4', /is not JSON/],
    ['an empty object', '{}', /it has no position/],
    ['an array', '[]', /not a JSON object/],
    ['a position as text', JSON.stringify({ ...body, position: '42', keyId: 'k', signature: 's' }), /position must be a whole number, not "42"/],
    ['no signature', JSON.stringify({ ...body, keyId: 'k' }), /it has no signature/],
    ['no prunedHash', JSON.stringify({ ...body, prunedHash: undefined, keyId: 'k', signature: 's' }), /it has no prunedHash/],
  ])('refuses %s, naming the file and what is wrong', async (_name, text, why) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-checkpoints-'));
    const file = path.join(dir, 'checkpoint-1.json');
    writeFileSync(file, text);
    const read = readCheckpointFiles(dir);
    await expect(read).rejects.toThrow(AuditInputError);
    await expect(read).rejects.toThrow(`checkpoint file ${file} is not a checkpoint: `);
    await expect(read).rejects.toThrow(why);
  });

  it('restarts the chain after the furthest pruning', () => {
    const key = loadSigningKey({ privateKey: pem() });
    const c1 = signCheckpoint({ ...body, prunedThrough: 10, prunedHash: '1'.repeat(64) }, key);
    const c2 = signCheckpoint({ ...body, position: 90, prunedThrough: 30, prunedHash: '3'.repeat(64) }, key);
    expect(restartPoint([c2, c1])).toEqual({ position: 30, hash: '3'.repeat(64) });
    expect(restartPoint([])).toEqual({ position: 0, hash: '0'.repeat(64) });
  });
});

describe('verification keys', () => {
  const pair = () => generateKeyPairSync('ed25519');

  it('reads one or several Ed25519 public keys from PEM text, as `audit public-key` prints them', () => {
    const [a, b] = [pair(), pair()];
    const text = `${a.publicKey.export({ type: 'spki', format: 'pem' })}# retired 2026\n${b.publicKey.export({ type: 'spki', format: 'pem' })}`;
    const keys = parsePublicKeys(text, 'keys.pem');
    expect(keys.map((k) => k.export({ type: 'spki', format: 'pem' }))).toEqual([a.publicKey.export({ type: 'spki', format: 'pem' }), b.publicKey.export({ type: 'spki', format: 'pem' })]);
  });

  it.each([
    ['a private key', () => pem(), /keys\.pem holds a private key: give its public key instead/],
    ['no key', () => 'hello', /keys\.pem holds no public key/],
    ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string, /keys\.pem is a rsa key; checkpoints are signed with Ed25519/],
  ])('refuses %s as public keys, naming the source', (_name, text, why) => {
    expect(() => parsePublicKeys(text(), 'keys.pem')).toThrow(why);
  });

  it('refuses a public key or garbage given as the private key file, in one line naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-keys-'));
    const pub = path.join(dir, 'key.pem');
    writeFileSync(pub, pair().publicKey.export({ type: 'spki', format: 'pem' }));
    expect(() => readSigningKeyFile(pub)).toThrow(`--key-file ${pub} holds a public key`);
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    expect(() => readSigningKeyFile(junk)).toThrow(new RegExp(`^--key-file ${junk} is not an Ed25519 private key [^\n]*$`));
    expect(() => readSigningKeyFile(path.join(dir, 'missing.pem'))).toThrow(/cannot be read: ENOENT/);
  });
});
