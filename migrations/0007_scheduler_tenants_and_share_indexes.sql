CREATE TABLE "scheduler_tenants" (
	"tenant_key" text PRIMARY KEY NOT NULL,
	"decided_on" date,
	"changes" integer DEFAULT 0 NOT NULL,
	"decided_changes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "assignments_task_shares" ON "assignments" USING btree ("task_id","department_id","status","last_report_at");--> statement-breakpoint
CREATE INDEX "assignments_last_report" ON "assignments" USING btree ("tenant_key","last_report_at");