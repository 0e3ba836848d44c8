/** The servers the local stack can run. */
export type StackComponent = 'kafka' | 'postgres' | 'mail';

/** Start order; also the default set when a caller names none. */
export const STACK_COMPONENTS: readonly StackComponent[] = ['kafka', 'postgres', 'mail'];

export interface StackOptions {
  /** Stack name: its own folder under `.local/stack/` and its own port block. Default "dev". */
  name?: string;
  components?: readonly StackComponent[];
  log?: (line: string) => void;
}

export interface MailUser {
  readonly email: string;
  readonly login: string;
  readonly password: string;
}

export interface StackInfo {
  name: string;
  kafka?: { brokers: string };
  postgres?: { url: string; external: boolean };
  mail?: { host: string; smtpPort: number; imapPort: number; users: readonly MailUser[] };
  /** KAFKA_BROKERS, DATABASE_URL, MAIL_HOST, MAIL_SMTP_PORT, MAIL_IMAP_PORT for whatever is running. */
  env: Record<string, string>;
}

export interface ComponentStatus {
  component: StackComponent;
  running: boolean;
  detail: string;
}
