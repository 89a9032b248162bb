/**
 * A file or key given to the audit commands that cannot be used (not a checkpoint, not a key of the right
 * kind). A usage or configuration problem, told apart from a broken chain: the CLI exits 2, not 1.
 */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}
