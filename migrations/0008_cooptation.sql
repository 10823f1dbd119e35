CREATE TABLE `coopt_rewards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item` text NOT NULL,
	`added_on` text NOT NULL,
	`removed_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coopt_rewards_item_uq` ON `coopt_rewards` (`item`) WHERE removed_on is null;--> statement-breakpoint
ALTER TABLE `cooptations` ADD `cancelled_on` text;--> statement-breakpoint
CREATE INDEX `cooptations_candidacy_idx` ON `cooptations` (`candidacy_id`);