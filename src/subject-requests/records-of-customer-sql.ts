/**
 * The records a data-subject request covers, as `r`: the customer's person records and every record they own
 * (`$1` = customer id), those the source marked deleted included, since they stay stored until erased. The
 * export and the erasure read the same set, so an export discloses everything an erasure would remove.
 */
export const RECORDS_OF_CUSTOMER = `
  SELECT DISTINCT r.id FROM source_record p JOIN source_record r ON r.person_record_id = p.id OR r.id = p.id
  WHERE p.customer_id = $1 AND p.person IS NOT NULL`;
