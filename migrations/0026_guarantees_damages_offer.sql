CREATE TABLE `damages_paid` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`paid_on` text NOT NULL,
	`incident_on` text NOT NULL,
	`reason` text NOT NULL,
	`method` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "damages_paid_amount_ck" CHECK(amount_cents > 0),
	CONSTRAINT "damages_paid_method_ck" CHECK(method = 'sepa' or method = 'card' or method = 'amex' or method = 'transfer')
);
--> statement-breakpoint
CREATE INDEX `damages_paid_member_idx` ON `damages_paid` (`member_id`);--> statement-breakpoint
CREATE TABLE `guarantee_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guarantee_id` integer NOT NULL,
	`kind` text NOT NULL,
	`on_date` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`invoice_id` integer,
	`method` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`guarantee_id`) REFERENCES `guarantees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "guarantee_moves_kind_ck" CHECK(kind = 'received' or kind = 'applied' or kind = 'released'),
	CONSTRAINT "guarantee_moves_amount_ck" CHECK(amount_cents > 0),
	CONSTRAINT "guarantee_moves_invoice_ck" CHECK((kind = 'applied') = (invoice_id is not null)),
	CONSTRAINT "guarantee_moves_method_ck" CHECK(method is null or method = 'sepa' or method = 'card' or method = 'amex' or method = 'transfer')
);
--> statement-breakpoint
CREATE INDEX `guarantee_moves_guarantee_idx` ON `guarantee_moves` (`guarantee_id`);--> statement-breakpoint
CREATE INDEX `guarantee_moves_invoice_idx` ON `guarantee_moves` (`invoice_id`) WHERE invoice_id is not null;--> statement-breakpoint
CREATE TABLE `guarantees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`requested_on` text NOT NULL,
	`due_on` text NOT NULL,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "guarantees_amount_ck" CHECK(amount_cents > 0)
);
--> statement-breakpoint
CREATE INDEX `guarantees_member_idx` ON `guarantees` (`member_id`);--> statement-breakpoint
CREATE TABLE `offer_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`description` text NOT NULL,
	`announced_on` text NOT NULL,
	`effective_from` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `offer_changes_effective_idx` ON `offer_changes` (`effective_from`);