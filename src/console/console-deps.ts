/** What the console's routes are built from: the management API's domain services, the sessions, the configuration. */
import type { Config } from "../config.ts";
import type { ConsoleSessionService } from "../domain/console-session-service.ts";
import type { ApiServices } from "../http/api/api-deps.ts";

/** The console's dependencies; the services are the ones the API and the CLI call. */
export interface ConsoleDeps {
  readonly services: ApiServices;
  readonly sessions: ConsoleSessionService;
  readonly config: Config;
  /** The clock (tests move it); pages compare expiries with it. */
  readonly now: () => Date;
}
