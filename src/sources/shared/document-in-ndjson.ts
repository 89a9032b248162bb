// A JSON document given to the NDJSON reader: every line of it would be rejected with a JSON.parse message
// ("Unexpected end of JSON input"), while the file as a whole is simply in another format.
import { FileError } from './result';

/** Bracket depth at the end of the line, strings respected; undefined when the line ends inside a string. */
function depthAtEnd(line: string): number | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const c of line) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
  }
  return inString ? undefined : depth;
}

/** Which json format reads the document, when its first line names one of their list keys. */
function formatHint(line: string): string {
  if (/"(?:members|member_activity)"\s*:/.test(line)) return 'use --format mailchimp-json for this Mailchimp document';
  if (/"(?:users|tickets|ticket_metrics)"\s*:/.test(line)) return 'use --format zendesk-json for this Zendesk document';
  return 'use --format zendesk-json or mailchimp-json for those systems\' documents';
}

function shown(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 37)}...` : trimmed;
}

/** A file whose first non-blank line opens a list, or opens an object it does not close, is one JSON document. */
export function documentOpening(firstLine: string): 'list' | 'object' | undefined {
  const trimmed = firstLine.trim();
  if (trimmed.startsWith('[')) return 'list';
  if (!trimmed.startsWith('{')) return undefined;
  const depth = depthAtEnd(trimmed);
  return depth !== undefined && depth > 0 ? 'object' : undefined;
}

export function documentError(firstLine: string, opening: 'list' | 'object'): FileError {
  const what = opening === 'list' ? `it starts with a list '${shown(firstLine)}'` : `its first line '${shown(firstLine)}' opens an object that goes on over the next lines`;
  return new FileError(`the file is one JSON document (${what}), not NDJSON with one object per line; ${formatHint(firstLine)}, or write one object per line`);
}
