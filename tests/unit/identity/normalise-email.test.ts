import { emailMatchKey, normaliseEmail } from '../../../src/identity/matching/normalise-email';

describe('normaliseEmail', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['JOHN+news@Gmail.com', 'john+news@gmail.com'],
    ['a@b.co.uk', 'a@b.co.uk'],
    ["o'brien@company.ie", "o'brien@company.ie"],
  ])('%j → %j', (raw, value) => {
    expect(normaliseEmail(raw)).toEqual({ value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['jane.doe.example.com', 'missing @'],
    ['jane@doe@example.com', 'more than one @'],
    ['@example.com', 'empty local part'],
    ['jane@', 'empty domain'],
    ['jane@localhost', 'domain has no dot'],
    ['jane@exa mple.com', 'contains spaces'],
    ['ja ne@example.com', 'contains spaces'],
    ['jane@example..com', 'domain has an empty label'],
    ['jane@.example.com', 'domain has an empty label'],
    ['jane@example.com.', 'domain has an empty label'],
  ])('%j is invalid: %s', (raw, invalid) => {
    expect(normaliseEmail(raw)).toEqual({ invalid });
  });
});

describe('emailMatchKey', () => {
  it.each([
    // Gmail: dots ignored, +tag stripped, googlemail → gmail
    ['jane.doe@gmail.com', 'janedoe@gmail.com'],
    ['j.a.n.e.doe+shop@gmail.com', 'janedoe@gmail.com'],
    ['janedoe@googlemail.com', 'janedoe@gmail.com'],
    ['jane.doe+x+y@googlemail.com', 'janedoe@gmail.com'],
    // Outlook family: dots significant, +tag stripped
    ['jane.doe@outlook.com', 'jane.doe@outlook.com'],
    ['jane.doe+promo@outlook.com', 'jane.doe@outlook.com'],
    ['jane.doe+promo@hotmail.com', 'jane.doe@hotmail.com'],
    ['jane.doe+promo@live.com', 'jane.doe@live.com'],
    // iCloud, Fastmail, Proton: +tag stripped, dots kept, domain kept
    ['jane.doe+a@icloud.com', 'jane.doe@icloud.com'],
    ['jane.doe+a@me.com', 'jane.doe@me.com'],
    ['jane.doe+a@fastmail.com', 'jane.doe@fastmail.com'],
    ['jane.doe+a@protonmail.com', 'jane.doe@protonmail.com'],
    ['jane.doe+a@proton.me', 'jane.doe@proton.me'],
    // Yahoo: nothing stripped, neither + nor the disposable - nor dots
    ['jane.doe@yahoo.com', 'jane.doe@yahoo.com'],
    ['jane.doe+a@yahoo.com', 'jane.doe+a@yahoo.com'],
    ['janedoe-shopping@yahoo.com', 'janedoe-shopping@yahoo.com'],
    // Company and unknown domains: unchanged
    ['jane.doe+a@acme.com', 'jane.doe+a@acme.com'],
    ['jane.doe@gmail.co.uk', 'jane.doe@gmail.co.uk'],
    // A local part starting with + has no base to fall back to
    ['+tag@gmail.com', '+tag@gmail.com'],
  ])('%s → %s', (email, key) => {
    expect(emailMatchKey(email)).toBe(key);
  });

  it('gmail dots collide but outlook dots do not', () => {
    expect(emailMatchKey('jane.doe@gmail.com')).toBe(emailMatchKey('janedoe@gmail.com'));
    expect(emailMatchKey('jane.doe@outlook.com')).not.toBe(emailMatchKey('janedoe@outlook.com'));
  });
});
