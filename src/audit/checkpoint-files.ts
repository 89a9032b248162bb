import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDirectory } from '../shared/writable-directory';
import { AuditInputError } from './audit-input-error';
import { serialiseCheckpoint, type Checkpoint } from './checkpoint';
import { checkpointOf, checkpointShapeProblem } from './checkpoint-shape';

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
  return Promise.all(files.map((n) => readCheckpointFile(path.join(dir, n))));
}

/**
 * One checkpoint file. One that cannot be read as a checkpoint (a partial copy, an empty object) is
 * refused naming the file and what is wrong: it cannot be checked, and skipping it silently would hide it.
 */
async function readCheckpointFile(file: string): Promise<Checkpoint> {
  const refuse = (why: string) => new AuditInputError(`checkpoint file ${file} is not a checkpoint: ${why}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw refuse(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(`it is not JSON (${(error as Error).message})`);
  }
  const problem = checkpointShapeProblem(value);
  if (problem) throw refuse(problem);
  return checkpointOf(value as Checkpoint);
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
