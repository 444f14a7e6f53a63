PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`referral_id` integer,
	`offer_id` text,
	`kind` text DEFAULT 'status' NOT NULL,
	`event_id` integer,
	`message` text DEFAULT '' NOT NULL,
	`read_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `referral_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "user_id", "referral_id", "offer_id", "kind", "event_id", "message", "read_at", "created_at") SELECT "id", "user_id", "referral_id", NULL, "kind", "event_id", "message", "read_at", "created_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
ALTER TABLE `offers` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `offers` ADD `reviewed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `offers` ADD `review_reminded_for` text;--> statement-breakpoint
ALTER TABLE `offers` ADD `capacity_confirmed_at` text;--> statement-breakpoint
ALTER TABLE `offers` ADD `capacity_confirmed_by` integer REFERENCES users(id);