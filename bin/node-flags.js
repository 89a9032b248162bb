// Node flags the CLI runs with. A full resolution of a million records spent about 7% more time (66 s
// against 62 s, alternated) with Node's default young generation, most of it collecting the records it
// decodes. V8 sizes the young generation only when the process starts, so the launcher (tessera.js) starts
// the CLI in a child Node with these flags, unless the caller chose a size (node flags or NODE_OPTIONS) or
// debugs or profiles (the inspector's port and the profile belong to the CLI, not to a launcher).
'use strict';

const YOUNG_GENERATION = '--max-semi-space-size=64';
/** Marks the child the launcher started, so that only it ends with the launcher. */
const LAUNCHED = 'TESSERA_LAUNCHED';

/** The flags to add to a Node started with `execArgv` and this NODE_OPTIONS; [] when it needs none. */
function flagsToAdd(execArgv, nodeOptions) {
  const given = [...execArgv, ...(nodeOptions || '').split(/\s+/)];
  const inPlace = given.some((flag) => /^--max[-_]semi[-_]space[-_]size/.test(flag) || /^--(inspect|debug|cpu-prof|heap-prof|prof)/.test(flag));
  return inPlace ? [] : [YOUNG_GENERATION];
}

module.exports = { flagsToAdd, YOUNG_GENERATION, LAUNCHED };
