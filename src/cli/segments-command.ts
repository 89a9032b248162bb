import type { Command } from 'commander';
import { fieldShapesOf } from '../api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../api/graphql/schema';
import type { Config } from '../config/config';
import { loadPolicy } from '../privacy/default-policy';
import type { Runtime } from '../runtime';
import { createSegments } from '../segments/create-segments';

type WithRuntime = <T>(config: Config, work: (runtime: Runtime) => Promise<T>) => Promise<T>;

/**
 * Refreshes every active segment under the policy in force (the server's: PRIVACY_POLICY_FILE or the shipped
 * one) and the configured fatigue window; prints one line per segment.
 */
export async function refreshSegments(runtime: Runtime, config: Config, out: (line: string) => void): Promise<void> {
  const policy = loadPolicy(fieldShapesOf(await buildTesseraSchema()), config.privacy.policyFile);
  const segments = createSegments(runtime.db.dataSource, { policy, fatigueDays: config.segments.fatigueDays });
  const started = performance.now();
  const done = await segments.service.refreshAll();
  for (const { id, stats } of done) {
    if (stats) out(`segment ${id}: ${stats.members} members (entered ${stats.entered}, left ${stats.left}; without consent ${stats.withoutConsent}, fatigued ${stats.fatigued})`);
  }
  out(`refreshed ${done.length} segments in ${Math.round(performance.now() - started)} ms`);
}

/** `tessera segments refresh`: after imports, or from cron so the contact-fatigue window moves on. */
export function registerSegmentCommands(program: Command, config: () => Config, withRuntime: WithRuntime): void {
  const segments = program.command('segments').description('audiences built from traits, profiles, consent and events (docs/segments.md)');
  segments
    .command('refresh')
    .description('recompute the membership of every active segment and log who entered and left')
    .action(async () => {
      const cfg = config();
      await withRuntime(cfg, (runtime) => refreshSegments(runtime, cfg, (line) => process.stdout.write(`${line}\n`)));
    });
}
