ALTER TABLE `cohorts` ADD `offer_id` text REFERENCES offers(id);--> statement-breakpoint
CREATE INDEX `cohorts_offer_id` ON `cohorts` (`offer_id`);--> statement-breakpoint
ALTER TABLE `offer_seats` ADD `offer_id` text REFERENCES offers(id);--> statement-breakpoint
ALTER TABLE `proposals` ADD `offer_id` text REFERENCES offers(id);--> statement-breakpoint
ALTER TABLE `referrals` ADD `offer_id` text REFERENCES offers(id);--> statement-breakpoint
CREATE INDEX `referrals_offer_id` ON `referrals` (`offer_id`);