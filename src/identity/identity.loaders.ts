import DataLoader from 'dataloader';
import type { HistoryEntry, IdentityService, StoredLink } from './identity.service';

/** Per request: the links and history of every customer in a response, one statement each. */
export function createIdentityLoaders(identity: IdentityService) {
  return {
    links: new DataLoader<string, StoredLink[]>((ids) => identity.linksOfCustomers(ids)),
    history: new DataLoader<string, HistoryEntry[]>((ids) => identity.historyOfCustomers(ids)),
  };
}

export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;
