CREATE TABLE `penalty_scan` (
	`id` integer PRIMARY KEY NOT NULL,
	`before` text NOT NULL,
	CONSTRAINT "penalty_scan_one_ck" CHECK(id = 1)
);
--> statement-breakpoint
CREATE TABLE `penalty_watch` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`closed_on` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoices_pay_by_idx` ON `invoices` (`pay_by`) WHERE kind = 'invoice';