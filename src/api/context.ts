import type { CountryCode } from 'libphonenumber-js';
import type { JunkConfig } from '../identity/matching/junk-values';
import type { IdentityLoaders } from '../identity/identity.loaders';
import type { IdentityService } from '../identity/identity.service';
import type { CustomerLoaders } from '../profile/customer.loaders';
import type { Audit } from '../audit/create-audit';
import type { ExperienceSummaryRepository } from '../metrics/experience-summary.repository';
import type { Policy } from '../privacy/policy';
import type { Survivorship } from '../profile/survivorship';
import type { Services } from '../services';
import type { CustomerRepository } from '../profile/customer.repository';
import type { SegmentService } from '../segments/segment.service';
import type { Viewer } from './auth/roles';

/** What a request touched and what the policy decided, filled while it runs; the access log records it. */
export interface AccessNote {
  fields: Record<string, 'allowed' | 'masked' | 'pseudonymised' | 'redacted' | 'denied'>;
  denied: boolean;
}

/** Built once per request by the context factory (see app.ts). */
export interface RequestContext {
  requestId: string;
  viewer: Viewer;
  loaders: CustomerLoaders;
  customers: CustomerRepository;
  identity: IdentityService;
  identityLoaders: IdentityLoaders;
  region: CountryCode;
  /** Placeholder values configured beside the built-in ones (IDENTITY_JUNK_*): the profile leaves them out as identity does. */
  junk: JunkConfig;
  /** The survivorship rules golden profiles are built by (SURVIVORSHIP_FILE). */
  survivorship: Survivorship;
  /** The privacy policy in force (enforced by the privacy plugin; read here only to explain it). */
  privacy: Policy;
  access: AccessNote;
  audit: Audit;
  subjectExport: (customerId: string) => Promise<Record<string, unknown> | null>;
  erase: Services['erase'];
  segments: SegmentService;
  /** The company-wide experience summary (Query.experienceSummary). */
  experience: ExperienceSummaryRepository;
}
