import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCheckpointFile } from '../../../src/audit/checkpoint-files';
import type { Checkpoint } from '../../../src/audit/checkpoint';
import { ensureDirectory, writableDirectoryProblem } from '../../../src/shared/writable-directory';

const CHECKPOINT: Checkpoint = { position: 1, headHash: 'h', count: 1, at: '2025-01-01T00:00:00.000Z', prunedThrough: 0, prunedHash: null, keyId: 'k', signature: 's' };

describe('a directory Tessera writes in', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'tessera-dir-'));
  });
  afterEach(async () => rm(tmp, { recursive: true, force: true }));

  it('is created with its missing parents, and the check leaves nothing behind in it', async () => {
    const dir = path.join(tmp, 'a', 'b', 'c');
    expect(await writableDirectoryProblem(dir)).toBeUndefined();
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(await writableDirectoryProblem(dir)).toBeUndefined(); // already there
  });

  it('names the file in the way', async () => {
    await writeFile(path.join(tmp, 'file'), 'x');
    expect(await writableDirectoryProblem(path.join(tmp, 'file', 'sub'))).toBe(`${path.join(tmp, 'file')} is a file, not a directory`);
    expect(await writableDirectoryProblem(path.join(tmp, 'file'))).toBe(`${path.join(tmp, 'file')} is a file, not a directory`);
  });

  // Linux: /proc refuses new entries with ENOENT, on which Node's recursive mkdir loops forever
  it('gives up at once on a folder that cannot be created, instead of spinning', async () => {
    const started = Date.now();
    expect(await writableDirectoryProblem('/proc/nonexist')).toBe('cannot create /proc/nonexist (ENOENT)');
    await expect(ensureDirectory('/proc/nonexist/deeper')).rejects.toThrow('cannot create /proc/nonexist (ENOENT)');
    await expect(writeCheckpointFile('/proc/nonexist', CHECKPOINT)).rejects.toThrow('cannot create /proc/nonexist (ENOENT)');
    expect(Date.now() - started).toBeLessThan(2000);
  }, 10_000);

  it('is refused when files cannot be written in it', async () => {
    expect(await writableDirectoryProblem('/proc')).toMatch(/^cannot write in it \((ENOENT|EACCES|EPERM)\)$/);
  });

  it('is where checkpoint files are written, created when missing', async () => {
    const file = await writeCheckpointFile(path.join(tmp, 'checkpoints', 'x'), CHECKPOINT);
    expect(path.dirname(file)).toBe(path.join(tmp, 'checkpoints', 'x'));
  });
});
