import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printTesseraSchema } from '../src/api/graphql/print-schema';
import { fieldShapesOf } from '../src/api/graphql/privacy/field-shapes';
import { printPolicyMatrix } from '../src/api/graphql/privacy/policy-matrix';
import { loadPolicy } from '../src/privacy/default-policy';
import { buildTesseraSchema } from '../src/api/graphql/schema';

/** Writes schema/schema.graphql and docs/privacy-matrix.md from the code (npm run schema:emit). */
async function emit(): Promise<void> {
  const schema = await buildTesseraSchema();
  const file = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');
  writeFileSync(file, printTesseraSchema(schema));
  process.stdout.write(`wrote ${file}\n`);
  const matrix = path.resolve(__dirname, '..', '..', 'docs', 'privacy-matrix.md');
  writeFileSync(matrix, printPolicyMatrix(loadPolicy(fieldShapesOf(schema))));
  process.stdout.write(`wrote ${matrix}\n`);
}

void emit();
