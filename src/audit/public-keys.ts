import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditInputError } from './audit-input-error';
import { keyIdOf } from './signing-key';

const PEM_PUBLIC = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/**
 * The Ed25519 public keys (SPKI PEM, one or more blocks) in a text, e.g. what `tessera audit public-key`
 * printed, or several such outputs concatenated into one keys file. `source` names it in errors.
 */
export function parsePublicKeys(text: string, source: string): KeyObject[] {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new AuditInputError(`${source} holds a private key: give its public key instead (\`tessera audit public-key\` prints it)`);
  }
  const blocks = text.match(PEM_PUBLIC) ?? [];
  if (blocks.length === 0) throw new AuditInputError(`${source} holds no public key (expected PEM: -----BEGIN PUBLIC KEY-----, as \`tessera audit public-key\` prints)`);
  return blocks.map((pem, i) => {
    const where = blocks.length > 1 ? `${source} (key ${i + 1})` : source;
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (error) {
      throw new AuditInputError(`${where} is not a readable public key: ${firstLine(error)}`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new AuditInputError(`${where} is a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
    return key;
  });
}

/** The public keys in a file; `label` says where the file name came from (an option, a variable). */
export function readPublicKeyFile(file: string, label = 'public key file'): KeyObject[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditInputError(`${label} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? firstLine(error)}`);
  }
  return parsePublicKeys(text, `${label} ${file}`);
}

/** Keys by key id, as verification looks them up. */
export function publicKeyMap(keys: Iterable<KeyObject>): Map<string, KeyObject> {
  return new Map([...keys].map((k) => [keyIdOf(k), k]));
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0]!;
}
