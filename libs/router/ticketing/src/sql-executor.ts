/** The one thing repositories need from a transaction: run a parameterized query. */
export interface SqlExecutor {
  query<TRow>(sql: string, parameters?: readonly unknown[]): Promise<TRow[]>;
}
