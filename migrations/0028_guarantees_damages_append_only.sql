-- Money held and paid out (art. 7.1 guarantees, art. 11.1 damages) is part of the books like
-- payments: a request, a move of its money and a compensation paid are never changed or deleted.
CREATE TRIGGER guarantees_no_update BEFORE UPDATE ON guarantees BEGIN SELECT RAISE(ABORT, 'a financial guarantee is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER guarantees_no_delete BEFORE DELETE ON guarantees BEGIN SELECT RAISE(ABORT, 'a financial guarantee is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER guarantee_moves_no_update BEFORE UPDATE ON guarantee_moves BEGIN SELECT RAISE(ABORT, 'a guarantee''s recorded move is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER guarantee_moves_no_delete BEFORE DELETE ON guarantee_moves BEGIN SELECT RAISE(ABORT, 'a guarantee''s recorded move is never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER damages_paid_no_update BEFORE UPDATE ON damages_paid BEGIN SELECT RAISE(ABORT, 'damages paid are never changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER damages_paid_no_delete BEFORE DELETE ON damages_paid BEGIN SELECT RAISE(ABORT, 'damages paid are never changed or deleted'); END;
