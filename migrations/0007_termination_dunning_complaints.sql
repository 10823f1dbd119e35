CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`subject` text NOT NULL,
	`due_on` text NOT NULL,
	`closed_on` text,
	`answer` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaints_member_idx` ON `complaints` (`member_id`);--> statement-breakpoint
CREATE TABLE `dunning_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`step_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	FOREIGN KEY (`step_id`) REFERENCES `dunning_steps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dunning_claims_amount_ck" CHECK(amount_cents > 0)
);
--> statement-breakpoint
CREATE INDEX `dunning_claims_step_idx` ON `dunning_claims` (`step_id`);--> statement-breakpoint
CREATE TABLE `dunning_procedures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`opened_on` text NOT NULL,
	`closed_on` text,
	`close_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dunning_procedures_close_ck" CHECK(close_reason is null or close_reason = 'paid' or close_reason = 'terminated')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dunning_procedures_one_open_uq` ON `dunning_procedures` (`member_id`) WHERE closed_on is null;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_terminations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`reason` text NOT NULL,
	`requested_on` text NOT NULL,
	`notice_date` text,
	`since` text,
	`effective_on` text NOT NULL,
	`by_whom` text NOT NULL,
	`withdrawn_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "terminations_reason_ck" CHECK(reason = 'member_request' or reason = 'orange_lost' or reason = 'breach' or reason = 'incompatible_offer' or reason = 'unpaid' or reason = 'force_majeure'),
	CONSTRAINT "terminations_by_ck" CHECK(by_whom = 'member' or by_whom = 'parnasse')
);
--> statement-breakpoint
INSERT INTO `__new_terminations`("id", "member_id", "reason", "requested_on", "notice_date", "effective_on", "by_whom", "created_at") SELECT "id", "member_id", "reason", "requested_on", "notice_date", "effective_on", CASE WHEN "by_whom" = 'member' THEN 'member' ELSE 'parnasse' END, "created_at" FROM `terminations`;--> statement-breakpoint
DROP TABLE `terminations`;--> statement-breakpoint
ALTER TABLE `__new_terminations` RENAME TO `terminations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `terminations_member_uq` ON `terminations` (`member_id`) WHERE withdrawn_on is null;--> statement-breakpoint
ALTER TABLE `dunning_steps` ADD `procedure_id` integer REFERENCES dunning_procedures(id);--> statement-breakpoint
ALTER TABLE `dunning_steps` ADD `claimed_cents` integer;--> statement-breakpoint
ALTER TABLE `dunning_steps` ADD `deadline_on` text;--> statement-breakpoint
CREATE UNIQUE INDEX `dunning_steps_procedure_step_uq` ON `dunning_steps` (`procedure_id`,`step`);--> statement-breakpoint
CREATE INDEX `dunning_steps_member_idx` ON `dunning_steps` (`member_id`);--> statement-breakpoint
ALTER TABLE `member_options` ADD `termination_id` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `purged_on` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `termination_id` integer;