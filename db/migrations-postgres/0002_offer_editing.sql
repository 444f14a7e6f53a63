ALTER TABLE "offers" ADD COLUMN "pending_revision_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "also_editor" boolean DEFAULT false NOT NULL;