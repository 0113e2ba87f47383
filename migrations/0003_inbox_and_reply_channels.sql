CREATE TABLE "inbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"tenant_key" text NOT NULL,
	"event_type" text NOT NULL,
	"envelope" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "channel" text DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "user_open_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_event" ON "inbox" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "inbox_pending" ON "inbox" USING btree ("status","received_at");