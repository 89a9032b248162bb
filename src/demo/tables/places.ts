// Places, streets and email domains. Kept small on purpose: a demo, not a gazetteer.

export type Country = 'US' | 'GB' | 'DE';

export interface City {
  city: string;
  state: string;
  country: Country;
  postcodes: string[];
}

export const CITIES: readonly (readonly [City, number])[] = [
  [{ city: 'San Francisco', state: 'CA', country: 'US', postcodes: ['94103', '94110', '94117', '94122'] }, 10],
  [{ city: 'New York', state: 'NY', country: 'US', postcodes: ['10001', '10011', '10025', '10128'] }, 14],
  [{ city: 'Chicago', state: 'IL', country: 'US', postcodes: ['60601', '60614', '60657'] }, 9],
  [{ city: 'Austin', state: 'TX', country: 'US', postcodes: ['78701', '78704', '78745'] }, 7],
  [{ city: 'Seattle', state: 'WA', country: 'US', postcodes: ['98101', '98103', '98115'] }, 6],
  [{ city: 'Boston', state: 'MA', country: 'US', postcodes: ['02108', '02116', '02130'] }, 6],
  [{ city: 'Denver', state: 'CO', country: 'US', postcodes: ['80202', '80206', '80210'] }, 4],
  [{ city: 'Portland', state: 'OR', country: 'US', postcodes: ['97205', '97209', '97214'] }, 4],
  [{ city: 'London', state: '', country: 'GB', postcodes: ['SW1A 2AA', 'N1 9GU', 'E2 7DG', 'SE1 7PB', 'W2 1JB'] }, 12],
  [{ city: 'Manchester', state: '', country: 'GB', postcodes: ['M1 1AE', 'M4 6DE', 'M20 2RN'] }, 4],
  [{ city: 'Edinburgh', state: '', country: 'GB', postcodes: ['EH1 1YZ', 'EH3 9DR', 'EH6 6JH'] }, 3],
  [{ city: 'Bristol', state: '', country: 'GB', postcodes: ['BS1 4DJ', 'BS6 5QB', 'BS8 1TH'] }, 3],
  [{ city: 'Berlin', state: 'BE', country: 'DE', postcodes: ['10115', '10437', '10999', '12049'] }, 8],
  [{ city: 'München', state: 'BY', country: 'DE', postcodes: ['80331', '80469', '81541'] }, 5],
  [{ city: 'Hamburg', state: 'HH', country: 'DE', postcodes: ['20095', '20357', '22765'] }, 4],
  [{ city: 'Köln', state: 'NW', country: 'DE', postcodes: ['50667', '50733', '50823'] }, 3],
];

export const COUNTRY_NAMES: Record<Country, string[]> = {
  US: ['United States', 'United States', 'USA', 'US'],
  GB: ['United Kingdom', 'United Kingdom', 'UK', 'GB'],
  DE: ['Germany', 'Germany', 'Deutschland', 'DE'],
};

export const STREET_NAMES: Record<Country, string[]> = {
  US: ['Oak', 'Maple', 'Main', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'Valencia'],
  GB: ['High', 'Station', 'Church', 'Victoria', 'Mill', 'Park', 'Queens', 'Albert', 'Green', 'Kings'],
  DE: ['Haupt', 'Bahnhof', 'Garten', 'Schiller', 'Goethe', 'Linden', 'Berg', 'Kirch', 'Schul', 'Wald'],
};

/** Street suffixes as [long form, short form] so systems can disagree. */
export const STREET_SUFFIXES: Record<Country, [string, string][]> = {
  US: [['Street', 'St'], ['Avenue', 'Ave'], ['Road', 'Rd'], ['Drive', 'Dr'], ['Lane', 'Ln'], ['Boulevard', 'Blvd']],
  GB: [['Street', 'St'], ['Road', 'Rd'], ['Lane', 'Ln'], ['Close', 'Cl'], ['Avenue', 'Ave']],
  DE: [['straße', 'str.'], ['weg', 'weg'], ['allee', 'allee'], ['platz', 'pl.']],
};

export const CONSUMER_DOMAINS: Record<Country, (readonly [string, number])[]> = {
  US: [['gmail.com', 40], ['yahoo.com', 15], ['outlook.com', 12], ['hotmail.com', 8], ['icloud.com', 10], ['aol.com', 3], ['comcast.net', 4]],
  GB: [['gmail.com', 35], ['outlook.com', 12], ['hotmail.co.uk', 15], ['yahoo.co.uk', 10], ['btinternet.com', 10], ['icloud.com', 8]],
  DE: [['gmail.com', 25], ['web.de', 25], ['gmx.de', 25], ['t-online.de', 12], ['outlook.de', 8]],
};

export const TIME_ZONES: Record<Country, string> = { US: 'Pacific Time (US & Canada)', GB: 'London', DE: 'Berlin' };
export const LOCALES: Record<Country, string> = { US: 'en-US', GB: 'en-GB', DE: 'de' };
export const CURRENCIES: Record<Country, string> = { US: 'USD', GB: 'GBP', DE: 'EUR' };
export const TLDS: Record<Country, string> = { US: 'com', GB: 'co.uk', DE: 'de' };
export const LEGAL_FORMS: Record<Country, string[]> = { US: ['LLC', 'Inc.'], GB: ['Ltd'], DE: ['GmbH', 'UG'] };

export const COMPANY_WORDS = [
  'Northwind', 'Bluebird', 'Summit', 'Riverside', 'Oakridge', 'Pioneer', 'Lighthouse', 'Evergreen', 'Harbor',
  'Keystone', 'Copperleaf', 'Silverline', 'Brightside', 'Foxglove', 'Granite', 'Meadow',
];
export const COMPANY_TRADES: readonly (readonly [string, string])[] = [
  ['Dental', 'Healthcare'],
  ['Consulting', 'Consulting'],
  ['Logistics', 'Transportation'],
  ['Bakery', 'Food & Beverage'],
  ['Design', 'Media'],
  ['Fitness', 'Recreation'],
  ['Legal', 'Legal'],
  ['Auto Repair', 'Retail'],
  ['Landscaping', 'Construction'],
  ['Architects', 'Construction'],
  ['Software', 'Technology'],
  ['Coffee', 'Hospitality'],
];
