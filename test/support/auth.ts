/** Tokens for tests: real ones from the app's TokenService, and the bad kinds a client may send. */
import { SignJWT } from 'jose';

import { TokenService } from '../../src/auth/token.service.js';
import type { Role } from '../../src/common/domain.constants.js';
import { createUser } from './fixtures.js';
import type { TestApp } from './test-app.js';

export async function tokenFor(t: TestApp, userId: number, ttl = '1h'): Promise<string> {
  return t.app.get(TokenService).sign(userId, ttl);
}

/** A user of the given role and a bearer header for it. */
export async function signedIn(t: TestApp, role: Role = 'user', email?: string) {
  const user = await createUser(t.dataSource, { role, email });
  const token = await tokenFor(t, user.id);
  return { user, token, auth: { Authorization: `Bearer ${token}` } };
}

/** A well-formed HS256 token for `userId`, signed with another key. */
export function forgedToken(userId: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough-too'));
}

/** A correctly signed token that expired a minute ago. */
export function expiredToken(secret: string, userId: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setIssuedAt(now - 3600)
    .setExpirationTime(now - 60)
    .sign(new TextEncoder().encode(secret));
}
