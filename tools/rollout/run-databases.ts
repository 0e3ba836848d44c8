import { Client } from 'pg';

/** The databases of one run, one per app, on the stack's PostgreSQL: created at the start, dropped at the end of a clean run. */
export class RunDatabases {
  private readonly created: string[] = [];

  constructor(
    private readonly adminUrl: string,
    private readonly prefix: string,
  ) {}

  /** Creates the app's database and returns its URL. */
  async create(app: string): Promise<string> {
    const name = `${this.prefix}_${app.replace('-', '_')}`;
    await this.admin((client) => client.query(`CREATE DATABASE ${name}`));
    this.created.push(name);
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  names(): string[] {
    return [...this.created];
  }

  async dropAll(): Promise<void> {
    await this.admin(async (client) => {
      for (const name of this.created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }

  private async admin(work: (client: Client) => Promise<unknown>): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  }
}
