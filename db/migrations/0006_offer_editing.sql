ALTER TABLE `offers` ADD `pending_revision_id` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `also_editor` integer DEFAULT false NOT NULL;