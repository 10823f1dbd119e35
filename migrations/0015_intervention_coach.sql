ALTER TABLE `interventions` ADD `coach` text;--> statement-breakpoint
ALTER TABLE `interventions` ADD `coach_key` text;--> statement-breakpoint
CREATE INDEX `interventions_coach_idx` ON `interventions` (`coach_key`,`start_at`) WHERE coach_key is not null;