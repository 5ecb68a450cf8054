/**
 * A failure at start-up that a person can fix (a wrong variable, a database that cannot be
 * reached, a busy port): its message says what is wrong and what to check, and the process exits
 * with the code for its kind and no stack trace. Anything else that stops a start is a defect and
 * exits 1 with its stack.
 */

/** The service's exit codes (README, "Exit codes"). */
export const EXIT_CODES = {
  /** Stopped on SIGTERM or SIGINT after finishing its work. */
  stopped: 0,
  /** An unexpected error, or a shutdown that overran SHUTDOWN_TIMEOUT_MS. */
  unexpected: 1,
  /** A variable of the environment (or `.env`) is wrong. */
  configuration: 2,
  /** The database cannot be reached, does not exist, refuses the user, or the embedded one cannot start. */
  database: 3,
  /** The HTTP port cannot be listened on (in use, or not allowed). */
  port: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export class StartupError extends Error {
  /**
   * @param variable the environment variable to look at, when there is one
   */
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly variable?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}
