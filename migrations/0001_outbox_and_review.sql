CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"notice_id" integer,
	"department_id" integer,
	"receive_id_type" text NOT NULL,
	"receive_id" text NOT NULL,
	"msg_type" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "progress_reports" ADD COLUMN "kind" text DEFAULT 'report' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_tenant_dedupe" ON "outbox" USING btree ("tenant_key","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_notice" ON "outbox" USING btree ("notice_id");