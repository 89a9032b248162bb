import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';

/** Listed explicitly so the same code runs from ts-jest and from the compiled dist/. */
export const migrations = [InitialSchema1764100000000];
