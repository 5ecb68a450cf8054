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
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The charset a Content-Type names, lower-cased, if it names one. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '');
  return match?.[1].slice(0, 40).toLowerCase();
}

export const parseJsonBody: FastifyBodyParser<Buffer> = (request, body, done) => {
  const charset = charsetOf(request.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return done(
      new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Request bodies must be JSON in UTF-8 (Content-Type: application/json), not charset=${charset}.`,
      ),
    );
  }
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
    return done(DomainError.field('body', 'body must be an object'));
  }
  done(null, value);
};
