import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDirectory } from '../shared/writable-directory';
import { serialiseCheckpoint, type Checkpoint } from './checkpoint';

/** A copy of each checkpoint outside the database: one JSON file, named so that ls lists them in order. */
export async function writeCheckpointFile(dir: string, c: Checkpoint): Promise<string> {
  // not mkdir's recursive option: it never returns for a path such as /proc/nonexist
  await ensureDirectory(dir);
  const file = path.join(dir, `checkpoint-${String(c.position).padStart(16, '0')}-${c.at.replace(/[:.]/g, '')}.json`);
  await writeFile(file, `${JSON.stringify(c, null, 2)}\n`, { flag: 'wx' });
  return file;
}

export async function readCheckpointFiles(dir: string): Promise<Checkpoint[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((n) => n.startsWith('checkpoint-') && n.endsWith('.json')).sort();
  return Promise.all(files.map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8')) as Checkpoint));
}

/**
 * The database's and the directory's checkpoints, identical copies once, oldest first. A copy that differs
 * in any field is kept beside the other, so an edited copy is reported rather than hidden by a good one.
 */
export function mergeCheckpoints(...lists: Checkpoint[][]): Checkpoint[] {
  const byKey = new Map<string, Checkpoint>();
  for (const c of lists.flat()) byKey.set(`${serialiseCheckpoint(c)}:${c.keyId}:${c.signature}`, c);
  return [...byKey.values()].sort((a, b) => a.position - b.position || a.at.localeCompare(b.at));
}
