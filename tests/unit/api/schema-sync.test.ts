import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printTesseraSchema } from '../../../src/api/graphql/print-schema';
import { buildTesseraSchema } from '../../../src/api/graphql/schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printTesseraSchema(await buildTesseraSchema())).toBe(committed);
  });
});
