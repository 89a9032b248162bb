import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
  return n;
}

export { isUuid } from '../../shared/uuid';
