/**
 * Generated from the service's OpenAPI document (/docs-json) by `npm run api:types`: do not edit.
 */

export interface paths {
    "/api/v1/admin/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every admin change, newest first: who, what, to whom, before and after
         * @description A query parameter not listed here is refused (400 VALIDATION_FAILED).
         */
        get: operations["AuditAdminController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/platform-quotas/apply-defaults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-apply the current defaults to existing users
         * @description Limits only; usage and window starts are kept. Each user gets the defaults of its own auth source. fill_missing creates only the rows a user lacks (registration gives every platform a row, so this fills what an admin removed); overwrite also sets the limits of existing rows, custom ones included. Name the users (user_ids) or all of them (all: true), not both. A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["UsersAdminController_applyDefaults"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/platform-quotas/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply the defaults, reset a window or set limits for many users at once
         * @description For the users named (user_ids), those a filter of the users list matches (filter), or every live user (all), at most 10,000. Each user is changed in a transaction of its own and audited as the single action would be; the answer has one entry per user. With dry_run, nothing is written: the answer lists whom it would touch. A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["BulkAdminController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/settings/platform-quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The system default and the seven auth-source documents with their grant flags
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["SettingsAdminController_read"];
        /**
         * Replace the documents and flags named in the body
         * @description A key that is absent or null keeps its stored value; a document replaces the stored one whole; {} clears it. Documents apply to users registered afterwards; use apply-defaults for existing users. One invalid document refuses the whole request and nothing is written. A query parameter is refused (400 VALIDATION_FAILED).
         */
        put: operations["SettingsAdminController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List live users with their quotas: search by email, filter by auth source, platform and status, sort
         * @description Each user comes with the state of its rows, so a page of the list takes one request. A query parameter not listed here is refused (400 VALIDATION_FAILED).
         */
        get: operations["UsersAdminController_list"];
        put?: never;
        /**
         * Create a user; its quota rows come from the current defaults of its auth source
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["UsersAdminController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One live user
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["UsersAdminController_get"];
        put?: never;
        post?: never;
        /**
         * Soft-delete a user and its active quota rows
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        delete: operations["UsersAdminController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/platform-quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user’s active quota rows, expired windows reading 0
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["QuotaAdminController_read"];
        /**
         * Replace all of the user’s quotas
         * @description Platforms left out are soft-deleted (the user becomes unlimited there); kept platforms keep their usage and window starts; missing limits are unlimited. One transaction. A query parameter is refused (400 VALIDATION_FAILED).
         */
        put: operations["QuotaAdminController_replace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/platform-quotas/{platform}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove (soft-delete) one platform’s row: the user becomes unlimited there
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        delete: operations["QuotaAdminController_remove"];
        options?: never;
        head?: never;
        /**
         * Change some limits of one platform (creating its row if needed)
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        patch: operations["QuotaAdminController_patch"];
        trace?: never;
    };
    "/api/v1/admin/users/{id}/platform-quotas/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a window’s usage to 0, the window starting now
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["QuotaAdminController_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/usage-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the user spent per day and platform, from the ledger
         * @description The last `days` days (today included) in the service’s time zone, every day present, oldest first. A query parameter not listed here is refused (400 VALIDATION_FAILED).
         */
        get: operations["UsersAdminController_usageHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/billing/charge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record what an upstream call cost
         * @description Adds the cost to the daily, weekly and monthly usage of (user, platform), restarting expired windows, whether or not the user has limits there. Idempotent by request_id. Charges are never refused for quota: the call has already been made. A hold reserved under the same request_id (and user, platform) is settled in the same statement: it stops counting as the cost, lower or higher, is added; after its expiry too. A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["BillingInternalController_charge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/billing/charges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record up to 1,000 charges at once
         * @description Each charge is validated and recorded on its own: the answer has one entry per charge, in order, either `{ ok: true, charge }` or `{ ok: false, error }` with the error body a single charge would have received. The body may hold up to 2 MB. A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["BillingInternalController_charges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/billing/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * May this user spend on this platform now?
         * @description 200 with each window’s limit, usage, remaining amount and reset time, and what live holds keep (`held_usd`), when allowed. 429 when a window is exhausted (`usage + held >= limit`), naming the first one in the order daily, weekly, monthly, with `Retry-After` in seconds until it resets (60 when unknown). A disabled window (limit 0) always refuses and is named first, with `disabled: true`, no `resets_at` and no `Retry-After`: waiting does not lift it. With `hold_usd` and `request_id`, the check also reserves a hold in the same atomic step: granted only when, in every limited window, `usage + held + hold_usd <= limit` (and `usage + held < limit`), answered with `hold` (id, amount, expiry); otherwise 429 and nothing is held. A hold counts as used until the charge with the same request_id settles it, POST /release releases it, or BILLING_HOLD_TTL_SECONDS pass. The same request_id again returns the first hold with `duplicate: true`. A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["BillingInternalController_check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/billing/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a hold whose request never reached the upstream
         * @description The hold reserved under request_id stops counting at once. Idempotent: a hold released before, settled by its charge or expired is answered as it is, with `duplicate: true` (holds are kept for a day after they expire). A query parameter is refused (400 VALIDATION_FAILED).
         */
        post: operations["BillingInternalController_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The service’s vocabulary: platforms, windows, auth sources, roles, time zone, monthly mode, money
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["MeController_describe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/user/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user: id, email, auth source and role
         * @description A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["MeController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/user/platform-quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller’s own quotas: per platform and window, limit, usage, remaining, percent used, reset time
         * @description A user without rows gets []: unlimited everywhere. A query parameter is refused (400 VALIDATION_FAILED).
         */
        get: operations["UserQuotaController_mine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/user/usage-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the caller spent per day and platform
         * @description The last `days` days (today included) in the service’s time zone, every day present, oldest first. A query parameter not listed here is refused (400 VALIDATION_FAILED).
         */
        get: operations["MeController_usageHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and serving HTTP */
        get: operations["HealthController_liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The service's metrics in Prometheus's text format
         * @description Billing calls by outcome, batch sizes and durations, queue depths, pool use, holds, HTTP request durations, and Node.js process figures. With METRICS_TOKEN set, send it as a bearer token; unset, the endpoint is open.
         */
        get: operations["MetricsController_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers a query */
        get: operations["HealthController_readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdminQuotaListDto: {
            /** @description Active rows in platform order. */
            platform_quotas: components["schemas"]["AdminQuotaViewDto"][];
        };
        AdminQuotaViewDto: {
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example 10
             */
            daily_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 6.8
             */
            daily_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 3.2
             */
            daily_usage_usd: string;
            /**
             * Format: date-time
             * @description When the window resets
             */
            daily_window_resets_at: string | null;
            /**
             * Format: date-time
             * @description Start of the current window; null when it expired or was never opened
             */
            daily_window_start: string | null;
            /**
             * @description What holds of calls under way keep (reserved by checks with hold_usd, not yet settled, released or expired): counted as used beside the usage in every window, so each remaining amount is limit - usage - held
             * @example 0.5
             */
            held_usd: string;
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example 100
             */
            monthly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 58.5
             */
            monthly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 41.5
             */
            monthly_usage_usd: string;
            /**
             * Format: date-time
             * @description null for a rolling month not yet opened by a charge
             */
            monthly_window_resets_at: string | null;
            /**
             * Format: date-time
             * @description Start of the current window; null when it expired or was never opened
             */
            monthly_window_start: string | null;
            /**
             * @example anthropic
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example null
             */
            weekly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example null
             */
            weekly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 3.2
             */
            weekly_usage_usd: string;
            /**
             * Format: date-time
             * @description When the window resets
             */
            weekly_window_resets_at: string | null;
            /**
             * Format: date-time
             * @description Start of the current window; null when it expired or was never opened
             */
            weekly_window_start: string | null;
        };
        ApplyDefaultsDto: {
            /**
             * @description Every live user; or send user_ids.
             * @enum {boolean}
             */
            all?: true;
            /**
             * @description fill_missing: create rows only for platforms without one; overwrite: also replace the limits of existing rows.
             * @enum {string}
             */
            mode: "fill_missing" | "overwrite";
            /**
             * @description These users (up to 1,000); or send all: true.
             * @example [
             *       42,
             *       43
             *     ]
             */
            user_ids?: number[];
        } & (unknown | unknown);
        ApplyDefaultsResultDto: {
            /**
             * @description Quota rows whose limits changed: created plus updated.
             * @example 3
             */
            rows_changed: number;
            /** @example 2 */
            rows_created: number;
            /** @example 1 */
            rows_updated: number;
            /**
             * @description Users the defaults were applied to.
             * @example 2
             */
            users: number;
        };
        AuditLogEntryDto: {
            /** @enum {string} */
            action: "settings.platform_quotas.updated" | "user.created" | "user.deleted" | "user.platform_quotas.replaced" | "user.platform_quota.updated" | "user.platform_quota.deleted" | "user.platform_quota.reset" | "user.platform_quotas.defaults_applied";
            /**
             * @description The admin who made the change.
             * @example 1
             */
            actor_user_id: number | null;
            /**
             * @example {
             *       "anthropic": {
             *         "daily": "20",
             *         "weekly": null,
             *         "monthly": null
             *       }
             *     }
             */
            after: {
                [key: string]: unknown;
            } | null;
            /**
             * @example {
             *       "anthropic": {
             *         "daily": "10",
             *         "weekly": null,
             *         "monthly": null
             *       }
             *     }
             */
            before: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            created_at: string;
            /** @example 7 */
            id: number;
            /**
             * @description The user changed; null for settings.
             * @example 42
             */
            target_user_id: number | null;
        };
        AuditLogPageDto: {
            items: components["schemas"]["AuditLogEntryDto"][];
            /** @example 1 */
            page: number;
            /** @example 20 */
            page_size: number;
            /** @example 1 */
            total: number;
        };
        BulkActionDto: {
            /**
             * @description set_limits: USD; null = unlimited, 0 = disabled; absent = unchanged; at most 10 integer and 10 fraction digits, never rounded.
             * @example 5
             */
            daily_limit_usd?: (string | number) | null;
            /**
             * @description apply_defaults.
             * @enum {string}
             */
            mode?: "fill_missing" | "overwrite";
            /**
             * @description set_limits: USD; null = unlimited, 0 = disabled; absent = unchanged; at most 10 integer and 10 fraction digits, never rounded.
             * @example 50
             */
            monthly_limit_usd?: (string | number) | null;
            /**
             * @description reset and set_limits.
             * @enum {string}
             */
            platform?: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description apply_defaults (mode): the current defaults of each user’s auth source; reset (platform, window): usage 0, the window starting now; set_limits (platform and the limits to set).
             * @enum {string}
             */
            type: "apply_defaults" | "reset" | "set_limits";
            /**
             * @description set_limits: USD; null = unlimited, 0 = disabled; absent = unchanged; at most 10 integer and 10 fraction digits, never rounded.
             * @example null
             */
            weekly_limit_usd?: (string | number) | null;
            /**
             * @description reset.
             * @enum {string}
             */
            window?: "daily" | "weekly" | "monthly" | "all";
        } & ({
            daily_limit_usd?: unknown;
            monthly_limit_usd?: unknown;
            platform?: unknown;
            /** @enum {unknown} */
            type?: "apply_defaults";
            weekly_limit_usd?: unknown;
            window?: unknown;
        } | {
            daily_limit_usd?: unknown;
            mode?: unknown;
            monthly_limit_usd?: unknown;
            /** @enum {unknown} */
            type?: "reset";
            weekly_limit_usd?: unknown;
        } | ({
            mode?: unknown;
            /** @enum {unknown} */
            type?: "set_limits";
            window?: unknown;
        } | unknown | unknown | unknown));
        BulkFilterDto: {
            /** @enum {string} */
            auth_source?: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /** @enum {string} */
            platform?: "anthropic" | "openai" | "gemini" | "antigravity";
            /** @description Part of the email, case-insensitive. */
            search?: string;
            /** @enum {string} */
            status?: "limited" | "near_limit" | "exhausted";
        };
        BulkRequestDto: {
            action: components["schemas"]["BulkActionDto"];
            /**
             * @description Only say whom the action would touch; write nothing.
             * @default false
             */
            dry_run: boolean;
            target: components["schemas"]["BulkTargetDto"];
        };
        BulkResultDto: {
            dry_run: boolean;
            /** @description One entry per user, in id order (as given for user_ids). */
            results: components["schemas"]["BulkUserResultDto"][];
            /**
             * @description The users the target holds.
             * @example 2
             */
            users: number;
        };
        BulkTargetDto: {
            /**
             * @description Every live user.
             * @enum {boolean}
             */
            all?: true;
            /** @description The users the users list shows for this filter. */
            filter?: components["schemas"]["BulkFilterDto"];
            /**
             * @description These users (up to 10000).
             * @example [
             *       42,
             *       43
             *     ]
             */
            user_ids?: number[];
        } & (unknown | unknown | unknown);
        BulkUserResultDto: {
            /** @description Whether anything changed: rows created or limits set; false in a dry run. */
            changed: boolean;
            /**
             * @description null for an unknown id.
             * @example ada@example.com
             */
            email: string | null;
            /** @description Why it failed for this user. */
            error?: {
                /**
                 * @description Stable machine-readable code.
                 * @example VALIDATION_FAILED
                 */
                code?: string;
                /**
                 * @description For refused input, `errors`: the offending fields; other codes carry their own facts.
                 * @example {
                 *       "errors": [
                 *         {
                 *           "field": "cost_usd",
                 *           "message": "cost_usd must be >= 0"
                 *         }
                 *       ]
                 *     }
                 */
                details?: {
                    [key: string]: unknown;
                };
                /** @example cost_usd: cost_usd must be >= 0 */
                message?: string;
                /**
                 * @description Only in the error of one item of a batch answer (which is 200): the seconds a single request would have been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).
                 * @example 1
                 */
                retryAfterSeconds?: number;
                /** @example 400 */
                statusCode?: number;
            };
            /** @description Whether the action was applied (or, in a dry run, would be tried). */
            ok: boolean;
            /** @example 42 */
            user_id: number;
        };
        ChargeBatchRequestDto: {
            /** @description Charges to record; each is validated and answered on its own. */
            charges: unknown[];
        };
        ChargeBatchResponseDto: {
            /** @description One entry per submitted charge, in order: { ok: true, charge } or { ok: false, error }. */
            results: {
                charge?: {
                    /** Format: date-time */
                    charged_at: string;
                    /**
                     * @description The cost as recorded (rounded to 10 fraction digits).
                     * @example 0.0125
                     */
                    cost_usd: string;
                    /**
                     * @description Usage right after this charge.
                     * @example 3.2125
                     */
                    daily_usage_usd: string;
                    /** Format: date-time */
                    daily_window_start: string;
                    /** @description True when this request id had been charged before: nothing was added this time. */
                    duplicate: boolean;
                    /**
                     * @description Windows now at or over their limit.
                     * @example []
                     */
                    exhausted_windows: ("daily" | "weekly" | "monthly")[];
                    /** @example 41.5 */
                    monthly_usage_usd: string;
                    /** Format: date-time */
                    monthly_window_start: string;
                    /**
                     * @example openai
                     * @enum {string}
                     */
                    platform: "anthropic" | "openai" | "gemini" | "antigravity";
                    /** @example req_01J9ZK3V6Q2 */
                    request_id: string;
                    /** @example 42 */
                    user_id: number;
                    /** @example 10.0125 */
                    weekly_usage_usd: string;
                    /** Format: date-time */
                    weekly_window_start: string;
                };
                error?: {
                    /**
                     * @description Stable machine-readable code.
                     * @example VALIDATION_FAILED
                     */
                    code: string;
                    /**
                     * @description For refused input, `errors`: the offending fields; other codes carry their own facts.
                     * @example {
                     *       "errors": [
                     *         {
                     *           "field": "cost_usd",
                     *           "message": "cost_usd must be >= 0"
                     *         }
                     *       ]
                     *     }
                     */
                    details?: {
                        [key: string]: unknown;
                    };
                    /** @example cost_usd: cost_usd must be >= 0 */
                    message: string;
                    /**
                     * @description Only in the error of one item of a batch answer (which is 200): the seconds a single request would have been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).
                     * @example 1
                     */
                    retryAfterSeconds?: number;
                    /** @example 400 */
                    statusCode: number;
                };
                /** @description Whether this charge was recorded (or had been, for a duplicate). */
                ok: boolean;
            }[];
        };
        ChargeItemResultDto: {
            charge?: {
                /** Format: date-time */
                charged_at: string;
                /**
                 * @description The cost as recorded (rounded to 10 fraction digits).
                 * @example 0.0125
                 */
                cost_usd: string;
                /**
                 * @description Usage right after this charge.
                 * @example 3.2125
                 */
                daily_usage_usd: string;
                /** Format: date-time */
                daily_window_start: string;
                /** @description True when this request id had been charged before: nothing was added this time. */
                duplicate: boolean;
                /**
                 * @description Windows now at or over their limit.
                 * @example []
                 */
                exhausted_windows: ("daily" | "weekly" | "monthly")[];
                /** @example 41.5 */
                monthly_usage_usd: string;
                /** Format: date-time */
                monthly_window_start: string;
                /**
                 * @example openai
                 * @enum {string}
                 */
                platform: "anthropic" | "openai" | "gemini" | "antigravity";
                /** @example req_01J9ZK3V6Q2 */
                request_id: string;
                /** @example 42 */
                user_id: number;
                /** @example 10.0125 */
                weekly_usage_usd: string;
                /** Format: date-time */
                weekly_window_start: string;
            };
            error?: {
                /**
                 * @description Stable machine-readable code.
                 * @example VALIDATION_FAILED
                 */
                code: string;
                /**
                 * @description For refused input, `errors`: the offending fields; other codes carry their own facts.
                 * @example {
                 *       "errors": [
                 *         {
                 *           "field": "cost_usd",
                 *           "message": "cost_usd must be >= 0"
                 *         }
                 *       ]
                 *     }
                 */
                details?: {
                    [key: string]: unknown;
                };
                /** @example cost_usd: cost_usd must be >= 0 */
                message: string;
                /**
                 * @description Only in the error of one item of a batch answer (which is 200): the seconds a single request would have been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).
                 * @example 1
                 */
                retryAfterSeconds?: number;
                /** @example 400 */
                statusCode: number;
            };
            /** @description Whether this charge was recorded (or had been, for a duplicate). */
            ok: boolean;
        };
        ChargeRequestDto: {
            /**
             * @description What the upstream call cost, in USD: a JSON number or a decimal string ("0.0125"), rounded half-up to 10 fraction digits, at most 9999999999.9999999999 after rounding. Zero is recorded and leaves the usage unchanged.
             * @example 0.0125
             */
            cost_usd: number | string;
            /**
             * @example openai
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description The gateway’s id for the upstream request: the idempotency key. The same id with the same charge returns the recorded result (duplicate: true); with a different charge it is refused with 409.
             * @example req_01J9ZK3V6Q2
             */
            request_id: string;
            /**
             * @description The user whose quota is checked or charged.
             * @example 42
             */
            user_id: number;
        };
        ChargeResponseDto: {
            /** Format: date-time */
            charged_at: string;
            /**
             * @description The cost as recorded (rounded to 10 fraction digits).
             * @example 0.0125
             */
            cost_usd: string;
            /**
             * @description Usage right after this charge.
             * @example 3.2125
             */
            daily_usage_usd: string;
            /** Format: date-time */
            daily_window_start: string;
            /** @description True when this request id had been charged before: nothing was added this time. */
            duplicate: boolean;
            /**
             * @description Windows now at or over their limit.
             * @example []
             */
            exhausted_windows: ("daily" | "weekly" | "monthly")[];
            /** @example 41.5 */
            monthly_usage_usd: string;
            /** Format: date-time */
            monthly_window_start: string;
            /**
             * @example openai
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /** @example req_01J9ZK3V6Q2 */
            request_id: string;
            /** @example 42 */
            user_id: number;
            /** @example 10.0125 */
            weekly_usage_usd: string;
            /** Format: date-time */
            weekly_window_start: string;
        };
        CheckRequestDto: {
            /**
             * @description An estimated cost to hold until the charge with the same request_id settles it (with request_id). Rounded as a cost. Granted only when, in every limited window, usage + held + hold_usd <= limit and usage + held < limit; otherwise 429 and nothing is held.
             * @example 0.5
             */
            hold_usd?: number | string;
            /**
             * @example openai
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description With hold_usd: the gateway’s id for the upstream request, under which the hold is reserved; the charge with this id settles it, POST /release releases it. The same id again returns the hold reserved first (duplicate: true); with a different user, platform or amount, or an id already charged without a hold, it is refused with 409.
             * @example req_01J9ZK3V6Q2
             */
            request_id?: string;
            /**
             * @description The user whose quota is checked or charged.
             * @example 42
             */
            user_id: number;
        };
        CheckResponseDto: {
            /** @description False when a window is exhausted (the endpoint then answers 429). */
            allowed: boolean;
            /**
             * @description null = unlimited, "0" = disabled
             * @example 12.5
             */
            daily_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 12.5
             */
            daily_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired).
             * @example 12.5
             */
            daily_usage_usd: string;
            /** Format: date-time */
            daily_window_resets_at: string | null;
            /**
             * @description What the live holds of (user, platform) keep (a granted hold included): counted as used in every window, so each remaining amount is limit - usage - held.
             * @example 1.5
             */
            held_usd: string;
            /** @description The hold reserved, when the check asked for one (hold_usd). */
            hold?: {
                /**
                 * @description The amount held (rounded to 10 fraction digits).
                 * @example 0.5
                 */
                amount_usd: string;
                /** Format: date-time */
                created_at: string;
                /** @description True when this request id had been reserved (or, for a release, released) before this call. */
                duplicate: boolean;
                /** Format: date-time */
                expires_at: string;
                /** @example 7 */
                id: number;
                /**
                 * @example openai
                 * @enum {string}
                 */
                platform: "anthropic" | "openai" | "gemini" | "antigravity";
                /** @example req_01J9ZK3V6Q2 */
                request_id: string;
                /**
                 * @description held: counts as used until expires_at; settled: its charge was recorded; released: released; expired: it stopped counting at expires_at unsettled (a charge sent later still records).
                 * @enum {string}
                 */
                state: "held" | "settled" | "released" | "expired";
                /** @example 42 */
                user_id: number;
            };
            /**
             * @description null = unlimited, "0" = disabled
             * @example 12.5
             */
            monthly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 12.5
             */
            monthly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired).
             * @example 12.5
             */
            monthly_usage_usd: string;
            /**
             * Format: date-time
             * @description null for a rolling month whose window has not been opened by a charge yet
             */
            monthly_window_resets_at: string | null;
            /**
             * @example openai
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /** @example 42 */
            user_id: number;
            /**
             * @description null = unlimited, "0" = disabled
             * @example 12.5
             */
            weekly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 12.5
             */
            weekly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired).
             * @example 12.5
             */
            weekly_usage_usd: string;
            /** Format: date-time */
            weekly_window_resets_at: string | null;
        };
        CreateUserDto: {
            /**
             * @description Decides which auth-source defaults apply.
             * @example email
             * @enum {string}
             */
            auth_source: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /**
             * Format: email
             * @description Unique among live users, case-insensitively. An ASCII address: a dot-atom local part of at most 64 characters and a domain of letters, digits and hyphens (punycode for other scripts).
             * @example ada@example.com
             */
            email: string;
            /**
             * @default user
             * @enum {string}
             */
            role: "user" | "admin";
        };
        ErrorBodyDto: {
            /**
             * @description Stable machine-readable code.
             * @example VALIDATION_FAILED
             */
            code: string;
            /**
             * @description For refused input, `errors`: the offending fields; other codes carry their own facts.
             * @example {
             *       "errors": [
             *         {
             *           "field": "cost_usd",
             *           "message": "cost_usd must be >= 0"
             *         }
             *       ]
             *     }
             */
            details?: {
                [key: string]: unknown;
            };
            /** @example cost_usd: cost_usd must be >= 0 */
            message: string;
            /**
             * @description Only in the error of one item of a batch answer (which is 200): the seconds a single request would have been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).
             * @example 1
             */
            retryAfterSeconds?: number;
            /** @example 400 */
            statusCode: number;
        };
        HoldDto: {
            /**
             * @description The amount held (rounded to 10 fraction digits).
             * @example 0.5
             */
            amount_usd: string;
            /** Format: date-time */
            created_at: string;
            /** @description True when this request id had been reserved (or, for a release, released) before this call. */
            duplicate: boolean;
            /** Format: date-time */
            expires_at: string;
            /** @example 7 */
            id: number;
            /**
             * @example openai
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /** @example req_01J9ZK3V6Q2 */
            request_id: string;
            /**
             * @description held: counts as used until expires_at; settled: its charge was recorded; released: released; expired: it stopped counting at expires_at unsettled (a charge sent later still records).
             * @enum {string}
             */
            state: "held" | "settled" | "released" | "expired";
            /** @example 42 */
            user_id: number;
        };
        MeDto: {
            /** @enum {string} */
            auth_source: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /** @example ada@example.com */
            email: string;
            /** @example 42 */
            id: number;
            /**
             * @description As the database says now: admins see the admin API.
             * @enum {string}
             */
            role: "user" | "admin";
        };
        MetaDto: {
            auth_sources: ("email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk")[];
            /** @example USD */
            currency: string;
            /**
             * @description The largest amount a limit or a usage can hold.
             * @example 9999999999.9999999999
             */
            money_max: string;
            /**
             * @description Fraction digits amounts are kept to.
             * @example 10
             */
            money_scale: number;
            /**
             * @description QUOTA_MONTHLY_WINDOW.
             * @enum {string}
             */
            monthly_window: "rolling30d" | "calendar";
            /** @description Every platform, in the order views list them. */
            platforms: ("anthropic" | "openai" | "gemini" | "antigravity")[];
            roles: ("user" | "admin")[];
            /**
             * @description The IANA zone the daily and weekly windows start in (QUOTA_TIMEZONE).
             * @example UTC
             */
            timezone: string;
            windows: ("daily" | "weekly" | "monthly")[];
        };
        PatchQuotaDto: {
            /**
             * @description USD: absent = unchanged, null = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example 5
             */
            daily_limit_usd?: (string | number) | null;
            /**
             * @description USD: absent = unchanged, null = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example 100
             */
            monthly_limit_usd?: (string | number) | null;
            /**
             * @description USD: absent = unchanged, null = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example null
             */
            weekly_limit_usd?: (string | number) | null;
        };
        PlatformCostsDto: {
            /** @example 1.25 */
            anthropic: string;
            /** @example 1.25 */
            antigravity: string;
            /** @example 1.25 */
            gemini: string;
            /** @example 1.25 */
            openai: string;
        };
        PlatformQuotaSettingsDto: {
            /** @description false when never set */
            auth_source_default_dingtalk_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through dingtalk, applied when auth_source_default_dingtalk_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_dingtalk_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_email_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through email, applied when auth_source_default_email_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_email_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_github_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through github, applied when auth_source_default_github_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_github_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_google_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through google, applied when auth_source_default_google_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_google_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_linuxdo_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through linuxdo, applied when auth_source_default_linuxdo_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_linuxdo_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_oidc_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through oidc, applied when auth_source_default_oidc_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_oidc_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /** @description false when never set */
            auth_source_default_wechat_grant_on_signup: boolean;
            /** @description Field-level patch over the system default for users who sign up through wechat, applied when auth_source_default_wechat_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. As stored; null when never set. */
            auth_source_default_wechat_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            } | null;
            /**
             * @description Always all four platforms; unset limits are null.
             * @example {
             *       "anthropic": {
             *         "daily": "10",
             *         "weekly": null,
             *         "monthly": "200"
             *       },
             *       "openai": {
             *         "daily": "2.5",
             *         "weekly": "10",
             *         "monthly": null
             *       },
             *       "gemini": {
             *         "daily": null,
             *         "weekly": null,
             *         "monthly": null
             *       },
             *       "antigravity": {
             *         "daily": null,
             *         "weekly": null,
             *         "monthly": null
             *       }
             *     }
             */
            default_platform_quotas: {
                anthropic?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                antigravity?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                gemini?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
                openai?: {
                    /** @description USD: null = not set, "0" = disabled. */
                    daily: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    monthly: string | null;
                    /** @description USD: null = not set, "0" = disabled. */
                    weekly: string | null;
                } | null;
            };
        };
        QuotaItemDto: {
            /**
             * @description USD: null or absent = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example 10
             */
            daily_limit_usd?: (string | number) | null;
            /**
             * @description USD: null or absent = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example 100
             */
            monthly_limit_usd?: (string | number) | null;
            /**
             * @example anthropic
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description USD: null or absent = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.
             * @example null
             */
            weekly_limit_usd?: (string | number) | null;
        };
        ReleaseRequestDto: {
            /**
             * @description The request id the hold was reserved under.
             * @example req_01J9ZK3V6Q2
             */
            request_id: string;
        };
        ReplaceQuotasDto: {
            /** @description The complete set, each platform at most once: platforms left out are removed (soft-deleted); [] removes all. */
            quotas: components["schemas"]["QuotaItemDto"][];
        };
        ResetQuotaDto: {
            /**
             * @example anthropic
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description The window whose usage goes back to 0, or all three.
             * @example daily
             * @enum {string}
             */
            window: "daily" | "weekly" | "monthly" | "all";
        };
        UpdatePlatformQuotaSettingsDto: {
            /** @description Apply auth_source_default_dingtalk_platform_quotas to new dingtalk users. */
            auth_source_default_dingtalk_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through dingtalk, applied when auth_source_default_dingtalk_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_dingtalk_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_email_platform_quotas to new email users. */
            auth_source_default_email_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through email, applied when auth_source_default_email_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_email_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_github_platform_quotas to new github users. */
            auth_source_default_github_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through github, applied when auth_source_default_github_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_github_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_google_platform_quotas to new google users. */
            auth_source_default_google_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through google, applied when auth_source_default_google_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_google_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_linuxdo_platform_quotas to new linuxdo users. */
            auth_source_default_linuxdo_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through linuxdo, applied when auth_source_default_linuxdo_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_linuxdo_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_oidc_platform_quotas to new oidc users. */
            auth_source_default_oidc_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through oidc, applied when auth_source_default_oidc_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_oidc_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /** @description Apply auth_source_default_wechat_platform_quotas to new wechat users. */
            auth_source_default_wechat_grant_on_signup?: boolean | null;
            /**
             * @description Field-level patch over the system default for users who sign up through wechat, applied when auth_source_default_wechat_grant_on_signup is true: a set field wins (0 disables), null keeps the system value. {} clears it.
             * @example {
             *       "openai": {
             *         "monthly": 20
             *       }
             *     }
             */
            auth_source_default_wechat_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
            /**
             * @description The system default, replaced whole. Platforms left out have no default.
             * @example {
             *       "anthropic": {
             *         "daily": 10,
             *         "weekly": null,
             *         "monthly": 200
             *       },
             *       "openai": {
             *         "daily": "2.5",
             *         "weekly": "10",
             *         "monthly": null
             *       }
             *     }
             */
            default_platform_quotas?: {
                anthropic?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                antigravity?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                gemini?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
                openai?: {
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    daily?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    monthly?: (string | number) | null;
                    /** @description USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or absent = not set, 0 = disabled. */
                    weekly?: (string | number) | null;
                } | null;
            } | null;
        };
        UsageDayDto: {
            costs: components["schemas"]["PlatformCostsDto"];
            /**
             * @description A day in the service’s time zone.
             * @example 2026-05-20
             */
            date: string;
        };
        UsageHistoryDto: {
            /** @description Every day from `from` to `to`, oldest first. */
            days: components["schemas"]["UsageDayDto"][];
            /** @example 2026-04-21 */
            from: string;
            /**
             * @description The zone the days are counted in (QUOTA_TIMEZONE).
             * @example UTC
             */
            timezone: string;
            /** @example 2026-05-20 */
            to: string;
        };
        UserDto: {
            /** @enum {string} */
            auth_source: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description Set once the user is deleted.
             * @example null
             */
            deleted_at: string | null;
            /** @example ada@example.com */
            email: string;
            /** @example 42 */
            id: number;
            /** @enum {string} */
            role: "user" | "admin";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            updated_at: string;
        };
        UserPageDto: {
            items: components["schemas"]["UserWithQuotaSummaryDto"][];
            /** @example 1 */
            page: number;
            /** @example 20 */
            page_size: number;
            /** @example 1 */
            total: number;
        };
        UserQuotaListDto: {
            /** @description The caller’s active rows in platform order. */
            platform_quotas: components["schemas"]["UserQuotaViewDto"][];
        };
        UserQuotaViewDto: {
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example 10
             */
            daily_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 6.8
             */
            daily_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 3.2
             */
            daily_usage_usd: string;
            /**
             * @description usage / limit x 100, 2 decimals; null when unlimited, 100 when disabled
             * @example 32
             */
            daily_used_percent: number | null;
            /**
             * Format: date-time
             * @description When the window resets
             */
            daily_window_resets_at: string | null;
            /**
             * @description What holds of calls under way keep (reserved by checks with hold_usd, not yet settled, released or expired): counted as used beside the usage in every window, so each remaining amount is limit - usage - held
             * @example 0.5
             */
            held_usd: string;
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example 100
             */
            monthly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example 58.5
             */
            monthly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 41.5
             */
            monthly_usage_usd: string;
            /**
             * @description usage / limit x 100, 2 decimals; null when unlimited, 100 when disabled
             * @example 32
             */
            monthly_used_percent: number | null;
            /**
             * Format: date-time
             * @description null for a rolling month not yet opened by a charge
             */
            monthly_window_resets_at: string | null;
            /**
             * @example anthropic
             * @enum {string}
             */
            platform: "anthropic" | "openai" | "gemini" | "antigravity";
            /**
             * @description USD limit: null = unlimited, "0" = disabled
             * @example null
             */
            weekly_limit_usd: string | null;
            /**
             * @description limit - usage - held, never below 0; null when unlimited
             * @example null
             */
            weekly_remaining_usd: string | null;
            /**
             * @description Usage in the current window (0 once it expired)
             * @example 3.2
             */
            weekly_usage_usd: string;
            /**
             * @description usage / limit x 100, 2 decimals; null when unlimited, 100 when disabled
             * @example 32
             */
            weekly_used_percent: number | null;
            /**
             * Format: date-time
             * @description When the window resets
             */
            weekly_window_resets_at: string | null;
        };
        UserWithQuotasDto: {
            /** @enum {string} */
            auth_source: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description Set once the user is deleted.
             * @example null
             */
            deleted_at: string | null;
            /** @example ada@example.com */
            email: string;
            /** @example 42 */
            id: number;
            /** @description The rows the defaults created. */
            platform_quotas: components["schemas"]["AdminQuotaViewDto"][];
            /** @enum {string} */
            role: "user" | "admin";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            updated_at: string;
        };
        UserWithQuotaSummaryDto: {
            /** @enum {string} */
            auth_source: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description Set once the user is deleted.
             * @example null
             */
            deleted_at: string | null;
            /** @example ada@example.com */
            email: string;
            /** @example 42 */
            id: number;
            /**
             * @description The highest used_percent over the rows’ limited windows (100 when one is disabled); null when unlimited.
             * @example 82.5
             */
            max_used_percent: number | null;
            /** @description The user’s active rows in platform order, as the user sees them (usage of expired windows reads 0). */
            platform_quotas: components["schemas"]["UserQuotaViewDto"][];
            /** @enum {string} */
            role: "user" | "admin";
            /**
             * Format: date-time
             * @example 2026-01-05T09:30:00.000Z
             */
            updated_at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuditAdminController_list: {
        parameters: {
            query?: {
                action?: "settings.platform_quotas.updated" | "user.created" | "user.deleted" | "user.platform_quotas.replaced" | "user.platform_quota.updated" | "user.platform_quota.deleted" | "user.platform_quota.reset" | "user.platform_quotas.defaults_applied";
                page?: number;
                page_size?: number;
                /** @description Only entries about this user. */
                target_user_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPageDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_applyDefaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyDefaultsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplyDefaultsResultDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND: a named user does not exist; nothing was written. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BulkAdminController_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResultDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field (a target of more than 10,000 users: `target`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SettingsAdminController_read: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformQuotaSettingsDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, PUT
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    SettingsAdminController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePlatformQuotaSettingsDto"];
            };
        };
        responses: {
            /** @description The state after the write. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformQuotaSettingsDto"];
                };
            };
            /** @description INVALID_DEFAULT_PLATFORM_QUOTA (unknown platform or window, bad limit; details name each), VALIDATION_FAILED (unknown key, wrong type). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, PUT
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_list: {
        parameters: {
            query?: {
                auth_source?: "email" | "linuxdo" | "oidc" | "wechat" | "github" | "google" | "dingtalk";
                page?: number;
                page_size?: number;
                /** @description Only users with an active row on this platform; status and the usage sort then look at that row. */
                platform?: "anthropic" | "openai" | "gemini" | "antigravity";
                /** @description Part of the email, case-insensitive. */
                search?: string;
                /** @description id (oldest first), email, or usage: the highest share of a limit used first. */
                sort?: "id" | "email" | "usage";
                /** @description limited: has a limit; near_limit: a limited window at 80 % or more of its limit; exhausted: a window at or over its limit (a limit of 0 included). */
                status?: "limited" | "near_limit" | "exhausted";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPageDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserWithQuotasDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND (also for a deleted user) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, DELETE
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user as deleted (deleted_at set). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "email": "ada@example.com",
                     *       "auth_source": "email",
                     *       "role": "user",
                     *       "created_at": "2026-01-05T09:30:00.000Z",
                     *       "updated_at": "2026-01-05T09:30:00.000Z",
                     *       "deleted_at": "2026-02-01T12:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, DELETE
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    QuotaAdminController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user’s active rows after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminQuotaListDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names the item and field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND (unknown or deleted user) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, PUT
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    QuotaAdminController_replace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceQuotasDto"];
            };
        };
        responses: {
            /** @description The user’s active rows after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminQuotaListDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names the item and field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND (unknown or deleted user) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD, PUT
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    QuotaAdminController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
                platform: "anthropic" | "openai" | "gemini" | "antigravity";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user’s active rows after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminQuotaListDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names the item and field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND, or USER_PLATFORM_QUOTA_NOT_FOUND when there is no active row */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example PATCH, DELETE
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    QuotaAdminController_patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
                platform: "anthropic" | "openai" | "gemini" | "antigravity";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchQuotaDto"];
            };
        };
        responses: {
            /** @description The user’s active rows after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminQuotaListDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names the item and field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND (unknown or deleted user) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example PATCH, DELETE
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    QuotaAdminController_reset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetQuotaDto"];
            };
        };
        responses: {
            /** @description The user’s active rows after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminQuotaListDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names the item and field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND, or USER_PLATFORM_QUOTA_NOT_FOUND when there is no active row */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UsersAdminController_usageHistory: {
        parameters: {
            query?: {
                /** @description Days, today included. */
                days?: number;
            };
            header?: never;
            path: {
                /** @description User id: written in decimal digits, without sign or leading zero. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageHistoryDto"];
                };
            };
            /** @description VALIDATION_FAILED; `details.errors` names each field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description FORBIDDEN: another role is needed. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND (also for a deleted user) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BillingInternalController_charge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChargeRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChargeResponseDto"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Missing or wrong service token (UNAUTHENTICATED). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description IDEMPOTENCY_KEY_REUSED: the request_id was used for a different charge. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USAGE_OUT_OF_RANGE: the usage after this charge would not fit DECIMAL(20,10). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BillingInternalController_charges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChargeBatchRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChargeBatchResponseDto"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Missing or wrong service token (UNAUTHENTICATED). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BillingInternalController_check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResponseDto"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Missing or wrong service token (UNAUTHENTICATED). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description IDEMPOTENCY_KEY_REUSED: the request_id holds a different hold (user, platform or amount), or was charged already without a hold. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description USER_PLATFORM_DAILY_QUOTA_EXHAUSTED (or WEEKLY, MONTHLY); details: platform, window, limit_usd, usage_usd, held_usd (what live holds keep), hold_usd (the hold asked for, if any), disabled, resets_at. */
            429: {
                headers: {
                    /** @description Seconds until the exhausted window resets; absent for a disabled window */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    BillingInternalController_release: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReleaseRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoldDto"];
                };
            };
            /** @description Invalid input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Missing or wrong service token (UNAUTHENTICATED). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description HOLD_NOT_FOUND: no hold was reserved under this request_id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example POST
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description BILLING_SERVICE_TOKEN is not set (NOT_CONFIGURED), the database is unreachable (DATABASE_UNAVAILABLE), more than BILLING_QUEUE_MAX requests are already waiting for it (OVERLOADED, with Retry-After: 1), or the service is shutting down (SHUTTING_DOWN). A charge answered 503 may be retried with the same request id. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MeController_describe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetaDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MeController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    UserQuotaController_mine: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserQuotaListDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MeController_usageHistory: {
        parameters: {
            query?: {
                /** @description Days, today included. */
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageHistoryDto"];
                };
            };
            /** @description Refused input (VALIDATION_FAILED; `details.errors` names each field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description UNAUTHENTICATED: no token, or one that is malformed, wrongly signed, expired, or names a deleted user. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description NOT_CONFIGURED (JWT_SECRET is not set) or DATABASE_UNAVAILABLE. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    HealthController_liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Unavailable for now. SHUTTING_DOWN and DATABASE_UNAVAILABLE (and OVERLOADED) come with Retry-After; NOT_CONFIGURED lasts until the service is configured. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    MetricsController_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The exposition format, version 0.0.4. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description UNAUTHENTICATED: METRICS_TOKEN is set and was not sent. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "GET /metrics needs METRICS_TOKEN: send Authorization: Bearer <token>."
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description Unavailable for now. SHUTTING_DOWN and DATABASE_UNAVAILABLE (and OVERLOADED) come with Retry-After; NOT_CONFIGURED lasts until the service is configured. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
    HealthController_readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        details: {
                            [key: string]: Record<string, never>;
                        };
                        error: {
                            [key: string]: Record<string, never>;
                        };
                        info: {
                            [key: string]: Record<string, never>;
                        };
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description A method this path does not take. */
            405: {
                headers: {
                    /**
                     * @description The methods the path takes.
                     * @example GET, HEAD
                     */
                    Allow: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
            /** @description The database does not answer (body code NOT_READY) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBodyDto"];
                };
            };
        };
    };
}
