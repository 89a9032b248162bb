// Test helpers: read what the generator wrote, without the real parsers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** CSV as header + rows of objects keyed by column. */
export function readCsv(dir: string, file: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...data] = parseCsv(readFileSync(join(dir, 'salesforce', file), 'utf8'));
  return { header, rows: data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]]))) };
}

export type Json = any;

export function readJson(dir: string, system: string, file: string): Json {
  return JSON.parse(readFileSync(join(dir, system, file), 'utf8'));
}

/** Digits only, without a leading US 1, to compare numbers written in different formats. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}
