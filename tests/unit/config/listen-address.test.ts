import { createServer, type Server } from 'node:net';
import { ConfigError } from '../../../src/config/config';
import { checkListenAddress, listenOrRefuse, listenProblem } from '../../../src/config/listen-address';

/** The ConfigError's problems, or fails the test. */
async function refusal(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('listening on HOST:PORT', () => {
  it('names HOST when the address is not this machine\'s, and PORT when it is taken', async () => {
    expect(await refusal(checkListenAddress('192.0.2.1', 0))).toEqual(['HOST "192.0.2.1" is not an address of this machine (EADDRNOTAVAIL)']);
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as { port: number };
      expect(await refusal(checkListenAddress('127.0.0.1', port))).toEqual([`PORT ${port} is already in use on 127.0.0.1 (EADDRINUSE)`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('names HOST when it does not resolve', async () => {
    // .invalid never resolves (RFC 6761); without DNS at all the lookup fails with another getaddrinfo code
    const [problem] = await refusal(checkListenAddress('no-such-host.invalid', 0));
    expect(problem).toMatch(/^HOST "no-such-host\.invalid" does not resolve to an address \((ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\)$/);
  });

  it('checks an address it can use and lets go of it, so the server can listen there next', async () => {
    const server = createServer();
    await checkListenAddress('127.0.0.1', 0);
    await listenOrRefuse(server, '127.0.0.1', 0);
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    await expect(checkListenAddress('127.0.0.1', port)).resolves.toBeUndefined();
  });

  it('leaves other failures to the caller', () => {
    expect(listenProblem(Object.assign(new Error('x'), { code: 'EMFILE' }), '0.0.0.0', 4000)).toBeUndefined();
    expect(listenProblem(Object.assign(new Error('x'), { code: 'EACCES' }), '0.0.0.0', 80)).toBe('PORT 80 on 0.0.0.0 needs privileges this process does not have (EACCES)');
  });
});
