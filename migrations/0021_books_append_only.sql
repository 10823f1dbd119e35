-- Issue 28, the books. A reversal un-pays a payment: it is a money movement like the
-- payment itself, append-only (and covered by the audit entry of the bank's return).
CREATE TRIGGER payment_reversals_no_update BEFORE UPDATE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'a payment reversal is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER payment_reversals_no_delete BEFORE DELETE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'a payment reversal is never changed or deleted'); END;
--> statement-breakpoint
-- The annex 5 erasure may also empty an entry's command line (entries written before issue
-- 28 recorded the values typed: e-mails, IBANs, an SMTP password); its hashes are kept.
DROP TRIGGER audit_log_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT (new.id = old.id AND new.created_at = old.created_at AND new.operator = old.operator AND new.entity = old.entity AND new.entity_id IS old.entity_id AND new.action = old.action AND ((old.hash IS NOT NULL AND new.hash = old.hash AND new.content_hash = old.content_hash AND old.erased_by IS NULL AND new.change = 'null' AND (new.command = old.command OR new.command = '') AND old.entity <> 'invoice' AND old.entity <> 'payment' AND EXISTS (SELECT 1 FROM audit_log e WHERE e.id = new.erased_by AND e.id > old.id AND e.entity = 'audit_log' AND e.action = 'erase')) OR (old.hash IS NULL AND old.content_hash IS NULL AND old.erased_by IS NULL AND new.hash IS NOT NULL AND new.content_hash IS NOT NULL AND new.erased_by IS NULL AND new.change = old.change AND new.command = old.command))) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
