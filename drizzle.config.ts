import { defineConfig } from 'drizzle-kit';

/** SQLite, the embedded default. PostgreSQL's migrations: drizzle.postgres.config.ts. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
