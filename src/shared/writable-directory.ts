import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A step of the check that failed, worded for an operator. */
class DirectoryProblem extends Error {}

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(dir, { recursive: true })` never returns when a parent exists
 * but refuses the child with ENOENT (/proc/nonexist spun a CPU for ten minutes); here every failure is final.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a file on the way up; the walk reaches it and says so
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw new DirectoryProblem(`cannot look at ${current} (${error.code ?? error.message})`);
    });
    if (info) {
      if (!info.isDirectory()) throw new DirectoryProblem(`${current} is a file, not a directory`);
      break;
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // created by someone else meanwhile is fine, if it is a directory
      if (code === 'EEXIST' && (await stat(folder)).isDirectory()) continue;
      throw new DirectoryProblem(`cannot create ${folder} (${code ?? (error as Error).message})`);
    }
  }
}

/**
 * Why `dir` cannot hold files (created when missing, then a file written and removed in it), or undefined
 * when it can. A file system that does not answer within `timeoutMs` is a problem too, not a hang.
 */
export async function writableDirectoryProblem(dir: string, timeoutMs = 5000): Promise<string | undefined> {
  const check = async (): Promise<undefined> => {
    await ensureDirectory(dir);
    const probe = path.join(dir, `.tessera-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await (await open(probe, 'wx')).close();
      await unlink(probe);
    } catch (error) {
      throw new DirectoryProblem(`cannot write in it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return undefined;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`it did not answer within ${timeoutMs / 1000} s`), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    if (error instanceof DirectoryProblem) return error.message;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
