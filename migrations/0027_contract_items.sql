CREATE TABLE `airbox_replacements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`out_airbox_id` integer NOT NULL,
	`in_airbox_id` integer NOT NULL,
	`replaced_on` text NOT NULL,
	`reason` text NOT NULL,
	`payer` text NOT NULL,
	`member_charge_cents` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`out_airbox_id`) REFERENCES `airboxes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`in_airbox_id`) REFERENCES `airboxes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "airbox_replacements_payer_ck" CHECK(payer = 'parnasse' or payer = 'member'),
	CONSTRAINT "airbox_replacements_charge_ck" CHECK(member_charge_cents >= 0)
);
--> statement-breakpoint
CREATE INDEX `airbox_replacements_member_idx` ON `airbox_replacements` (`member_id`);--> statement-breakpoint
CREATE TABLE `data_rights_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer,
	`member_no` integer NOT NULL,
	`kind` text NOT NULL,
	`received_on` text NOT NULL,
	`details` text,
	`due_on` text NOT NULL,
	`answered_on` text,
	`action` text,
	`note` text,
	`linked_audit_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "data_rights_kind_ck" CHECK(kind = 'access' or kind = 'rectification' or kind = 'erasure' or kind = 'portability' or kind = 'opposition'),
	CONSTRAINT "data_rights_action_ck" CHECK(action is null or action = 'export' or action = 'edit' or action = 'purge' or action = 'refused' or action = 'done'),
	CONSTRAINT "data_rights_answered_ck" CHECK((answered_on is null) = (action is null))
);
--> statement-breakpoint
CREATE INDEX `data_rights_member_idx` ON `data_rights_requests` (`member_id`);--> statement-breakpoint
CREATE INDEX `data_rights_open_idx` ON `data_rights_requests` (`answered_on`,`due_on`);--> statement-breakpoint
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
CREATE UNIQUE INDEX `pro_brick_reports_period_uq` ON `pro_brick_reports` (`brick_id`,`period`);--> statement-breakpoint
ALTER TABLE `candidacies` ADD `residence_card_expires_on` text;