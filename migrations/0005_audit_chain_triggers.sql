-- The audit log is a hash chain (src/db/audit.ts). Nothing enters it without its hashes,
-- and the only change SQLite lets through is the annex 5 erasure: the content of an entry
-- (not about the books) replaced by 'null', its hashes kept, by a later recorded 'erase'
-- entry; or the one-time chaining of entries written before the chain existed.
DROP TRIGGER audit_log_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT (new.id = old.id AND new.created_at = old.created_at AND new.operator = old.operator AND new.command = old.command AND new.entity = old.entity AND new.entity_id IS old.entity_id AND new.action = old.action AND ((old.hash IS NOT NULL AND new.hash = old.hash AND new.content_hash = old.content_hash AND old.erased_by IS NULL AND new.change = 'null' AND old.entity <> 'invoice' AND old.entity <> 'payment' AND EXISTS (SELECT 1 FROM audit_log e WHERE e.id = new.erased_by AND e.id > old.id AND e.entity = 'audit_log' AND e.action = 'erase')) OR (old.hash IS NULL AND old.content_hash IS NULL AND old.erased_by IS NULL AND new.hash IS NOT NULL AND new.content_hash IS NOT NULL AND new.erased_by IS NULL AND new.change = old.change))) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN new.hash IS NULL OR new.content_hash IS NULL BEGIN SELECT RAISE(ABORT, 'audit entries are appended through src/db/audit.ts (hash chain)'); END;
