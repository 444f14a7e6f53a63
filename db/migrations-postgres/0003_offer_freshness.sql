ALTER TABLE "notifications" ALTER COLUMN "referral_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "offer_id" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "reviewed_at" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "review_reminded_for" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "capacity_confirmed_at" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "capacity_confirmed_by" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_capacity_confirmed_by_users_id_fk" FOREIGN KEY ("capacity_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;