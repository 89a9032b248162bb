/** The file's base name without its extension, lower-cased: `Contact.csv` → `contact`. */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * The files whose stem is one of `stems` and whose extension is one of `extensions`, ordered by the
 * position of their stem (the import order), then by name. Matching ignores case.
 */
export function selectByStem(fileNames: string[], stems: readonly string[], extensions: readonly string[]): string[] {
  return fileNames
    .filter((name) => stems.includes(fileStem(name)) && extensions.includes(fileExtension(name)))
    .sort((a, b) => stems.indexOf(fileStem(a)) - stems.indexOf(fileStem(b)) || a.localeCompare(b));
}

export const JSON_EXTENSIONS = ['json', 'ndjson', 'jsonl'] as const;
