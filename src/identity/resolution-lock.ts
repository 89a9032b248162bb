/**
 * pg advisory lock key: one resolution at a time per database (imports, CLI, human decisions), and an
 * erasure waits for it so no resolution builds a model from the records being erased.
 */
export const RESOLUTION_LOCK_KEY = 7_311_001;
