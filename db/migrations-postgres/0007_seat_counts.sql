CREATE TABLE "seat_counts" (
	"offer_slug" text NOT NULL,
	"cohort_key" integer NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	"waiting" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "seat_counts_offer_slug_cohort_key_pk" PRIMARY KEY("offer_slug","cohort_key")
);
--> statement-breakpoint
-- Kept by the database itself: every way a referral is written (insert, status change, a move to another
-- cohort, a renamed offer's slug, a delete) updates the counts in the same transaction. Seat holders are
-- the statuses of core/referrals/status.ts SEAT_HOLDING (accepted, started); a test recounts both engines.
INSERT INTO "seat_counts" ("offer_slug", "cohort_key", "taken", "waiting")
SELECT "offer_slug", coalesce("cohort_id", 0), count(*) FILTER (WHERE "status" IN ('accepted', 'started')), count(*) FILTER (WHERE "status" = 'waitlisted')
FROM "referrals" GROUP BY "offer_slug", coalesce("cohort_id", 0);
--> statement-breakpoint
-- Statement-level, over each statement's transition tables: a statement that writes many referrals (an
-- import, a bulk load) changes each count once, not once per row — updating one row again and again in a
-- transaction leaves a chain of row versions that every further update walks (250,000 rows: 52 s).
-- One function per event: PostgreSQL gives transition tables only to triggers of a single event.
CREATE FUNCTION "referrals_seat_counts_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH "rows" AS (
    SELECT "offer_slug", coalesce("cohort_id", 0) AS "cohort_key",
      CASE WHEN "status" IN ('accepted', 'started') THEN 1 ELSE 0 END AS "taken",
      CASE WHEN "status" = 'waitlisted' THEN 1 ELSE 0 END AS "waiting"
    FROM "new_rows"
  ), "changes" AS (
    SELECT "offer_slug", "cohort_key", sum("taken")::int AS "taken", sum("waiting")::int AS "waiting"
    FROM "rows" GROUP BY "offer_slug", "cohort_key" HAVING sum("taken") <> 0 OR sum("waiting") <> 0
  )
  INSERT INTO "seat_counts" AS c ("offer_slug", "cohort_key", "taken", "waiting")
  SELECT "offer_slug", "cohort_key", "taken", "waiting" FROM "changes"
  ON CONFLICT ("offer_slug", "cohort_key") DO UPDATE SET "taken" = c."taken" + excluded."taken", "waiting" = c."waiting" + excluded."waiting";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "referrals_seat_counts_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH "rows" AS (
    SELECT "offer_slug", coalesce("cohort_id", 0) AS "cohort_key",
      CASE WHEN "status" IN ('accepted', 'started') THEN -1 ELSE 0 END AS "taken",
      CASE WHEN "status" = 'waitlisted' THEN -1 ELSE 0 END AS "waiting"
    FROM "old_rows"
  ), "changes" AS (
    SELECT "offer_slug", "cohort_key", sum("taken")::int AS "taken", sum("waiting")::int AS "waiting"
    FROM "rows" GROUP BY "offer_slug", "cohort_key" HAVING sum("taken") <> 0 OR sum("waiting") <> 0
  )
  INSERT INTO "seat_counts" AS c ("offer_slug", "cohort_key", "taken", "waiting")
  SELECT "offer_slug", "cohort_key", "taken", "waiting" FROM "changes"
  ON CONFLICT ("offer_slug", "cohort_key") DO UPDATE SET "taken" = c."taken" + excluded."taken", "waiting" = c."waiting" + excluded."waiting";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "referrals_seat_counts_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH "rows" AS (
    SELECT "offer_slug", coalesce("cohort_id", 0) AS "cohort_key",
      CASE WHEN "status" IN ('accepted', 'started') THEN 1 ELSE 0 END AS "taken",
      CASE WHEN "status" = 'waitlisted' THEN 1 ELSE 0 END AS "waiting"
    FROM "new_rows"
    UNION ALL
    SELECT "offer_slug", coalesce("cohort_id", 0) AS "cohort_key",
      CASE WHEN "status" IN ('accepted', 'started') THEN -1 ELSE 0 END AS "taken",
      CASE WHEN "status" = 'waitlisted' THEN -1 ELSE 0 END AS "waiting"
    FROM "old_rows"
  ), "changes" AS (
    SELECT "offer_slug", "cohort_key", sum("taken")::int AS "taken", sum("waiting")::int AS "waiting"
    FROM "rows" GROUP BY "offer_slug", "cohort_key" HAVING sum("taken") <> 0 OR sum("waiting") <> 0
  )
  INSERT INTO "seat_counts" AS c ("offer_slug", "cohort_key", "taken", "waiting")
  SELECT "offer_slug", "cohort_key", "taken", "waiting" FROM "changes"
  ON CONFLICT ("offer_slug", "cohort_key") DO UPDATE SET "taken" = c."taken" + excluded."taken", "waiting" = c."waiting" + excluded."waiting";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "referrals_seat_counts_insert" AFTER INSERT ON "referrals"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "referrals_seat_counts_insert"();
--> statement-breakpoint
CREATE TRIGGER "referrals_seat_counts_delete" AFTER DELETE ON "referrals"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "referrals_seat_counts_delete"();
--> statement-breakpoint
-- Every update (a trigger with transition tables takes no column list); one that changes no status, slug
-- or cohort nets to nothing and writes nothing.
CREATE TRIGGER "referrals_seat_counts_update" AFTER UPDATE ON "referrals"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "referrals_seat_counts_update"();
