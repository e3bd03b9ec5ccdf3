/** An exit code other than 0 and 1 that a command chooses (`roster audit --fail-on-findings` exits 3). */

/** Thrown by a command that has printed its result and must exit with `code`; runCli prints nothing more. */
export class ExitStatus extends Error {
  override readonly name = "ExitStatus";
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}
