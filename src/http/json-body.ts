/**
 * The JSON body parser: an object or an array at the top, the parse error in the message, and
 * "__proto__" keys refused (class-transformer would turn one into a prototype, dropping what it
 * held; no field of this API has that name).
 */
import type { FastifyBodyParser } from 'fastify';
import secureJson from 'secure-json-parse';

import { DomainError } from '../common/domain-error.js';

const PROTO_ERROR = 'Object contains forbidden prototype property';

export const parseJsonBody: FastifyBodyParser<Buffer> = (_request, body, done) => {
  // An empty body is an empty object, as Express's body parser had it.
  if (body.length === 0) return done(null, {});
  let value: unknown;
  try {
    value = secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    return done(
      new DomainError(
        'MALFORMED_REQUEST',
        message === PROTO_ERROR
          ? 'Malformed request: "__proto__" is not allowed as a key in a JSON body'
          : `Malformed request: invalid JSON: ${message}`,
      ),
    );
  }
  if (typeof value !== 'object' || value === null) {
    return done(new DomainError('MALFORMED_REQUEST', 'Malformed request: a JSON body must be an object or an array'));
  }
  done(null, value);
};
