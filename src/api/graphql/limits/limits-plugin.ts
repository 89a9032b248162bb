import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { RequestContext } from '../../context';
import { checkLimits } from './check-limits';
import { DEFAULT_PAGE_SIZE, type LimitSettings } from './limit-settings';
import { limitError } from './limit-errors';
import { measureOperation, type OperationMeasure } from './measure-operation';
import { nulTextIn } from './nul-text';

const MEASURES_KEPT = 1000;

/**
 * Refuses an operation that breaks a limit before anything runs. The check sits after Apollo has
 * resolved the operation, where the variables are known (a `first: $n` counts as $n); the measure is
 * one walk of the AST, kept per query and operation name unless it depends on variables.
 */
export function limitsPlugin(settings: LimitSettings): ApolloServerPlugin<RequestContext> {
  const measures = new Map<string, OperationMeasure>();
  const rules = { defaultPageSize: DEFAULT_PAGE_SIZE, unpagedListSize: settings.unpagedListSize };
  // No per-request state: one listener serves every request.
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation(rc) {
      const operation = rc.operation;
      if (!operation) return;
      const nul = nulTextIn(rc.document, rc.request.variables);
      if (nul) throw limitError('BAD_USER_INPUT', `${nul} holds a NUL character (U+0000), which no text field can hold`);
      const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}`;
      let measure = measures.get(key);
      if (!measure) {
        const fragments: Record<string, FragmentDefinitionNode> = {};
        for (const d of rc.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
        measure = measureOperation(rc.schema, operation, fragments, rc.request.variables, rules);
        if (!measure.dependsOnVariables) {
          if (measures.size >= MEASURES_KEPT) measures.delete(measures.keys().next().value!);
          measures.set(key, measure);
        }
      }
      const refusal = checkLimits(measure, settings, rc.contextValue.viewer.roles);
      if (refusal) throw refusal;
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
