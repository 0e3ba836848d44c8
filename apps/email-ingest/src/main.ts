import { EXIT_CONFIG_ERROR, runApp } from '@tributary/platform-app';
import { ConfigError } from '@tributary/platform-config';
import { emailIngestApp } from './email-ingest.app';

runApp(emailIngestApp).catch((error: unknown) => {
  // Rules across variables are checked when the module is built, after the shared config check.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`tributary email-ingest cannot start. ${error.message}\nRun with --help to see every variable.\n`);
  process.exit(EXIT_CONFIG_ERROR);
});
