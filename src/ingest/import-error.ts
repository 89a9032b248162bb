/** A problem with the import as a whole (bad path, unknown format, unusable file): one clear message. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
