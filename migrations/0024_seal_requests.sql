CREATE TABLE `seal_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`requested_at` text NOT NULL,
	`sealed_entry` integer,
	`sealed_at` text
);
--> statement-breakpoint
ALTER TABLE `invoice_mailings` ADD `accepted_at` text;--> statement-breakpoint
ALTER TABLE `invoice_mailings` ADD `server_reply` text;--> statement-breakpoint
-- every sending recorded before this migration was recorded once the server had accepted it
UPDATE `invoice_mailings` SET `accepted_at` = `sent_at` WHERE `accepted_at` IS NULL;
