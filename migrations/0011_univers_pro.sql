CREATE TABLE `pro_bricks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`brick` text NOT NULL,
	`price_ttc_cents` integer NOT NULL,
	`start_on` text NOT NULL,
	`basis` text NOT NULL,
	`works_quote_id` integer,
	`study_id` integer,
	`agreed_on` text,
	`access_points` integer,
	`switches` integer,
	`routers` integer,
	`requested_end_on` text,
	`end_on` text,
	`termination_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`works_quote_id`) REFERENCES `pro_quotes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`study_id`) REFERENCES `pro_studies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pro_bricks_brick_ck" CHECK(brick = 'wifi_public' or brick = 'workstation' or brick = 'servers' or brick = 'lan_security' or brick = 'video_conference' or brick = 'server_backup'),
	CONSTRAINT "pro_bricks_basis_ck" CHECK(basis = 'works' or basis = 'agreed' or basis = 'study'),
	CONSTRAINT "pro_bricks_price_ck" CHECK(price_ttc_cents > 0),
	CONSTRAINT "pro_bricks_equipment_ck" CHECK(coalesce(access_points, 0) >= 0 and coalesce(switches, 0) >= 0 and coalesce(routers, 0) >= 0)
);
--> statement-breakpoint
CREATE INDEX `pro_bricks_member_idx` ON `pro_bricks` (`member_id`);--> statement-breakpoint
CREATE TABLE `pro_quote_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quote_id` integer NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`ttc_cents` integer NOT NULL,
	`ht_cents` integer NOT NULL,
	FOREIGN KEY (`quote_id`) REFERENCES `pro_quotes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pro_quote_lines_ttc_ck" CHECK(ttc_cents > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pro_quote_lines_pos_uq` ON `pro_quote_lines` (`quote_id`,`position`);--> statement-breakpoint
CREATE TABLE `pro_quotes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`member_id` integer NOT NULL,
	`study_id` integer NOT NULL,
	`issued_on` text NOT NULL,
	`valid_until` text,
	`status` text NOT NULL,
	`answered_on` text,
	`done_on` text,
	`invoice_id` integer,
	`total_ht_cents` integer NOT NULL,
	`total_vat_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`study_id`) REFERENCES `pro_studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pro_quotes_status_ck" CHECK(status = 'pending' or status = 'accepted' or status = 'refused' or status = 'done'),
	CONSTRAINT "pro_quotes_sum_ck" CHECK(total_ht_cents + total_vat_cents = total_ttc_cents)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pro_quotes_number_unique` ON `pro_quotes` (`number`);--> statement-breakpoint
CREATE INDEX `pro_quotes_member_idx` ON `pro_quotes` (`member_id`);--> statement-breakpoint
CREATE TABLE `pro_studies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`address_id` integer NOT NULL,
	`requested_on` text NOT NULL,
	`services` text NOT NULL,
	`result` text,
	`result_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`address_id`) REFERENCES `addresses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pro_studies_result_ck" CHECK(result is null or result = 'feasible' or result = 'not_feasible' or result = 'needs_specialist'),
	CONSTRAINT "pro_studies_services_ck" CHECK(services <> '')
);
--> statement-breakpoint
CREATE INDEX `pro_studies_member_idx` ON `pro_studies` (`member_id`);