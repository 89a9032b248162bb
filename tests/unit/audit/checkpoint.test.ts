import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointSignatureProblem, serialiseCheckpoint, signCheckpoint, type CheckpointBody } from '../../../src/audit/checkpoint';
import { mergeCheckpoints, readCheckpointFiles, writeCheckpointFile } from '../../../src/audit/checkpoint-files';
import { DEV_KEY_FILE, loadSigningKey, publicKeysOf } from '../../../src/audit/signing-key';
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

  it('restarts the chain after the furthest pruning', () => {
    const key = loadSigningKey({ privateKey: pem() });
    const c1 = signCheckpoint({ ...body, prunedThrough: 10, prunedHash: '1'.repeat(64) }, key);
    const c2 = signCheckpoint({ ...body, position: 90, prunedThrough: 30, prunedHash: '3'.repeat(64) }, key);
    expect(restartPoint([c2, c1])).toEqual({ position: 30, hash: '3'.repeat(64) });
    expect(restartPoint([])).toEqual({ position: 0, hash: '0'.repeat(64) });
  });
});
