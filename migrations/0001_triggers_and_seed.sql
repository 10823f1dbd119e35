-- Append-only audit log (issue 2): SQLite itself refuses changes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices BEGIN SELECT RAISE(ABORT, 'an issued invoice is never changed or deleted (art. 7.3): issue a credit note'); END;
--> statement-breakpoint
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices BEGIN SELECT RAISE(ABORT, 'an issued invoice is never changed or deleted (art. 7.3): issue a credit note'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines BEGIN SELECT RAISE(ABORT, 'an issued invoice line is never changed or deleted (art. 7.3): issue a credit note'); END;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines BEGIN SELECT RAISE(ABORT, 'an issued invoice line is never changed or deleted (art. 7.3): issue a credit note'); END;
--> statement-breakpoint
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'a recorded payment is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'a recorded payment is never changed or deleted'); END;
--> statement-breakpoint
-- Coverage zones (definitions, RULES.md §1), effective from the contract version of 01/06/2025.
INSERT INTO zones (id, name, tier) VALUES ('paris', 'Région Parisienne', 'A'), ('sud', 'Zone Sud', 'A'), ('nord', 'Zone Nord', 'B'), ('grand_ouest', 'Zone Grand Ouest', 'B'), ('grand_sud_ouest', 'Zone Grand Sud-Ouest', 'B'), ('grand_est', 'Zone Grand Est', 'B');
--> statement-breakpoint
INSERT INTO zone_departments (department, zone_id, effective_from) VALUES ('75', 'paris', '2025-06-01'), ('77', 'paris', '2025-06-01'), ('78', 'paris', '2025-06-01'), ('91', 'paris', '2025-06-01'), ('92', 'paris', '2025-06-01'), ('93', 'paris', '2025-06-01'), ('94', 'paris', '2025-06-01'), ('95', 'paris', '2025-06-01'), ('2A', 'sud', '2025-06-01'), ('2B', 'sud', '2025-06-01'), ('13', 'sud', '2025-06-01'), ('84', 'sud', '2025-06-01'), ('06', 'sud', '2025-06-01'), ('83', 'sud', '2025-06-01'), ('69', 'sud', '2025-06-01'), ('01', 'sud', '2025-06-01'), ('73', 'sud', '2025-06-01'), ('74', 'sud', '2025-06-01'), ('98', 'sud', '2025-06-01'), ('02', 'nord', '2025-06-01'), ('51', 'nord', '2025-06-01'), ('59', 'nord', '2025-06-01'), ('60', 'nord', '2025-06-01'), ('62', 'nord', '2025-06-01'), ('80', 'nord', '2025-06-01'), ('14', 'grand_ouest', '2025-06-01'), ('27', 'grand_ouest', '2025-06-01'), ('28', 'grand_ouest', '2025-06-01'), ('49', 'grand_ouest', '2025-06-01'), ('50', 'grand_ouest', '2025-06-01'), ('61', 'grand_ouest', '2025-06-01'), ('76', 'grand_ouest', '2025-06-01'), ('22', 'grand_ouest', '2025-06-01'), ('35', 'grand_ouest', '2025-06-01'), ('53', 'grand_ouest', '2025-06-01'), ('56', 'grand_ouest', '2025-06-01'), ('44', 'grand_ouest', '2025-06-01'), ('85', 'grand_ouest', '2025-06-01'), ('18', 'grand_ouest', '2025-06-01'), ('36', 'grand_ouest', '2025-06-01'), ('37', 'grand_ouest', '2025-06-01'), ('41', 'grand_ouest', '2025-06-01'), ('45', 'grand_ouest', '2025-06-01'), ('72', 'grand_ouest', '2025-06-01'), ('33', 'grand_sud_ouest', '2025-06-01'), ('40', 'grand_sud_ouest', '2025-06-01'), ('64', 'grand_sud_ouest', '2025-06-01'), ('31', 'grand_sud_ouest', '2025-06-01'), ('54', 'grand_est', '2025-06-01'), ('57', 'grand_est', '2025-06-01'), ('67', 'grand_est', '2025-06-01'), ('68', 'grand_est', '2025-06-01');
--> statement-breakpoint
-- Annex 1 prices, TTC in cents (RULES.md §0, §5). office_assistance, bitdefender and mail have no printed price: included (0).
INSERT INTO prices (item, ttc_cents, effective_from, announced_on) VALUES ('entry_fee', 150000, '2025-06-01', '2025-06-01'), ('subscription', 25000, '2025-06-01', '2025-06-01'), ('extra_site', 9000, '2025-06-01', '2025-06-01'), ('extra_mailbox', 1200, '2025-06-01', '2025-06-01'), ('mailbox_pack_5', 5500, '2025-06-01', '2025-06-01'), ('mailbox_pack_10', 10500, '2025-06-01', '2025-06-01'), ('concierge_privilege', 10000, '2025-06-01', '2025-06-01'), ('office_assistance', 0, '2025-06-01', '2025-06-01'), ('bitdefender', 0, '2025-06-01', '2025-06-01'), ('mail', 0, '2025-06-01', '2025-06-01'), ('travel', 10000, '2025-06-01', '2025-06-01'), ('technician_hour', 12000, '2025-06-01', '2025-06-01'), ('technician_half_hour', 6000, '2025-06-01', '2025-06-01'), ('technician_hour_off', 14000, '2025-06-01', '2025-06-01'), ('technician_half_hour_off', 7000, '2025-06-01', '2025-06-01'), ('coach_hour', 15000, '2025-06-01', '2025-06-01'), ('coach_half_hour', 7500, '2025-06-01', '2025-06-01');
--> statement-breakpoint
-- Legal interest rates, 'tous les autres cas' (RULES.md §6), hundredths of a percent.
INSERT INTO legal_rates (semester, rate_bp) VALUES ('2023-S1', 206), ('2023-S2', 422), ('2024-S1', 507), ('2024-S2', 492), ('2025-S1', 371), ('2025-S2', 276), ('2026-S1', 262);
