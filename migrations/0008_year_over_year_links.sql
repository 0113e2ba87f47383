ALTER TABLE "notices" ADD COLUMN "previous_notice_id" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "previous_task_id" integer;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_previous_notice_id_notices_id_fk" FOREIGN KEY ("previous_notice_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_previous_task_id_tasks_id_fk" FOREIGN KEY ("previous_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_previous" ON "tasks" USING btree ("previous_task_id");