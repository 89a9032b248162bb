import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditInputError } from './audit-input-error';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex characters of SHA-256 over the public key (SPKI DER): names the key in each checkpoint. */
  keyId: string;
}

export interface SigningKeySource {
  /** PKCS#8 PEM, or the base64 of its DER. */
  privateKey?: string;
  /** Where a development key pair is kept (created when absent) if no key is given. */
  dataDir?: string;
}

export const DEV_KEY_FILE = 'audit-signing-key.pem';

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`audit signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** The configured key, else the development key under dataDir (generated once, file mode 0600). */
export function loadSigningKey(source: SigningKeySource): SigningKey {
  let privateKey: KeyObject;
  if (source.privateKey) {
    privateKey = parsePrivateKey(source.privateKey);
  } else if (source.dataDir) {
    const file = path.join(source.dataDir, DEV_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(source.dataDir, { recursive: true });
      const pair = generateKeyPairSync('ed25519');
      writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    privateKey = parsePrivateKey(readFileSync(file, 'utf8'));
  } else {
    throw new Error('audit signing key: give a private key or a data directory for a development key');
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * A private key file given by an option: one line naming the file and what is wrong with it (a public key
 * where the private one belongs is the usual mistake), instead of the crypto library's decoder error.
 */
export function readSigningKeyFile(file: string, label = '--key-file'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditInputError(`${label} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (/-----BEGIN PUBLIC KEY-----/.test(text)) {
    throw new AuditInputError(`${label} ${file} holds a public key; it takes the Ed25519 private key (PKCS#8 PEM). To verify with public keys, use \`tessera audit verify --public-key ${file}\``);
  }
  try {
    parsePrivateKey(text);
  } catch (error) {
    throw new AuditInputError(`${label} ${file} is not an Ed25519 private key (PKCS#8 PEM or base64 of its DER): ${(error as Error).message.split('\n')[0]}`);
  }
  return text;
}

/** Public keys for verification: the signing key plus any retired keys (PEM or key objects), by key id. */
export function publicKeysOf(key: SigningKey, retiredPublicKeys: (string | KeyObject)[] = []): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
  for (const retired of retiredPublicKeys) {
    const publicKey = typeof retired === 'string' ? createPublicKey(retired) : retired;
    keys.set(keyIdOf(publicKey), publicKey);
  }
  return keys;
}
