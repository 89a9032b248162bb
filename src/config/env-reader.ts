import { isIP } from 'node:net';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { ConfigError } from './config-error';

const TRUE = ['true', '1', 'yes'];
// RFC 1123 labels; a name whose last label is all digits would be an IPv4 address, so it must be a valid one
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const FALSE = ['false', '0', 'no'];

/** Typed getters over the environment that collect problems instead of throwing on the first. */
export class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  throwIfProblems(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  /** An IPv4 or IPv6 address, or a host name; whether this machine has it is known only when listening. */
  host(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (isIP(value) !== 0) return value;
    if (!HOST_NAME.test(value) || /^[0-9]+$/.test(value.slice(value.lastIndexOf('.') + 1))) {
      this.problem(`${name} must be an IP address (such as 0.0.0.0, 127.0.0.1 or ::) or a host name, got "${value}"`);
      return fallback;
    }
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problem(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return n;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problem(`${name} must be a number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return n;
  }

  /** Comma-separated values, blanks dropped; `none` is the empty list. */
  list(name: string, fallback: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    if (value.toLowerCase() === 'none') return [];
    return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  }

  /** A list whose every value must be one of `allowed`. */
  listOf<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
    const values = this.list(name, fallback);
    const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (bad.length === 0) return values as T[];
    this.problem(`${name} must list values among ${allowed.join(', ')} (or none), got "${bad.join(', ')}"`);
    return [...fallback];
  }

  /** The one reader of every boolean setting: true/false, 1/0 or yes/no, in any case. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    this.problem(`${name} must be true or false (or 1/0, yes/no), got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol)) throw new Error('protocol');
      return value;
    } catch {
      // Never echo the value: it may hold a password.
      this.problem(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }

  optionalSecret(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && value.length < minLength) {
      this.problem(`${name} must be at least ${minLength} characters long`);
      return undefined;
    }
    return value;
  }

  countryCode(name: string, fallback: CountryCode): CountryCode {
    const value = this.raw(name)?.toUpperCase();
    if (value === undefined) return fallback;
    if (isSupportedCountry(value)) return value;
    this.problem(`${name} must be a two-letter country code such as US or GB, got "${value}"`);
    return fallback;
  }
}
