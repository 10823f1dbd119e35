CREATE TABLE `addresses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`is_main` integer NOT NULL,
	`street` text NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`department` text NOT NULL,
	`zone_id` text,
	`line_technology` text,
	`added_on` text NOT NULL,
	`removed_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`zone_id`) REFERENCES `zones`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `addresses_member_idx` ON `addresses` (`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `addresses_one_main_uq` ON `addresses` (`member_id`) WHERE is_main = 1 and removed_on is null;--> statement-breakpoint
CREATE TABLE `airboxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`serial` text NOT NULL,
	`lent_on` text NOT NULL,
	`returned_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `airboxes_one_out_uq` ON `airboxes` (`member_id`) WHERE returned_on is null;--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`operator` text NOT NULL,
	`command` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`action` text NOT NULL,
	`change` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `billing_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`run_on` text NOT NULL,
	`invoices` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `billing_runs_month_idx` ON `billing_runs` (`month`);--> statement-breakpoint
CREATE TABLE `candidacies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`kind` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`birth_date` text,
	`foreign_national` integer NOT NULL,
	`street` text NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`department` text,
	`company_name` text NOT NULL,
	`company_siren` text NOT NULL,
	`company_revenue_cents` integer NOT NULL,
	`is_executive` integer NOT NULL,
	`annual_income_cents` integer NOT NULL,
	`preventel_listed` integer NOT NULL,
	`operator_unpaid` integer NOT NULL,
	`banking_ban` integer NOT NULL,
	`sponsor_member_no` text,
	`invited_by_parnasse` integer NOT NULL,
	`charter_accepted` integer NOT NULL,
	`line_technology` text NOT NULL,
	`orange_subscriptions` integer NOT NULL,
	`incompatible_offer` integer NOT NULL,
	`iban` text,
	`applied_on` text NOT NULL,
	`documents` text DEFAULT '' NOT NULL,
	`id_expires_on` text,
	`addresses_differ` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`zone_id` text,
	`decided_on` text,
	`decision_reason` text,
	`vetting_notes` text,
	`notified_on` text,
	`member_id` integer,
	`source` text DEFAULT 'desk' NOT NULL,
	`row_hash` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`zone_id`) REFERENCES `zones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "candidacies_kind_ck" CHECK(kind = 'person' or kind = 'company'),
	CONSTRAINT "candidacies_status_ck" CHECK(status = 'received' or status = 'incomplete' or status = 'ineligible' or status = 'ready' or status = 'accepted' or status = 'rejected' or status = 'member' or status = 'withdrawn'),
	CONSTRAINT "candidacies_tech_ck" CHECK(line_technology = 'fibre' or line_technology = 'vdsl' or line_technology = 'adsl'),
	CONSTRAINT "candidacies_source_ck" CHECK(source = 'desk' or source = 'import'),
	CONSTRAINT "candidacies_money_ck" CHECK(company_revenue_cents >= 0 and annual_income_cents >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidacies_ref_unique` ON `candidacies` (`ref`);--> statement-breakpoint
CREATE INDEX `candidacies_status_idx` ON `candidacies` (`status`);--> statement-breakpoint
CREATE TABLE `cooptations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referrer_id` integer NOT NULL,
	`candidacy_id` integer NOT NULL,
	`proposed_on` text NOT NULL,
	`status` text NOT NULL,
	`override` integer DEFAULT false NOT NULL,
	`override_reason` text,
	`decided_on` text,
	`reward_item` text,
	`reward_chosen_on` text,
	`delivery_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`referrer_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidacy_id`) REFERENCES `candidacies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cooptations_status_ck" CHECK(status = 'proposed' or status = 'accepted' or status = 'rejected' or status = 'cancelled')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cooptations_pair_uq` ON `cooptations` (`referrer_id`,`candidacy_id`);--> statement-breakpoint
CREATE TABLE `delegates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`notified_on` text,
	`started_on` text NOT NULL,
	`ended_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delegates_one_active_uq` ON `delegates` (`member_id`) WHERE ended_on is null;--> statement-breakpoint
CREATE TABLE `disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`opened_on` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`resolved_on` text,
	`credit_note_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_note_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disputes_status_ck" CHECK(status = 'open' or status = 'upheld' or status = 'granted'),
	CONSTRAINT "disputes_amount_ck" CHECK(amount_cents > 0)
);
--> statement-breakpoint
CREATE TABLE `dunning_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`step` text NOT NULL,
	`on_date` text NOT NULL,
	`invoice_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dunning_steps_step_ck" CHECK(step = 'first_notice' or step = 'suspension' or step = 'second_notice' or step = 'termination')
);
--> statement-breakpoint
CREATE TABLE `interventions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`address_id` integer,
	`postal_code` text NOT NULL,
	`department` text NOT NULL,
	`zone_id` text NOT NULL,
	`start_at` text NOT NULL,
	`minutes` integer NOT NULL,
	`equipment` text,
	`devices` integer,
	`extra_minutes` integer,
	`requested_at` text,
	`sla_deadline` text,
	`late` integer DEFAULT false NOT NULL,
	`out_of_hours` integer DEFAULT false NOT NULL,
	`included` integer NOT NULL,
	`charge_cents` integer DEFAULT 0 NOT NULL,
	`contract_year_from` text NOT NULL,
	`contract_year_to` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`address_id`) REFERENCES `addresses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`zone_id`) REFERENCES `zones`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "interventions_kind_ck" CHECK(kind = 'technician' or kind = 'coach' or kind = 'airbox'),
	CONSTRAINT "interventions_minutes_ck" CHECK(minutes > 0),
	CONSTRAINT "interventions_charge_ck" CHECK(charge_cents >= 0)
);
--> statement-breakpoint
CREATE INDEX `interventions_member_idx` ON `interventions` (`member_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`period` text,
	`ttc_cents` integer NOT NULL,
	`ht_cents` integer NOT NULL,
	`source_key` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoice_lines_kind_ck" CHECK(kind = 'entry_fee' or kind = 'subscription' or kind = 'option' or kind = 'charge' or kind = 'penalty' or kind = 'indemnity' or kind = 'credit')
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_lines_source_uq` ON `invoice_lines` (`source_key`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`member_id` integer NOT NULL,
	`issued_on` text NOT NULL,
	`pay_by` text NOT NULL,
	`total_ht_cents` integer NOT NULL,
	`total_vat_cents` integer NOT NULL,
	`total_ttc_cents` integer NOT NULL,
	`refers_to` integer,
	`run_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `billing_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoices_kind_ck" CHECK(kind = 'invoice' or kind = 'credit_note'),
	CONSTRAINT "invoices_sum_ck" CHECK(total_ht_cents + total_vat_cents = total_ttc_cents)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE INDEX `invoices_member_idx` ON `invoices` (`member_id`);--> statement-breakpoint
CREATE TABLE `legal_rates` (
	`semester` text PRIMARY KEY NOT NULL,
	`rate_bp` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_options` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`option` text NOT NULL,
	`qty` integer DEFAULT 1 NOT NULL,
	`start_on` text NOT NULL,
	`end_on` text,
	`requested_end_on` text,
	`address_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`address_id`) REFERENCES `addresses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "member_options_option_ck" CHECK(option = 'extra_site' or option = 'extra_mailbox' or option = 'mailbox_pack_5' or option = 'mailbox_pack_10' or option = 'concierge_privilege' or option = 'office_assistance' or option = 'bitdefender' or option = 'mail'),
	CONSTRAINT "member_options_qty_ck" CHECK(qty >= 1)
);
--> statement-breakpoint
CREATE INDEX `member_options_member_idx` ON `member_options` (`member_id`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_no` integer NOT NULL,
	`kind` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`company_name` text,
	`company_siren` text,
	`iban` text,
	`status` text NOT NULL,
	`contract_start` text NOT NULL,
	`candidacy_id` integer,
	`honorary` integer DEFAULT false NOT NULL,
	`welcome_gift` integer DEFAULT false NOT NULL,
	`entry_fee_paid_on` text,
	`suspended_on` text,
	`terminated_on` text,
	`contract_end_recorded_on` text,
	`imported_from` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "members_kind_ck" CHECK(kind = 'person' or kind = 'company'),
	CONSTRAINT "members_status_ck" CHECK(status = 'pending' or status = 'active' or status = 'suspended' or status = 'terminated')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_member_no_unique` ON `members` (`member_no`);--> statement-breakpoint
CREATE INDEX `members_status_idx` ON `members` (`status`);--> statement-breakpoint
CREATE TABLE `mobile_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`number` text NOT NULL,
	`plan_type` text NOT NULL,
	`added_on` text NOT NULL,
	`removed_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mobile_lines_member_idx` ON `mobile_lines` (`member_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`paid_on` text NOT NULL,
	`method` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_method_ck" CHECK(method = 'sepa' or method = 'card' or method = 'amex' or method = 'transfer'),
	CONSTRAINT "payments_amount_ck" CHECK(amount_cents > 0)
);
--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `pending_charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`intervention_id` integer,
	`label` text NOT NULL,
	`ttc_cents` integer NOT NULL,
	`due_on` text NOT NULL,
	`invoice_line_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`intervention_id`) REFERENCES `interventions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pending_charges_ttc_ck" CHECK(ttc_cents > 0)
);
--> statement-breakpoint
CREATE INDEX `pending_charges_member_idx` ON `pending_charges` (`member_id`);--> statement-breakpoint
CREATE TABLE `prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item` text NOT NULL,
	`ttc_cents` integer,
	`effective_from` text NOT NULL,
	`announced_on` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "prices_item_ck" CHECK(item = 'entry_fee' or item = 'subscription' or item = 'extra_site' or item = 'extra_mailbox' or item = 'mailbox_pack_5' or item = 'mailbox_pack_10' or item = 'concierge_privilege' or item = 'office_assistance' or item = 'bitdefender' or item = 'mail' or item = 'travel' or item = 'technician_hour' or item = 'technician_half_hour' or item = 'technician_hour_off' or item = 'technician_half_hour_off' or item = 'coach_hour' or item = 'coach_half_hour'),
	CONSTRAINT "prices_ttc_ck" CHECK(ttc_cents is null or ttc_cents >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_item_from_uq` ON `prices` (`item`,`effective_from`);--> statement-breakpoint
