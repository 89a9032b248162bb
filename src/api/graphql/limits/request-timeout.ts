import type { GatewayExecutionResult, GatewayInterface } from '@apollo/server-gateway-interface';
import { limitError } from './limit-errors';

/**
 * Answers REQUEST_TIMEOUT when execution takes longer than `ms`. JavaScript cannot stop the resolvers
 * that are running: they finish in the background and their result is dropped. The SQL they started
 * runs to its end and its connection goes back to the pool (the pool size bounds how many such
 * statements there can be); a database-side statement_timeout cuts them short (docs/api-hardening.md).
 */
export function withRequestTimeout(gateway: GatewayInterface, ms: number): GatewayInterface {
  return {
    async load(options) {
      const loaded = await gateway.load(options);
      const execute = loaded.executor;
      return { ...loaded, executor: execute && ((request) => withDeadline(execute(request), ms)) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

async function withDeadline(running: Promise<GatewayExecutionResult>, ms: number): Promise<GatewayExecutionResult> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<GatewayExecutionResult>((resolve) => {
    timer = setTimeout(() => resolve({ errors: [limitError('REQUEST_TIMEOUT', `the request took longer than ${ms} ms and was stopped`)] }), ms);
  });
  try {
    // Promise.race handles a late rejection of `running`: it never becomes an unhandled rejection.
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
