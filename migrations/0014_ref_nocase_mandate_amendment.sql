ALTER TABLE `sepa_debits` ADD `debtor_iban` text;--> statement-breakpoint
ALTER TABLE `sepa_debits` ADD `original_iban` text;--> statement-breakpoint
ALTER TABLE `sepa_mandates` ADD `amended_from_iban` text;--> statement-breakpoint
UPDATE `sepa_debits` SET `debtor_iban` = (SELECT `iban` FROM `sepa_mandates` WHERE `sepa_mandates`.`id` = `sepa_debits`.`mandate_id`);--> statement-breakpoint
UPDATE `candidacies` SET `ref` = `ref` || '~' || `id` WHERE `id` NOT IN (SELECT min(`id`) FROM `candidacies` GROUP BY `ref` COLLATE NOCASE);--> statement-breakpoint
CREATE UNIQUE INDEX `candidacies_ref_nocase_uq` ON `candidacies` ("ref" collate nocase);
