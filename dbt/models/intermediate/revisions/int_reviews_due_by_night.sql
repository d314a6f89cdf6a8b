-- Child level, for every revision night of every month: each period of care
-- open in the month, its next review's due date from the reviews recorded
-- by the night, the trace of that review in a plan recorded by the night
-- (if any), and the review as known tonight. Intermediate only (never
-- published): int_reviews_not_yet_recorded turns it into counts.
{{ reviews_due_by_night(ref('int_revision_nights')) }}
