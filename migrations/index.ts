import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { IdentityStore1764300000000 } from './1764300000000-IdentityStore';
import { AccessLog1764500000000 } from './1764500000000-AccessLog';
import { Erasure1764600000000 } from './1764600000000-Erasure';
import { CustomerMetrics1764700000000 } from './1764700000000-CustomerMetrics';
import { Segments1764800000000 } from './1764800000000-Segments';
import { AuditWriterRole1764900000000 } from './1764900000000-AuditWriterRole';
import { IdentityIncremental1765000000000 } from './1765000000000-IdentityIncremental';
import { IdentityBlockKeyWrites1765000000001 } from './1765000000001-IdentityBlockKeyWrites';
import { AccessLogAppend1765100000000 } from './1765100000000-AccessLogAppend';
import { AccessFieldSets1765150000000 } from './1765150000000-AccessFieldSets';
import { CustomerAttributes1765306000000 } from './1765306000000-CustomerAttributes';
import { CustomerEvents1765306000001 } from './1765306000001-CustomerEvents';
import { CustomerConsent1765306000002 } from './1765306000002-CustomerConsent';
import { TicketChangeIndex1765306000003 } from './1765306000003-TicketChangeIndex';
import { AccessLogAppendIds1765400000000 } from './1765400000000-AccessLogAppendIds';
import { AccessLogCustomerIndexDirect1765400000001 } from './1765400000001-AccessLogCustomerIndexDirect';
import { CustomerMetricsHot1765400000002 } from './1765400000002-CustomerMetricsHot';
import { AttributesWithHotTraits1765900000000 } from './1765900000000-AttributesWithHotTraits';
import { MetricsQueueUpdateSetBased1766000000001 } from './1766000000001-MetricsQueueUpdateSetBased';
import { AccessLogAppendLean1766100000000 } from './1766100000000-AccessLogAppendLean';
import { CustomerSearchPhones1766200000000 } from './1766200000000-CustomerSearchPhones';
import { CountryNormalisation1766300000000 } from './1766300000000-CountryNormalisation';
import { MetricsQueueUpdatePlannedPerStatement1766400000000 } from './1766400000000-MetricsQueueUpdatePlannedPerStatement';
import { ImportRunInterrupted1766400000001 } from './1766400000001-ImportRunInterrupted';
import { MetricsRecomputeMissingEvidence1766500000000 } from './1766500000000-MetricsRecomputeMissingEvidence';

/** Listed explicitly so the same code runs from ts-jest and from the compiled dist/. */
export const migrations = [InitialSchema1764100000000, IdentityStore1764300000000, AccessLog1764500000000, Erasure1764600000000, CustomerMetrics1764700000000, Segments1764800000000, AuditWriterRole1764900000000, IdentityIncremental1765000000000, IdentityBlockKeyWrites1765000000001, AccessLogAppend1765100000000, AccessFieldSets1765150000000, CustomerAttributes1765306000000, CustomerEvents1765306000001, CustomerConsent1765306000002, TicketChangeIndex1765306000003, AccessLogAppendIds1765400000000, AccessLogCustomerIndexDirect1765400000001, CustomerMetricsHot1765400000002, AttributesWithHotTraits1765900000000, MetricsQueueUpdateSetBased1766000000001, AccessLogAppendLean1766100000000, CustomerSearchPhones1766200000000, CountryNormalisation1766300000000, MetricsQueueUpdatePlannedPerStatement1766400000000, ImportRunInterrupted1766400000001, MetricsRecomputeMissingEvidence1766500000000];
