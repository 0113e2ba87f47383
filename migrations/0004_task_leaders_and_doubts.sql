ALTER TABLE "notices" ADD COLUMN "year_source" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "leaders" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "doubts" jsonb DEFAULT '[]'::jsonb NOT NULL;