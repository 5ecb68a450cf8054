/** Comparing a presented secret with the expected one in constant time. */
import { timingSafeEqual } from 'node:crypto';

/**
 * A check of presented secrets against `expected`, in time that depends on their lengths only
 * (a secret's length is no secret: it is documented as at least 16 or 32 characters).
 */
export function secretMatcher(expected: string): (presented: string) => boolean {
  const wanted = Buffer.from(expected);
  return (presented) => {
    const given = Buffer.from(presented);
    // Compared with itself when the lengths differ, so both paths do the same work.
    return given.length === wanted.length ? timingSafeEqual(given, wanted) : !timingSafeEqual(wanted, wanted);
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? /^Bearer (.+)$/i.exec(header)?.[1] : undefined;
}
