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
CREATE FUNCTION "referrals_seat_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "seat_counts" SET
      "taken" = "taken" - (CASE WHEN OLD."status" IN ('accepted', 'started') THEN 1 ELSE 0 END),
      "waiting" = "waiting" - (CASE WHEN OLD."status" = 'waitlisted' THEN 1 ELSE 0 END)
    WHERE "offer_slug" = OLD."offer_slug" AND "cohort_key" = coalesce(OLD."cohort_id", 0);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO "seat_counts" AS c ("offer_slug", "cohort_key", "taken", "waiting") VALUES (
      NEW."offer_slug", coalesce(NEW."cohort_id", 0),
      CASE WHEN NEW."status" IN ('accepted', 'started') THEN 1 ELSE 0 END,
      CASE WHEN NEW."status" = 'waitlisted' THEN 1 ELSE 0 END)
    ON CONFLICT ("offer_slug", "cohort_key") DO UPDATE SET "taken" = c."taken" + excluded."taken", "waiting" = c."waiting" + excluded."waiting";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "referrals_seat_counts" AFTER INSERT OR DELETE OR UPDATE OF "status", "offer_slug", "cohort_id" ON "referrals"
  FOR EACH ROW EXECUTE FUNCTION "referrals_seat_counts"();
