CREATE TABLE `pro_brick_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`brick_id` integer NOT NULL,
	`period` integer NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`reported_on` text NOT NULL,
	`file_name` text,
	`file_sha256` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`brick_id`) REFERENCES `pro_bricks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pro_brick_reports_period_ck" CHECK(period >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pro_brick_reports_period_uq` ON `pro_brick_reports` (`brick_id`,`period`);