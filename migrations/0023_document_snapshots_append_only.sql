-- Frozen documents (issue 21): a snapshot states what its document said when issued, and a
-- seller version what the club's identity was: never changed. An invoice's snapshot is part
-- of the books and never deleted; a quote's or a notice's goes with its document (annex 5 purge).
CREATE TRIGGER document_snapshots_no_update BEFORE UPDATE ON document_snapshots BEGIN SELECT RAISE(ABORT, 'a frozen document is never changed'); END;
--> statement-breakpoint
CREATE TRIGGER document_snapshots_no_delete BEFORE DELETE ON document_snapshots WHEN old.invoice_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'an invoice''s frozen document is never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER seller_versions_no_update BEFORE UPDATE ON seller_versions BEGIN SELECT RAISE(ABORT, 'a seller version is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER seller_versions_no_delete BEFORE DELETE ON seller_versions BEGIN SELECT RAISE(ABORT, 'a seller version is never changed or deleted'); END;
