CREATE TABLE "evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"assignment_id" integer,
	"report_id" integer,
	"message_id" text NOT NULL,
	"file_key" text NOT NULL,
	"resource_type" text NOT NULL,
	"file_name" text NOT NULL,
	"size" integer NOT NULL,
	"file_type" text DEFAULT '' NOT NULL,
	"sender_open_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"chat_id" text NOT NULL,
	"open_id" text NOT NULL,
	"assignment_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_copies" (
	"evidence_id" integer PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_weights" (
	"tenant_key" text PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "evidence_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD COLUMN "card_message_id" text;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_claims" ADD CONSTRAINT "evidence_claims_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_copies" ADD CONSTRAINT "evidence_copies_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_resource" ON "evidence" USING btree ("tenant_key","message_id","file_key");--> statement-breakpoint
CREATE INDEX "evidence_assignment" ON "evidence" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "evidence_unclaimed" ON "evidence" USING btree ("tenant_key","chat_id","sender_open_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_claims_person" ON "evidence_claims" USING btree ("tenant_key","chat_id","open_id");--> statement-breakpoint
CREATE INDEX "progress_card_message" ON "progress_reports" USING btree ("tenant_key","card_message_id");