CREATE TABLE `protected_devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`label` text NOT NULL,
	`added_on` text NOT NULL,
	`removed_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `protected_devices_member_idx` ON `protected_devices` (`member_id`);--> statement-breakpoint
CREATE TABLE `sequences` (
	`name` text PRIMARY KEY NOT NULL,
	`last_value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address_id` integer NOT NULL,
	`label` text,
	`started_on` text NOT NULL,
	`ended_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`address_id`) REFERENCES `addresses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_address_idx` ON `subscriptions` (`address_id`);--> statement-breakpoint
CREATE TABLE `terminations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`reason` text NOT NULL,
	`requested_on` text NOT NULL,
	`notice_date` text,
	`effective_on` text NOT NULL,
	`by_whom` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "terminations_reason_ck" CHECK(reason = 'member_request' or reason = 'orange_lost' or reason = 'breach' or reason = 'incompatible_offer' or reason = 'unpaid' or reason = 'force_majeure')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terminations_member_uq` ON `terminations` (`member_id`);--> statement-breakpoint
CREATE TABLE `zone_departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`department` text NOT NULL,
	`zone_id` text,
	`effective_from` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`zone_id`) REFERENCES `zones`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `zone_departments_dep_from_uq` ON `zone_departments` (`department`,`effective_from`);--> statement-breakpoint
CREATE TABLE `zones` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tier` text NOT NULL,
	CONSTRAINT "zones_tier_ck" CHECK(tier = 'A' or tier = 'B')
);
