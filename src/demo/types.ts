import type { Country } from './tables/places';

export interface DemoOptions {
  customers: number;
  /** Default 42. */
  seed?: number;
  /** Default 2026-01-01T00:00:00Z; every date is relative to it so output is deterministic. The server's demo and `tessera demo` pass today (demoDay). */
  now?: Date;
}

export interface DemoSummary {
  people: number;
  files: { path: string; records: number }[];
}

export type SystemName = 'crm' | 'support' | 'marketing';

export interface Address {
  street: string;
  /** Flat / apartment line, when there is one. */
  street2?: string;
  city: string;
  state: string;
  postcode: string;
  country: Country;
}

/** A phone number split so it can be written in many formats. */
export interface Phone {
  country: Country;
  /** Area or mobile prefix without trunk 0: `415`, `20`, `7700`, `151`. */
  area: string;
  subscriber: string;
}

/** The ground truth about one real person. System records are messy views of it. */
export interface DemoPerson {
  index: number;
  /** Truth id, never written to a system: `P0000001`. */
  key: string;
  groupIndex: number;
  firstName: string;
  /** The name they go by, when it is a nickname of firstName. */
  nickname?: string;
  lastName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  email: string;
  /** An address they used before; one system still has it. */
  oldEmail?: string;
  oldEmailIn?: SystemName;
  /** Household email shared with a family member; the CRM has this instead of their own. */
  sharedEmail?: string;
  mobile: Phone;
  /** Household landline, shared with a family member. */
  homePhone?: Phone;
  address: Address;
  customerNumber: string;
  systems: Record<SystemName, boolean>;
}

/** People who share a Salesforce account: a household or a small company. */
export interface DemoGroup {
  index: number;
  kind: 'household' | 'company';
  name: string;
  industry?: string;
  domain?: string;
  country: Country;
  city: string;
  people: DemoPerson[];
}
