import { ConfigError } from '@tributary/platform-config';
import { CliUsageError } from './cli-args.util';

type Help = { readonly command: 'help' };

export interface OperatorCli<C extends { readonly command: string }> {
  readonly usage: string;
  readonly parse: (argv: readonly string[]) => C | Help;
  readonly run: (command: C, out: (text: string) => void) => Promise<number>;
  /** A library's coded refusal (a dead letter not found, a mail still refused…): printed as `code: message`. */
  readonly isCoded: (error: unknown) => error is Error & { readonly code: string };
  /** Words put before any other error's message, e.g. what to check when Kafka did not answer. */
  readonly hint?: (error: Error) => string;
}

/**
 * Runs an operator command line to its exit code: 0 done, 1 refused or failed, 2 mistyped or
 * misconfigured (with the usage for a mistyped line). `help` prints the usage.
 */
export function runOperatorCli<C extends { readonly command: string }>(cli: OperatorCli<C>, argv: readonly string[] = process.argv.slice(2)): void {
  const main = async (): Promise<number> => {
    const command = cli.parse(argv);
    if (isHelp(command)) {
      process.stdout.write(cli.usage);
      return 0;
    }
    return cli.run(command, (text) => void process.stdout.write(text));
  };
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof CliUsageError) {
        process.stderr.write(`error: ${error.message}\n\n${cli.usage}`);
        process.exitCode = 2;
      } else if (error instanceof ConfigError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 2;
      } else if (cli.isCoded(error)) {
        process.stderr.write(`error: ${error.code}: ${error.message}\n`);
        process.exitCode = 1;
      } else {
        const hint = error instanceof Error && cli.hint ? cli.hint(error) : '';
        process.stderr.write(`error: ${hint}${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}

function isHelp(command: { readonly command: string }): command is Help {
  return command.command === 'help';
}
