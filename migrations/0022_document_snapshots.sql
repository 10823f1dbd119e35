CREATE TABLE `document_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer,
	`quote_id` integer,
	`step_id` integer,
	`seller_version_id` integer,
	`content` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `pro_quotes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`step_id`) REFERENCES `dunning_steps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_version_id`) REFERENCES `seller_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "document_snapshots_one_ck" CHECK((invoice_id is not null) + (quote_id is not null) + (step_id is not null) = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_snapshots_invoice_uq` ON `document_snapshots` (`invoice_id`) WHERE invoice_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `document_snapshots_quote_uq` ON `document_snapshots` (`quote_id`) WHERE quote_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `document_snapshots_step_uq` ON `document_snapshots` (`step_id`) WHERE step_id is not null;--> statement-breakpoint
CREATE TABLE `seller_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`content` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
