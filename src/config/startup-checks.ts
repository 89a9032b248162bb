import type { Config } from './config';
import { ConfigError } from './config-error';
import { writableDirectoryProblem } from '../shared/writable-directory';

/**
 * The settings that name things on disk, checked before the database is opened: loadConfig only reads the
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
  if (problems.length > 0) throw new ConfigError(problems);
}
