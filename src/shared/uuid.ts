const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid in its text form, either case: what a `::uuid` cast takes without error. */
export const isUuid = (id: string): boolean => UUID.test(id);
