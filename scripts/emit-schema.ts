import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printTesseraSchema } from '../src/api/graphql/print-schema';
import { buildTesseraSchema } from '../src/api/graphql/schema';

/** Writes schema/schema.graphql from the code (npm run schema:emit). */
async function emit(): Promise<void> {
  const file = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');
  writeFileSync(file, printTesseraSchema(await buildTesseraSchema()));
  process.stdout.write(`wrote ${file}\n`);
}

void emit();
