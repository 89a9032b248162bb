import { BREAK, visit, type DocumentNode } from 'graphql';
import { forEachText } from '../../../shared/text-values';

// PostgreSQL's text holds no NUL (U+0000): a string argument carrying one failed its statement, and the
// caller got an internal error (and the log an error line) for what is bad input.

function hasNul(value: unknown): boolean {
  let found = false;
  forEachText(value, (text) => (found ||= text.includes('\u0000')));
  return found;
}

/** Where a request's text holds a NUL: the name of the variable, `the query` for a literal, or null. */
export function nulTextIn(document: DocumentNode, variables: Record<string, unknown> | undefined): string | null {
  for (const [name, value] of Object.entries(variables ?? {})) if (hasNul(value)) return `variable $${name}`;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes('\u0000')) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found ? 'the query' : null;
}
