CREATE TABLE "catalogue_files" (
	"name" text PRIMARY KEY NOT NULL,
	"content_hash" text NOT NULL,
	"content" text NOT NULL,
	"imported_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;