CREATE TABLE `bank_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account` text NOT NULL,
	`ref` text NOT NULL,
	`payment_id` integer NOT NULL,
	`booked_on` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_payments_payment_id_unique` ON `bank_payments` (`payment_id`);--> statement-breakpoint
CREATE INDEX `bank_payments_ref_idx` ON `bank_payments` (`account`,`ref`);