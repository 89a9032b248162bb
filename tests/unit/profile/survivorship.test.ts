import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SURVIVORSHIP, loadSurvivorship, parseSurvivorship, SurvivorshipError } from '../../../src/profile/survivorship';
import shipped from '../../../src/profile/survivorship.json';

const VALID = {
  attributes: {
    name: { rules: [{ rule: 'source_priority', sources: ['salesforce', 'mailchimp'] }, 'most_complete', 'most_recent'] },
    birthDate: { rules: ['most_frequent', 'most_recent'] },
    emails: { rules: ['most_recent'] },
    phones: { rules: ['most_frequent', 'most_recent'] },
    addresses: { rules: ['most_complete'] },
  },
};

function problemsOf(document: unknown): string[] {
  try {
    parseSurvivorship(document);
  } catch (error) {
    expect(error).toBeInstanceOf(SurvivorshipError);
    return (error as SurvivorshipError).problems;
  }
  throw new Error('expected a SurvivorshipError');
}

describe('survivorship file', () => {
  it('ships rules that fix one-word and username names and take the birth date most records agree on', () => {
    expect(DEFAULT_SURVIVORSHIP).toEqual({
      name: [{ rule: 'most_complete' }, { rule: 'most_recent' }],
      birthDate: [{ rule: 'most_frequent' }, { rule: 'most_recent' }],
      emails: [{ rule: 'most_recent' }],
      phones: [{ rule: 'most_recent' }],
      addresses: [{ rule: 'most_recent' }],
    });
    expect(parseSurvivorship(shipped)).toEqual(DEFAULT_SURVIVORSHIP);
  });

  it('reads rule names and source_priority with its sources', () => {
    expect(parseSurvivorship(VALID).name).toEqual([{ rule: 'source_priority', sources: ['salesforce', 'mailchimp'] }, { rule: 'most_complete' }, { rule: 'most_recent' }]);
  });

  it('lists every problem at once, each with where it is', () => {
    const problems = problemsOf({
      version: 1,
      attributes: {
        name: { rules: ['newest'] },
        birthDate: { rules: ['most_complete'] },
        emails: { rules: [] },
        phones: { rules: ['most_recent', 'most_recent'], order: 'desc' },
        addresses: { rules: [{ rule: 'source_priority' }, { rule: 'most_recent', sources: ['crm'] }] },
        gender: { rules: ['most_recent'] },
      },
    });
    expect(problems).toEqual([
      'unknown key "version" (known: attributes, description)',
      'attributes.gender: unknown attribute (known: name, birthDate, emails, phones, addresses)',
      expect.stringMatching(/^attributes\.name\.rules\[0\]: unknown rule "newest" \(known: source_priority, most_recent, most_frequent, most_complete/),
      'attributes.birthDate.rules[0]: most_complete applies to name and addresses only (every valid birth date is complete)',
      'attributes.emails.rules must list at least one rule',
      'attributes.phones: unknown key "order" (known: rules)',
      'attributes.phones.rules[1]: most_recent is listed twice',
      expect.stringMatching(/^attributes\.addresses\.rules\[0\]: source_priority needs "sources"/),
      'attributes.addresses.rules[1]: unknown key "sources" for most_recent',
    ]);
  });

  it('names a missing attribute and a source listed twice', () => {
    const { phones: _phones, ...rest } = VALID.attributes;
    expect(problemsOf({ attributes: { ...rest, name: { rules: [{ rule: 'source_priority', sources: ['zendesk', ' zendesk'] }] } } })).toEqual([
      'attributes.name.rules[0]: source_priority lists "zendesk" twice',
      'attributes.phones is missing (every attribute needs its rules)',
    ]);
    expect(problemsOf([])).toEqual(['the file must hold a JSON object with "attributes"']);
    expect(problemsOf({})).toEqual(['attributes must be an object with the rules of each attribute']);
  });

  it('loads a file, and says when it cannot be read or is not JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-survivorship-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(VALID));
    expect(loadSurvivorship(good).addresses).toEqual([{ rule: 'most_complete' }]);
    expect(loadSurvivorship(undefined)).toBe(DEFAULT_SURVIVORSHIP);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "attributes": ');
    expect(() => loadSurvivorship(bad)).toThrow(/is not JSON/);
    expect(() => loadSurvivorship(path.join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
  });
});
