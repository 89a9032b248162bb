// Nickname and spelling-variant → canonical first name, all keys and values
// already in normaliseName() form. Data only.
//
// Ambiguous diminutives map to the most common English given name and are
// listed here so the choice is visible: Pat → patricia (also Patrick),
// Ted → edward (also Theodore), Meg → megan (also Margaret), Alex → alexander
// (also Alexandra), Sam → samuel (also Samantha), Chris → christopher
// (also Christine), Jack → john (traditional; Jack is also a given name).
// Names that are as often given names in their own right (Liam, Drew, Jamie,
// Harry, Jon, Kim) are deliberately absent.
// The canonical form only adds evidence next to the raw name; it never
// replaces it, so a wrong guess costs little.

export const NICKNAMES: Readonly<Record<string, string>> = {
  // robert
  bob: 'robert',
  bobby: 'robert',
  rob: 'robert',
  robbie: 'robert',
  robby: 'robert',
  // william
  bill: 'william',
  billy: 'william',
  will: 'william',
  willy: 'william',
  // elizabeth
  liz: 'elizabeth',
  lizzie: 'elizabeth',
  lizzy: 'elizabeth',
  beth: 'elizabeth',
  betty: 'elizabeth',
  betsy: 'elizabeth',
  eliza: 'elizabeth',
  elisabeth: 'elizabeth',
  // katherine and its spellings
  kate: 'katherine',
  katie: 'katherine',
  kathy: 'katherine',
  cathy: 'katherine',
  kat: 'katherine',
  catherine: 'katherine',
  kathryn: 'katherine',
  katharine: 'katherine',
  // michael
  mike: 'michael',
  mikey: 'michael',
  mick: 'michael',
  // james
  jim: 'james',
  jimmy: 'james',
  // jennifer
  jenny: 'jennifer',
  jen: 'jennifer',
  jenn: 'jennifer',
  // thomas
  tom: 'thomas',
  tommy: 'thomas',
  // david
  dave: 'david',
  davy: 'david',
  // daniel
  dan: 'daniel',
  danny: 'daniel',
  // christopher
  chris: 'christopher',
  // alexander
  alex: 'alexander',
  // samuel
  sam: 'samuel',
  sammy: 'samuel',
  // nicholas
  nick: 'nicholas',
  nicky: 'nicholas',
  // anthony
  tony: 'anthony',
  // joseph
  joe: 'joseph',
  joey: 'joseph',
  // steven
  steve: 'steven',
  stephen: 'steven',
  // andrew
  andy: 'andrew',
  // matthew
  matt: 'matthew',
  // patricia
  pat: 'patricia',
  patty: 'patricia',
  trish: 'patricia',
  // margaret
  peggy: 'margaret',
  maggie: 'margaret',
  // susan
  sue: 'susan',
  susie: 'susan',
  // deborah
  debbie: 'deborah',
  deb: 'deborah',
  debra: 'deborah',
  // edward
  ed: 'edward',
  eddie: 'edward',
  ted: 'edward',
  ned: 'edward',
  // richard
  rick: 'richard',
  ricky: 'richard',
  dick: 'richard',
  rich: 'richard',
  richie: 'richard',
  // charles
  chuck: 'charles',
  charlie: 'charles',
  // henry
  hank: 'henry',
  // john
  jack: 'john',
  johnny: 'john',
  // lawrence
  larry: 'lawrence',
  // megan
  meg: 'megan',
  // others
  ben: 'benjamin',
  benny: 'benjamin',
  greg: 'gregory',
  jeff: 'jeffrey',
  ken: 'kenneth',
  kenny: 'kenneth',
  ron: 'ronald',
  ronnie: 'ronald',
  don: 'donald',
  donnie: 'donald',
  tim: 'timothy',
  timmy: 'timothy',
  vince: 'vincent',
  fred: 'frederick',
  freddie: 'frederick',
  abby: 'abigail',
  becky: 'rebecca',
  cindy: 'cynthia',
  mandy: 'amanda',
  vicky: 'victoria',
  jess: 'jessica',
  jessie: 'jessica',
};
