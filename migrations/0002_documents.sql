CREATE TABLE `invoice_mailings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`to_address` text NOT NULL,
	`message_id` text,
	`sent_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_mailings_invoice_idx` ON `invoice_mailings` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `payment_reversals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_id` integer NOT NULL,
	`reversed_on` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_reversals_payment_id_unique` ON `payment_reversals` (`payment_id`);--> statement-breakpoint
CREATE TABLE `sepa_debits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`export_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`mandate_id` integer NOT NULL,
	`sequence_type` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`payment_id` integer,
	`status` text DEFAULT 'exported' NOT NULL,
	`rejected_on` text,
	`reason_code` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`export_id`) REFERENCES `sepa_exports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mandate_id`) REFERENCES `sepa_mandates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sepa_debits_seq_ck" CHECK(sequence_type = 'FRST' or sequence_type = 'RCUR'),
	CONSTRAINT "sepa_debits_status_ck" CHECK(status = 'exported' or status = 'rejected'),
	CONSTRAINT "sepa_debits_amount_ck" CHECK(amount_cents > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sepa_debits_invoice_uq` ON `sepa_debits` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `sepa_debits_export_idx` ON `sepa_debits` (`export_id`);--> statement-breakpoint
CREATE TABLE `sepa_exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`msg_id` text NOT NULL,
	`month` text NOT NULL,
	`pain` text NOT NULL,
	`collection_date` text NOT NULL,
	`created_at_iso` text NOT NULL,
	`transactions` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "sepa_exports_pain_ck" CHECK(pain = '02' or pain = '08')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sepa_exports_msg_id_unique` ON `sepa_exports` (`msg_id`);--> statement-breakpoint
CREATE INDEX `sepa_exports_month_idx` ON `sepa_exports` (`month`);--> statement-breakpoint
CREATE TABLE `sepa_mandates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`rum` text NOT NULL,
	`iban` text NOT NULL,
	`signed_on` text NOT NULL,
	`recorded_on` text NOT NULL,
	`ended_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sepa_mandates_rum_unique` ON `sepa_mandates` (`rum`);--> statement-breakpoint
CREATE UNIQUE INDEX `sepa_mandates_one_current_uq` ON `sepa_mandates` (`member_id`) WHERE ended_on is null;--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
