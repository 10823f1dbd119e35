CREATE TABLE `billing_cursors` (
	`key` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`billed_through` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
