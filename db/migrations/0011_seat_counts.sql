CREATE TABLE `seat_counts` (
	`offer_slug` text NOT NULL,
	`cohort_key` integer NOT NULL,
	`taken` integer DEFAULT 0 NOT NULL,
	`waiting` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`offer_slug`, `cohort_key`)
);
--> statement-breakpoint
-- Kept by the database itself: every way a referral is written (insert, status change, a move to another
-- cohort, a renamed offer's slug, a delete) updates the counts in the same transaction. Seat holders are
-- the statuses of core/referrals/status.ts SEAT_HOLDING (accepted, started); a test recounts both engines.
INSERT INTO `seat_counts` (`offer_slug`, `cohort_key`, `taken`, `waiting`)
SELECT `offer_slug`, coalesce(`cohort_id`, 0), sum(`status` IN ('accepted', 'started')), sum(`status` = 'waitlisted')
FROM `referrals` GROUP BY `offer_slug`, coalesce(`cohort_id`, 0);
--> statement-breakpoint
CREATE TRIGGER `referrals_seat_counts_insert` AFTER INSERT ON `referrals` BEGIN
  INSERT OR IGNORE INTO `seat_counts` (`offer_slug`, `cohort_key`) VALUES (NEW.`offer_slug`, coalesce(NEW.`cohort_id`, 0));
  UPDATE `seat_counts` SET `taken` = `taken` + (NEW.`status` IN ('accepted', 'started')), `waiting` = `waiting` + (NEW.`status` = 'waitlisted')
    WHERE `offer_slug` = NEW.`offer_slug` AND `cohort_key` = coalesce(NEW.`cohort_id`, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `referrals_seat_counts_delete` AFTER DELETE ON `referrals` BEGIN
  UPDATE `seat_counts` SET `taken` = `taken` - (OLD.`status` IN ('accepted', 'started')), `waiting` = `waiting` - (OLD.`status` = 'waitlisted')
    WHERE `offer_slug` = OLD.`offer_slug` AND `cohort_key` = coalesce(OLD.`cohort_id`, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `referrals_seat_counts_update` AFTER UPDATE OF `status`, `offer_slug`, `cohort_id` ON `referrals` BEGIN
  UPDATE `seat_counts` SET `taken` = `taken` - (OLD.`status` IN ('accepted', 'started')), `waiting` = `waiting` - (OLD.`status` = 'waitlisted')
    WHERE `offer_slug` = OLD.`offer_slug` AND `cohort_key` = coalesce(OLD.`cohort_id`, 0);
  INSERT OR IGNORE INTO `seat_counts` (`offer_slug`, `cohort_key`) VALUES (NEW.`offer_slug`, coalesce(NEW.`cohort_id`, 0));
  UPDATE `seat_counts` SET `taken` = `taken` + (NEW.`status` IN ('accepted', 'started')), `waiting` = `waiting` + (NEW.`status` = 'waitlisted')
    WHERE `offer_slug` = NEW.`offer_slug` AND `cohort_key` = coalesce(NEW.`cohort_id`, 0);
END;
