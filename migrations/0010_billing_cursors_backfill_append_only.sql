-- billing_cursors (0009) rebuilt WITHOUT ROWID: the run moves one cursor per billed item
-- (200 000 for 100 000 members), and a table keyed by its text primary key alone is one
-- b-tree instead of two (src/db/schema.ts cannot say it; the columns are the same).
DROP TABLE billing_cursors;
--> statement-breakpoint
CREATE TABLE `billing_cursors` (
	`key` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`billed_through` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
-- The monthly run's cursors (issue 7), backfilled from what is already billed: each
-- recurring item's last billed period (from its lines' source keys `KEY:YYYY-MM`), and
-- each imported member's floor (`member:ID`: the month the previous system billed
-- through, else the month of the import).
INSERT INTO billing_cursors (key, member_id, billed_through)
SELECT substr(l.source_key, 1, length(l.source_key) - 8), i.member_id, max(l.period)
FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
WHERE l.kind IN ('subscription', 'option') AND l.source_key IS NOT NULL AND l.period IS NOT NULL
GROUP BY substr(l.source_key, 1, length(l.source_key) - 8);
--> statement-breakpoint
INSERT INTO billing_cursors (key, member_id, billed_through)
SELECT 'member:' || id, id, coalesce(billed_through, substr(created_at, 1, 7))
FROM members WHERE billed_through IS NOT NULL OR imported_from IS NOT NULL;
--> statement-breakpoint
-- Credit-balance allocations and refunds are money movements, like payments: append-only.
CREATE TRIGGER credit_allocations_no_update BEFORE UPDATE ON credit_allocations BEGIN SELECT RAISE(ABORT, 'a credit allocation is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER credit_allocations_no_delete BEFORE DELETE ON credit_allocations BEGIN SELECT RAISE(ABORT, 'a credit allocation is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds BEGIN SELECT RAISE(ABORT, 'a recorded refund is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds BEGIN SELECT RAISE(ABORT, 'a recorded refund is never changed or deleted'); END;
