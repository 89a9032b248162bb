import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** The Dockerfile's HEALTHCHECK command (exec form: node -e <script>). */
function healthcheckScript(): string {
  const dockerfile = readFileSync(path.join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
  const exec = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(dockerfile);
  if (!exec) throw new Error('no HEALTHCHECK CMD in the Dockerfile');
  const [node, flag, script] = JSON.parse(exec[1]) as string[];
  expect([node, flag]).toEqual(['node', '-e']);
  return script;
}

/** Runs it as the container would, beside a server answering /readyz on `host`. */
async function check(host: string, env: Record<string, string>): Promise<number | null> {
  const server = http.createServer((req, res) => res.writeHead(req.url === '/readyz' ? 200 : 404).end());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  try {
    const port = String((server.address() as AddressInfo).port);
    return await new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', healthcheckScript()], { env: { PATH: process.env.PATH ?? '', PORT: port, ...env } });
      child.on('close', (code) => resolve(code));
    });
  } finally {
    server.close();
  }
}

describe('the Docker HEALTHCHECK', () => {
  it('asks the address in HOST when the server listens on that one only', async () => {
    expect(await check('127.0.0.2', { HOST: '127.0.0.2' })).toBe(0);
  });

  it('asks loopback when the server listens on every address', async () => {
    expect(await check('0.0.0.0', {})).toBe(0);
    expect(await check('0.0.0.0', { HOST: '0.0.0.0' })).toBe(0);
  });
});
