/**
 * A reader that goes away (`tessera import … | head -1`, a closed terminal) must not end a command halfway:
 * an import that has committed still resolves, refreshes and writes its access-log entries. Node reports the
 * broken pipe (EPIPE) as an 'error' event on the stream, which ends the process when nobody listens. Here
 * output to a broken stream is dropped and the command carries on; it exits with its own status, as if its
 * output had been read.
 */
export function carryOnWhenOutputCloses(streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if (carrying.has(stream)) continue;
    carrying.add(stream);
    // EPIPE or another write error: there is no one left to tell
    stream.on('error', () => undefined);
  }
}

const carrying = new WeakSet<NodeJS.WritableStream>();
