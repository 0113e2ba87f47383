CREATE TABLE "tenant_links" (
	"from_key" text PRIMARY KEY NOT NULL,
	"to_key" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
