/** `npm run token -- --user-id <id> [--ttl 1h]`: prints a user token for an existing, live user. */
import { DEFAULT_TOKEN_TTL, TokenService } from '../auth/token.service.js';
import { DomainError } from '../common/domain-error.js';
import { UsersService } from '../users/users.service.js';
import { required, runCli } from './run-cli.js';

const USAGE = 'npm run token -- --user-id <id> [--ttl 1h]';

runCli(USAGE, { 'user-id': { type: 'string' }, ttl: { type: 'string' } }, async (app, values) => {
  const raw = required(values, 'user-id', USAGE);
  const userId = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(userId) || userId < 1)
    throw new Error(`--user-id must be a positive integer, not ${raw}`);
  const user = await app.get(UsersService).get(userId);
  const ttl = values.ttl ?? DEFAULT_TOKEN_TTL;
  try {
    return await app.get(TokenService).sign(user.id, ttl);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new Error(`--ttl ${ttl} is not a duration such as 90s, 15m, 1h or 7d`, { cause: error });
  }
});
