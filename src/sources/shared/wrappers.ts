// Records wrapped the way an API's "show" endpoint returns one: Zendesk's GET /tickets/{id} gives
// {"ticket": {...}}, a list endpoint {"tickets": [...]}. People save either shape, one per line too.
import { RecordError } from './result';
import { isObject, type JsonObject } from './values';

export interface Wrappers {
  /** Key of a single-record response → the list key (kind) it stands for, e.g. ticket → tickets. */
  singles: Readonly<Record<string, string>>;
  /** The format's list keys, e.g. users, tickets. */
  lists: readonly string[];
}

/** Only an object without an id of its own can be a wrapper (a record always has one). */
function wrapperKey(value: JsonObject, keys: Iterable<string>): string | undefined {
  if ('id' in value) return undefined;
  for (const key of keys) if (isObject(value[key])) return key;
  return undefined;
}

/** The record inside a single-record wrapper ({"ticket": {...}}) and the list key it stands for. */
export function unwrapSingle(value: JsonObject, wrappers: Wrappers): { value: JsonObject; kind: string } | undefined {
  const key = wrapperKey(value, Object.keys(wrappers.singles));
  return key === undefined ? undefined : { value: value[key] as JsonObject, kind: wrappers.singles[key]! };
}

/** A list key holding one object ({"users": {...}}) is no shape an API writes: refused, saying what is expected. */
export function refuseListWrapper(value: JsonObject, wrappers: Wrappers): void {
  const reason = listWrapperReason(value, wrappers);
  if (reason !== undefined) throw new RecordError(reason);
}

export function listWrapperReason(value: JsonObject, wrappers: Wrappers): string | undefined {
  const key = wrapperKey(value, wrappers.lists);
  if (key === undefined) return undefined;
  const single = Object.keys(wrappers.singles).find((name) => wrappers.singles[name] === key);
  const one = single ?? key.replace(/s$/, '');
  const shapes = [`one ${one} object per line`, ...(single ? [`{"${single}": {...}}`] : []), `{"${key}": [...]}`];
  return `the record is wrapped as {"${key}": {...}}, a list key holding one object; expected ${shapes.slice(0, -1).join(', ')} or ${shapes[shapes.length - 1]}`;
}

/** A document that is one wrapped record, either shape (the second is refused when it is mapped). */
export function isWrapped(value: JsonObject, wrappers: Wrappers): boolean {
  return wrapperKey(value, [...Object.keys(wrappers.singles), ...wrappers.lists]) !== undefined;
}
