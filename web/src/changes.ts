/**
 * Words for a change's place and values, shared by the previews before saving and the audit log:
 * "github overrides · openai · Daily: Inherit → $5.00".
 */
import type { Change } from './quota';
import { useFormat } from './ui';

const DOC = /^auth_source_default_(\w+?)_platform_quotas$/;
const GRANT = /^auth_source_default_(\w+?)_grant_on_signup$/;
const FIELD = /^(\w+?)_(limit_usd|usage_usd|window_start)$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT/;
/** The fields of a user in an audit entry, by their message key. */
const USER_FIELDS: Record<string, string> = {
  email: 'users.email',
  auth_source: 'users.authSource',
  role: 'users.roleLabel',
};

export function useChangeText() {
  const { t, te, windowName, money, moneyExact, time } = useFormat();

  function segment(part: string): string {
    if (part === 'default_platform_quotas') return t('defaults.systemDoc');
    if (Object.hasOwn(USER_FIELDS, part)) return t(USER_FIELDS[part]!);
    const doc = DOC.exec(part);
    if (doc) return t('defaults.sourceDoc', { source: doc[1] });
    const grant = GRANT.exec(part);
    if (grant) return t('defaults.grantFlag', { source: grant[1] });
    const field = FIELD.exec(part);
    if (field) {
      const what =
        field[2] === 'limit_usd'
          ? t('amounts.limit')
          : field[2] === 'usage_usd'
            ? t('audit.usageOf')
            : t('audit.windowStart');
      return `${windowName(field[1])} ${what}`;
    }
    return windowName(part);
  }

  // A user's quotas are the rows of its platforms: "anthropic · Daily", not "platform_quotas · anthropic · Daily".
  const place = (change: Change) =>
    change.path
      .filter((part, i) => !(i === 0 && part === 'platform_quotas' && change.path.length > 1))
      .map(segment)
      .join(' · ');

  /** Whether the value at this place is a limit (null: unlimited or inherit; 0: disabled). */
  function isLimit(change: Change): boolean {
    const last = change.path[change.path.length - 1] ?? '';
    return /limit_usd$/.test(last) || te(`windows.${last}`);
  }

  function value(change: Change, v: unknown): string {
    if (v === null || v === undefined) {
      if (DOC.test(change.path[0] ?? '')) return t('common.inherit');
      return isLimit(change) ? t('common.unlimited') : '—';
    }
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string' && DECIMAL.test(v)) {
      if (isLimit(change) && /^0+(\.0+)?$/.test(v)) return t('common.disabled');
      // Two decimals would hide a change in the tenth digit: show every digit when they matter.
      return /\.\d{3,}/.test(v.replace(/0+$/, '')) ? moneyExact(v) : money(v);
    }
    if (typeof v === 'string' && ISO_TIME.test(v)) return time(v);
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  return { place, value };
}
