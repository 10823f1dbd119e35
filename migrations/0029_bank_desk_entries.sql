CREATE TABLE `bank_desk_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account` text NOT NULL,
	`ref` text NOT NULL,
	`booked_on` text,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_desk_entries_ref_uq` ON `bank_desk_entries` (`account`,`ref`);