import { defineConfig } from 'drizzle-kit';

/** PostgreSQL: the same schema in PostgreSQL's types (db/schema.postgres.ts), its own migrations. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.postgres.ts',
  out: './db/migrations-postgres',
});
