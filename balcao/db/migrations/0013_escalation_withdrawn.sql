-- A buyer who asked for a person and, before anyone took it, went on with the bot ("ah
-- deixa, vc msm resolve"): the escalation leaves the queue as `withdrawn` (issue #13), told
-- apart from one a person handed back or one nobody picked up.
ALTER TABLE escalations DROP CONSTRAINT IF EXISTS escalations_status_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_status_check
    CHECK (status IN ('waiting', 'assigned', 'returned', 'timed_out', 'closed', 'withdrawn'));
