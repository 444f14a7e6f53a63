CREATE TABLE `offer_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` text NOT NULL,
	`number` integer NOT NULL,
	`data` text NOT NULL,
	`body` text NOT NULL,
	`content_hash` text NOT NULL,
	`source` text NOT NULL,
	`source_ref` text,
	`based_on_revision_id` integer,
	`author_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`based_on_revision_id`) REFERENCES `offer_revisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_revisions_offer_number` ON `offer_revisions` (`offer_id`,`number`);--> statement-breakpoint
CREATE TABLE `offer_slug_redirects` (
	`old_slug` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`organisation_id` text NOT NULL,
	`state` text NOT NULL,
	`published_revision_id` integer,
	`latest_revision_id` integer,
	`title` text NOT NULL,
	`task_type` integer NOT NULL,
	`intake` text NOT NULL,
	`capacity_model` text NOT NULL,
	`risk_groups` text NOT NULL,
	`benefit_groups` text NOT NULL,
	`themes` text NOT NULL,
	`review_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_slug_unique` ON `offers` (`slug`);--> statement-breakpoint
CREATE INDEX `offers_state_task_type` ON `offers` (`state`,`task_type`);--> statement-breakpoint
CREATE INDEX `offers_organisation` ON `offers` (`organisation_id`);