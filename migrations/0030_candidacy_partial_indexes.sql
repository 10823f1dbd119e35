DROP INDEX `candidacies_status_idx`;--> statement-breakpoint
CREATE INDEX `candidacies_decided_idx` ON `candidacies` (`status`) WHERE status in ('accepted', 'rejected', 'member', 'withdrawn');--> statement-breakpoint
CREATE INDEX `candidacies_sponsor_idx` ON `candidacies` (`sponsor_member_no`,`status`) WHERE sponsor_member_no is not null;