/**
 * `npm run user:create -- --email <e> --auth-source email [--role admin]`: registers a user (with
 * the quota rows its defaults give) and prints it as JSON. This is how the first admin is made.
 */
import { AccountsService } from '../accounts/accounts.service.js';
import { AUTH_SOURCES, ROLES, type AuthSource, type Role } from '../common/domain.constants.js';
import { required, runCli } from './run-cli.js';

const USAGE = `npm run user:create -- --email <email> --auth-source <${AUTH_SOURCES.join('|')}> [--role <${ROLES.join('|')}>]`;

runCli(
  USAGE,
  { email: { type: 'string' }, 'auth-source': { type: 'string' }, role: { type: 'string' } },
  async (app, values) => {
    const email = required(values, 'email', USAGE);
    const authSource = required(values, 'auth-source', USAGE);
    const role = values.role ?? 'user';
    if (!(AUTH_SOURCES as readonly string[]).includes(authSource))
      throw new Error(`--auth-source must be one of: ${AUTH_SOURCES.join(', ')}`);
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of: ${ROLES.join(', ')}`);
    const { user } = await app
      .get(AccountsService)
      .register({ email, authSource: authSource as AuthSource, role: role as Role });
    return JSON.stringify({ id: user.id, email: user.email, auth_source: user.authSource, role: user.role });
  },
);
