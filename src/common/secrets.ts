/** Comparing a presented secret with the expected one in constant time, whatever their lengths. */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/** A check of presented secrets against `expected`; equal-length digests make it take the same time. */
export function secretMatcher(expected: string): (presented: string) => boolean {
  const wanted = digest(expected);
  return (presented) => timingSafeEqual(digest(presented), wanted);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? /^Bearer (.+)$/i.exec(header)?.[1] : undefined;
}
