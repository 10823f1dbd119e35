ALTER TABLE `audit_log` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `erased_by` integer;