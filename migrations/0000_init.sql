CREATE TABLE "departments" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"source_hash" text NOT NULL,
	"source_name" text NOT NULL,
	"doc_number" text,
	"title" text NOT NULL,
	"issuer" text,
	"issued_on" date,
	"year" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolutions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"notice_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"section" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requirement" text NOT NULL,
	"lead" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"responsible" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline_text" text DEFAULT '' NOT NULL,
	"due_on" date,
	"ongoing" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"task_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"role" text NOT NULL,
	"via_group" text,
	"status" text DEFAULT 'not_started' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"last_report_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"assignment_id" integer NOT NULL,
	"reporter_open_id" text NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"evidence_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"open_id" text NOT NULL,
	"name" text,
	"role" text NOT NULL,
	"department_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_bindings" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_key" text NOT NULL,
	"chat_id" text NOT NULL,
	"department_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_bindings" ADD CONSTRAINT "chat_bindings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "departments_tenant_name" ON "departments" USING btree ("tenant_key","name");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_tenant_source" ON "notices" USING btree ("tenant_key","source_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_notice_seq" ON "tasks" USING btree ("notice_id","seq");--> statement-breakpoint
CREATE INDEX "tasks_tenant_due" ON "tasks" USING btree ("tenant_key","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_task_department" ON "assignments" USING btree ("task_id","department_id");--> statement-breakpoint
CREATE INDEX "assignments_department" ON "assignments" USING btree ("tenant_key","department_id");--> statement-breakpoint
CREATE INDEX "progress_assignment" ON "progress_reports" USING btree ("assignment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "members_tenant_open_id" ON "members" USING btree ("tenant_key","open_id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_bindings_tenant_chat" ON "chat_bindings" USING btree ("tenant_key","chat_id");