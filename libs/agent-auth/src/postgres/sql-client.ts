/**
 * What the PostgreSQL store needs of a client: `query` with positional parameters. A `pg` `Pool` (or `Client`) is one;
 * the library itself never imports `pg`.
 */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}
