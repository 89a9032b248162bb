import { createServer, type Server } from 'node:net';
import { ConfigError } from './config-error';

/**
 * What is wrong with HOST or PORT when listening fails, naming the setting; undefined for a failure that is
 * not about them. Without this a bad HOST ended the process with getaddrinfo's error from an unhandled
 * 'error' event.
 */
export function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string | undefined {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `HOST "${host}" does not resolve to an address (${error.code})`;
    case 'EADDRNOTAVAIL':
      return `HOST "${host}" is not an address of this machine (EADDRNOTAVAIL)`;
    case 'EAFNOSUPPORT':
      return `HOST "${host}" is of an address family this machine does not support (EAFNOSUPPORT)`;
    case 'EADDRINUSE':
      return `PORT ${port} is already in use on ${host} (EADDRINUSE)`;
    case 'EACCES':
      return `PORT ${port} on ${host} needs privileges this process does not have (EACCES)`;
    default:
      return undefined;
  }
}

/** Starts `listen` and waits for it; a failure about HOST or PORT becomes a ConfigError naming it. */
export function listenOrRefuse(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.removeListener('listening', listening);
      const problem = listenProblem(error, host, port);
      reject(problem ? new ConfigError([problem]) : error);
    };
    const listening = () => {
      server.removeListener('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, host);
  });
}

/**
 * Binds HOST:PORT once and lets go, so an address the server could never listen on is refused before the
 * database is opened and migrated, not minutes later. PORT 0 checks only the host.
 */
export async function checkListenAddress(host: string, port: number): Promise<void> {
  const probe = createServer();
  await listenOrRefuse(probe, host, port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
