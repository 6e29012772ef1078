/** An error the CLI prints as one clear message (no stack) before exiting with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = options?.exitCode ?? 1;
  }
}
