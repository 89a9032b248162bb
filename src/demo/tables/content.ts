// Business content: what the demo company sells, what customers write in about, what it mails.

export interface Product {
  name: string;
  /** Amount range in whole currency units. */
  min: number;
  max: number;
  b2b: boolean;
}

export const PRODUCTS: readonly Product[] = [
  { name: 'Annual Maintenance Plan', min: 180, max: 600, b2b: false },
  { name: 'Smart Thermostat Bundle', min: 250, max: 900, b2b: false },
  { name: 'Solar Panel Installation', min: 6000, max: 24000, b2b: false },
  { name: 'Heat Pump Upgrade', min: 4000, max: 14000, b2b: false },
  { name: 'Service Contract Renewal', min: 1200, max: 9000, b2b: true },
  { name: 'Office Climate Retrofit', min: 15000, max: 80000, b2b: true },
  { name: 'Premium Support Upgrade', min: 900, max: 4800, b2b: true },
  { name: 'Fleet EV Chargers', min: 8000, max: 45000, b2b: true },
];

export const OPEN_STAGES: readonly (readonly [string, number, number])[] = [
  // [StageName, weight, Probability]
  ['Prospecting', 30, 10],
  ['Qualification', 30, 20],
  ['Proposal/Price Quote', 25, 75],
  ['Negotiation/Review', 15, 90],
];

export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Trade Show', 'Other'];
export const JOB_TITLES = [
  'Owner', 'Office Manager', 'Operations Manager', 'Managing Director', 'Facilities Coordinator', 'CFO',
  'Practice Manager', 'Head of Operations', 'Bookkeeper',
];

export interface TicketTopic {
  subjects: string[];
  tags: string[];
}

export const TICKET_TOPICS: readonly TicketTopic[] = [
  { subjects: ['Question about my invoice', 'Charged twice this month', 'Refund request'], tags: ['billing'] },
  { subjects: ['Thermostat not connecting to Wi-Fi', 'App shows wrong temperature', 'Device offline'], tags: ['device', 'connectivity'] },
  { subjects: ['Reschedule my maintenance visit', 'Technician did not show up', 'Change appointment time'], tags: ['scheduling'] },
  { subjects: ['Heat pump making noise', 'No hot water since yesterday', 'System error code E4'], tags: ['repair', 'urgent_fix'] },
  { subjects: ['Update my address', 'Change email on my account', 'Cancel my plan'], tags: ['account'] },
  { subjects: ['How do I read my solar report?', 'Warranty question', 'Feature request: schedules'], tags: ['how_to'] },
];

export const GOOD_COMMENTS = [
  'Quick and friendly, thanks!',
  'Sorted in one call.',
  'Great help from the technician.',
  'Thanks for the fast reply',
];
export const BAD_COMMENTS = [
  'Had to explain my problem three times.',
  'Took far too long and nobody called back.',
  'Still not fixed.',
  'Passed around between departments.',
];

export const CAMPAIGN_TITLES = [
  'January Newsletter', 'Winter Energy Tips', 'Spring Service Reminder', 'New: Smart Thermostat 3',
  'March Newsletter', 'Solar Savings Calculator', 'Summer Cooling Checklist', 'Customer Stories: June',
  'Heat Pump Rebates Explained', 'August Newsletter', 'Autumn Maintenance Offer', 'Black Friday Bundles',
  'Year in Review', 'Holiday Opening Hours', 'Referral Programme', 'Product Update: App 5.0',
  'Webinar: Lower Your Bills', 'Survey: How Are We Doing?',
];

export const MEMBER_TAGS = ['Newsletter', 'Customer', 'Webinar 2025', 'VIP', 'Solar interest', 'Trade show'];
export const SIGNUP_SOURCES = ['Hosted Signup Form', 'Import', 'API - Generic', 'Admin Add'];

export const MARKETING_PERMISSIONS: readonly { id: string; text: string }[] = [
  { id: 'a8d3e2c1f0', text: 'Email' },
  { id: 'b7c4d1e9a2', text: 'Direct Mail' },
  { id: 'c6e5f0a3b4', text: 'Customized Online Advertising' },
];

export const LIST_ID = '4f1c2a9e7b';
