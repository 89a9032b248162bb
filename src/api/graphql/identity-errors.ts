import { GraphQLError } from 'graphql';
import { IdentityError } from '../../identity/identity-error';

/** Identity refusals (unknown record, not a person, same record, …) reach the caller as bad input with their reason. */
export async function identityCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IdentityError) {
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', reason: error.code } });
    }
    throw error;
  }
}
