import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { IdentityStore1764300000000 } from './1764300000000-IdentityStore';

/** Listed explicitly so the same code runs from ts-jest and from the compiled dist/. */
export const migrations = [InitialSchema1764100000000, IdentityStore1764300000000];
