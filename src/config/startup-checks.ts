import { readFile } from 'node:fs/promises';
import { parseJwks } from '../api/auth/jwks';
import type { Config } from './config';
import { ConfigError } from './config-error';
import { writableDirectoryProblem } from '../shared/writable-directory';

/**
 * The settings that name things on disk (AUDIT_CHECKPOINT_DIR, JWKS_FILE), checked before the database is opened: loadConfig only reads the
 * environment, so a path that cannot be used surfaced much later (a checkpoint file failing after its
 * checkpoint was stored). Every problem is reported together, like loadConfig's.
 */
export async function checkStartupSettings(config: Config): Promise<void> {
  const problems: string[] = [];
  const checkpointDir = config.audit.checkpointDir;
  if (checkpointDir) {
    const why = await writableDirectoryProblem(checkpointDir);
    if (why) problems.push(`AUDIT_CHECKPOINT_DIR must be a directory Tessera can write in, got "${checkpointDir}": ${why}`);
  }
  const jwks = config.jwt.jwks?.source;
  if (jwks && 'file' in jwks) {
    const why = await jwksFileProblem(jwks.file);
    if (why) problems.push(`JWKS_FILE must name a readable JWKS file with at least one RS256 or ES256 key, got "${jwks.file}": ${why}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Why the JWKS file cannot verify a token, or undefined. A JWKS_URL stays as it was (logged, requests
 * refused until it answers): the identity provider may be down for a moment, a missing file is a mistake.
 */
async function jwksFileProblem(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory';
    return `it cannot be read (${code ?? (error as Error).message})`;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return 'it is not JSON'; // not the parser's message: it quotes the file, which may be something secret
  }
  try {
    parseJwks(document); // throws when no key is usable, saying why of each
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
