/**
 * The JSON body parser: UTF-8 only, an object at the top, the parse error in the message, and
 * "__proto__" keys (and "constructor" keys holding "prototype") refused: class-transformer would
 * turn one into a prototype, dropping what it held, and no field of this API has that name.
 * Bytes that are not UTF-8 are refused rather than replaced: two request ids that differ only
 * there would become one.
 */
import type { FastifyBodyParser } from 'fastify';
import secureJson from 'secure-json-parse';

import { DomainError } from '../common/domain-error.js';

const PROTO_ERROR = 'Object contains forbidden prototype property';

/** The one answer to a body that is not a JSON object, or to none where a route reads one. */
export const bodyNotAnObject = () => DomainError.field('body', 'body must be an object');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

// A `charset` parameter is not read (RFC 8259 §11 gives it no effect): the bytes must be UTF-8,
// whatever a client's library labels them.
export const parseJsonBody: FastifyBodyParser<Buffer> = (_request, body, done) => {
  // An empty body is an empty object, as Express's body parser had it.
  if (body.length === 0) return done(null, {});
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return done(new DomainError('MALFORMED_REQUEST', 'Malformed request: the body is not valid UTF-8'));
  }
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    return done(
      new DomainError(
        'MALFORMED_REQUEST',
        message === PROTO_ERROR
          ? 'Malformed request: "__proto__" is not allowed as a key in a JSON body, nor "constructor" holding "prototype"'
          : `Malformed request: invalid JSON: ${message}`,
      ),
    );
  }
  // Every body of this API is an object: an array or a bare value is refused here, in one way
  // for every route, before a field check would describe it field by field.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return done(bodyNotAnObject());
  }
  done(null, value);
};
